import Foundation

/// The complete, validated settings of one experiment run: every key of the experiment with its value (the
/// default unless overridden). Built by ``Experiment/configuration(_:location:)``, which rejects unknown keys and
/// invalid values before anything runs.
///
/// ```swift
/// let configuration = try SpiralsExperiment().configuration(["lr": "0.1", "epochs": "20"])
/// configuration.double("lr")       // 0.1
/// configuration.integer("epochs")  // 20
/// ```
public struct ExperimentConfiguration: Sendable, Hashable, Codable {
    /// Every key's value, as normalized text.
    public private(set) var values: [String: String]

    /// Wraps already validated values (see ``Experiment/configuration(_:location:)``).
    public init(values: [String: String]) {
        self.values = values
    }

    /// The text value of `key` (empty when unset).
    public func string(_ key: String) -> String { values[key] ?? "" }

    /// The integer value of `key`.
    public func integer(_ key: String) -> Int {
        guard let value = Int(string(key)) else { preconditionFailure("configuration: '\(key)' is not an integer") }
        return value
    }

    /// The numeric value of `key`.
    public func double(_ key: String) -> Double {
        guard let value = Double(string(key)) else { preconditionFailure("configuration: '\(key)' is not a number") }
        return value
    }

    /// The numeric value of `key`, or `nil` when it is empty or `auto`.
    public func optionalDouble(_ key: String) -> Double? {
        let text = string(key)
        return text.isEmpty || text == "auto" ? nil : Double(text)
    }

    /// The boolean value of `key`.
    public func bool(_ key: String) -> Bool { string(key) == "true" }

    /// The layer sizes of `key`, with `auto` entries replaced by `input` / `output`.
    public func layerSizes(_ key: String, input: Int, output: Int) -> [Int] {
        let parts = string(key).split(separator: ",").map(String.init)
        return parts.enumerated().map { index, part in
            if part == "auto" { return index == 0 ? input : output }
            return Int(part)!
        }
    }

    /// A copy with `key` set to `value` (not validated; use for values already checked).
    public func setting(_ key: String, to value: String) -> ExperimentConfiguration {
        var copy = self
        copy.values[key] = value
        return copy
    }

    /// Splits `--set key=value` arguments (at the first `=`) into a dictionary; a later setting of the same key
    /// wins. Throws ``ConfigError/malformed(location:reason:)`` for an argument without a key.
    ///
    /// ```swift
    /// try ExperimentConfiguration.settings(from: ["lr=0.1", "layers=2,8,1"])   // ["lr": "0.1", "layers": "2,8,1"]
    /// ```
    public static func settings(from arguments: [String]) throws -> [String: String] {
        var settings: [String: String] = [:]
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
                throw ConfigError.malformed(location: "--set \(argument)", reason: "expected key=value")
            }
            settings[String(argument[..<equals])] = String(argument[argument.index(after: equals)...])
        }
        return settings
    }
}
