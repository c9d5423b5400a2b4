/// A name (from the command line or a configuration file) that does not match any known choice.
///
/// ```swift
/// do { _ = try Activation(parsing: "relux") } catch {
///     print(error)   // unknown activation "relux"; expected one of: relu, leaky-relu, …
/// }
/// ```
public struct UnknownNameError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of thing was named ("activation", "loss", "optimizer").
    public let kind: String
    /// The name that was given.
    public let name: String
    /// The accepted names.
    public let known: [String]

    /// Creates an error for `name`, which is not one of `known`.
    public init(kind: String, name: String, known: [String]) {
        self.kind = kind
        self.name = name
        self.known = known
    }

    /// A readable message listing the accepted names.
    public var description: String {
        "unknown \(kind) \"\(name)\"; expected one of: \(known.joined(separator: ", "))"
    }
}
