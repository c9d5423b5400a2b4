/// A wrong experiment setting: an unknown key, a value of the wrong kind, or a malformed configuration file.
/// Messages list what would have been valid.
///
/// ```swift
/// do { _ = try SpiralsExperiment().configuration(["lr": "fast"]) } catch { print(error) }
/// // lr: 'fast' is not valid; expected a number, e.g. lr=0.01
/// ```
public enum ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A key the experiment does not have.
    case unknownKey(_ key: String, valid: [String], location: String?)
    /// A value that does not parse or is out of range.
    case invalidValue(key: String, value: String, expected: String, location: String?)
    /// A setting that is missing but required (e.g. the CSV file).
    case missingValue(key: String, hint: String)
    /// A `--set` argument without `=`, or a configuration file that cannot be read or parsed.
    case malformed(location: String, reason: String)
    /// An experiment name that is not registered.
    case unknownExperiment(_ name: String, valid: [String])
    /// Settings that are each valid but do not fit together or do not fit the data.
    case inconsistent(String)

    /// A one-line message.
    public var description: String {
        switch self {
        case .unknownKey(let key, let valid, let location):
            "\(location.map { "\($0): " } ?? "")unknown key '\(key)'; valid keys: \(valid.joined(separator: ", "))"
        case .invalidValue(let key, let value, let expected, let location):
            "\(location.map { "\($0): " } ?? "")\(key): '\(value)' is not valid; expected \(expected)"
        case .missingValue(let key, let hint):
            "missing value for '\(key)': \(hint)"
        case .malformed(let location, let reason):
            "\(location): \(reason)"
        case .unknownExperiment(let name, let valid):
            "unknown experiment '\(name)'; valid experiments: \(valid.joined(separator: ", "))"
        case .inconsistent(let message):
            message
        }
    }
}
