/// Where a lab experiment writes what it is doing while it runs (which run, its epochs), so that a long lab shows
/// progress in a terminal or a log; ``silent`` for tests and `--quiet`.
///
/// ```swift
/// let progress = LabProgress { text in print(text, terminator: "") }
/// let text = try OptimizersLab().execute([:], writingTo: nil, progress: progress)
/// ```
public struct LabProgress: Sendable {
    /// Receives text ending in a newline.
    public let write: @Sendable (String) -> Void

    /// Creates a progress sink.
    public init(write: @escaping @Sendable (String) -> Void) { self.write = write }

    /// Writes nothing.
    public static let silent = LabProgress { _ in }
}
