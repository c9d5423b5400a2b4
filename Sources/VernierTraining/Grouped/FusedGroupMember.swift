import VernierOptimizers

/// What one trial of a `FusedTrialExecutor` group (VernierExperiments) sets: the seed that draws its initial
/// weights and its batch order, and its optimizer and hyperparameters (members of one group may use different
/// rules: each is its own ``Trainer`` run, scheduled by ``TrainingGroup``).
///
/// ```swift
/// let members = [0.1, 0.01, 0.001].map { FusedGroupMember(seed: 7, optimizer: .sgd(learningRate: Float($0))) }
/// ```
public struct FusedGroupMember: Sendable, Hashable {
    /// The run's ``TrainingRecipe/seed``: `Xoshiro256(seed:)` draws the initial weights, then `Trainer.fit`'s
    /// batch order.
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
