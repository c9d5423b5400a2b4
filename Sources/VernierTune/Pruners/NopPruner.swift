/// A pruner that never prunes (the default).
///
/// ```swift
/// let study = try Study(name: "s", direction: .minimize, storage: InMemoryStorage(), pruner: NopPruner())
/// ```
public struct NopPruner: Pruner {
    /// Creates the pruner.
    public init() {}

    /// Always `false`.
    public func shouldPrune(study: Study, trial: FrozenTrial) throws -> Bool { false }
}
