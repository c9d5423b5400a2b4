/// What went wrong while reading or preparing a data set; every case names the file (and, for text formats, the
/// line and column) so the message alone is enough to find the problem.
///
/// ```swift
/// do {
///     _ = try IDXReader.read(path: "train-images-idx3-ubyte.gz")
/// } catch {
///     print(error)   // "train-images-idx3-ubyte.gz: bad magic number 0x1f8b0808 (expected 0x0000 then a type code)"
/// }
/// ```
public enum DataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// The file does not start with the magic number its format requires.
    case badMagic(path: String, found: String, expected: String)
    /// The file ends before all the data its header announces.
    case truncated(path: String, expected: Int, actual: Int)
    /// The file's header or contents are not valid for its format.
    case malformed(path: String, reason: String)
    /// A CSV cell or row is wrong.
    case csv(path: String, line: Int, column: String?, reason: String)
    /// Two files that must agree (images and labels) do not.
    case mismatch(path: String, reason: String)
    /// A required file is missing from a data directory.
    case missingFile(directory: String, names: [String], hint: String)

    /// A one-line message naming the file and what is wrong.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "\(path): cannot read: \(reason)"
        case .badMagic(let path, let found, let expected):
            "\(path): bad magic number \(found) (expected \(expected))"
        case .truncated(let path, let expected, let actual):
            "\(path): truncated: expected \(expected) bytes of data, found \(actual)"
        case .malformed(let path, let reason):
            "\(path): \(reason)"
        case .csv(let path, let line, let column, let reason):
            if let column {
                "\(path):\(line): column '\(column)': \(reason)"
            } else {
                "\(path):\(line): \(reason)"
            }
        case .mismatch(let path, let reason):
            "\(path): \(reason)"
        case .missingFile(let directory, let names, let hint):
            "\(directory): none of \(names.joined(separator: ", ")) found. \(hint)"
        }
    }
}
