import VernierOptimizers

/// One member (one trial) of a ``FusedGroupTrainer`` run: the seed that draws its initial weights and its batch
/// order, and its own optimizer settings (every member of a group uses the same rule; the hyperparameters are
/// the member's).
///
/// ```swift
/// let members = [0.1, 0.01, 0.001].map { FusedGroupMember(seed: 7, optimizer: .sgd(learningRate: Float($0))) }
/// ```
public struct FusedGroupMember: Sendable, Hashable {
    /// Seeds the member's generator exactly as `Xoshiro256(seed:)` before `MLP(...)` and `Trainer.fit`.
    public var seed: UInt64
    /// The member's optimizer and hyperparameters.
    public var optimizer: OptimizerSettings

    /// Creates a member.
    ///
    /// ```swift
    /// let member = FusedGroupMember(seed: 3, optimizer: .sgd(learningRate: 0.05, momentum: 0.9))
    /// ```
    public init(seed: UInt64, optimizer: OptimizerSettings) {
        self.seed = seed
        self.optimizer = optimizer
    }
}
