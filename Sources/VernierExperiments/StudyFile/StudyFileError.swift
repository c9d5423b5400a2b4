/// An error in a study file, naming the file, the line and the field.
///
/// ```swift
/// do { _ = try StudyFile.load(path: "study.yaml") }
/// catch let error as StudyFileError { print(error) }   // study.yaml:7: parameters.lr.low: ...
/// ```
public struct StudyFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file (or `<string>`).
    public var file: String
    /// The 1-based line, when known.
    public var line: Int?
    /// The dotted path of the field, e.g. `parameters.lr.low`.
    public var field: String
    /// What is wrong.
    public var message: String

    /// Creates an error.
    ///
    /// ```swift
    /// let error = StudyFileError(file: "s.yaml", line: 3, field: "trials", message: "must be positive")
    /// ```
    public init(file: String, line: Int?, field: String, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// `file:line: field: message`.
    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(field.isEmpty ? "" : "\(field): ")\(message)"
    }
}
