/// Why a checkpoint could not be read or does not fit a model.
///
/// ```swift
/// do { try Checkpoint.load(into: &model, from: url) } catch { print(error) }
/// ```
public enum CheckpointError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The file is not valid safetensors.
    case invalid(path: String, reason: String)
    /// The file is valid but does not match the model (missing tensor, other shape).
    case mismatch(path: String, reason: String)

    /// A one-line message naming the file.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): cannot read checkpoint: \(reason)"
        case .invalid(let path, let reason): "\(path): not a valid safetensors file: \(reason)"
        case .mismatch(let path, let reason): "\(path): checkpoint does not fit the model: \(reason)"
        }
    }
}
