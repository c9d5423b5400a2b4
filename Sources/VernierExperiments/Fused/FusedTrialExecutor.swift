import VernierData
import VernierNN
import VernierTraining
import VernierTune

/// Runs the trials of a study whose configurations share one network shape as fused groups: it asks a group
/// of trials, turns each into a ``FusedGroupMember`` (the trial suggests its seed and optimizer settings), trains
/// the whole group as one ``FusedGroupTrainer`` pass and tells every trial its objective on the validation set.
///
/// A member whose loss became NaN or infinite is told as failed. Each trial's result is what a sequential
/// ``Trainer`` run of the same configuration gives (see ``FusedGroupTrainer``).
///
/// ```swift
/// let study = try Study(name: "lr", direction: .minimize, storage: InMemoryStorage(), sampler: SobolSampler(seed: 0))
/// let executor = FusedTrialExecutor(
///     sizes: [2, 10, 1], activation: .relu, output: .sigmoid, loss: .meanSquaredError, batchSize: 10, epochs: 10)
/// let run = try executor.optimize(study, trials: 100, train: spirals.train, validation: spirals.validation) { trial in
///     FusedGroupMember(
///         seed: UInt64(try trial.suggestInt("seed", in: 0...9)),
///         optimizer: .sgd(learningRate: Float(try trial.suggestFloat("lr", in: 1e-3...1e-1, log: true))))
/// }
/// ```
public struct FusedTrialExecutor: Sendable {
    /// The layer widths, input first.
    public var sizes: [Int]
    /// The hidden activation.
    public var activation: Activation
    /// The output activation (`nil`: none).
    public var output: Activation?
    /// The loss minimized during training.
    public var loss: Loss
    /// Samples per step.
    public var batchSize: Int
    /// Passes over the training data.
    public var epochs: Int
    /// The objective told to the study: `nil` for the validation loss, else this validation metric.
    public var metric: Metric?

    /// Creates an executor.
    ///
    /// ```swift
    /// let executor = FusedTrialExecutor(
    ///     sizes: [2, 32, 32, 1], activation: .tanh, output: nil, loss: .binaryCrossEntropyWithLogits,
    ///     batchSize: 10, epochs: 30, metric: .accuracy)
    /// ```
    public init(
        sizes: [Int], activation: Activation, output: Activation?, loss: Loss, batchSize: Int, epochs: Int,
        metric: Metric? = nil
    ) {
        self.sizes = sizes
        self.activation = activation
        self.output = output
        self.loss = loss
        self.batchSize = batchSize
        self.epochs = epochs
        self.metric = metric
    }

    /// Runs up to `trials` trials of `study` in groups of at most `groupSize`, and returns the numbers of the
    /// trials it finished (completed or failed). Stops early when the study has no more trials to give (a grid
    /// that is exhausted).
    ///
    /// Throws ``FusedUnsupported`` when the fused step cannot train the configuration; the trials already asked
    /// are then told as failed with the reason.
    public func optimize(
        _ study: Study, trials: Int, groupSize: Int = 100, train: TensorDataset, validation: TensorDataset,
        configure: (Trial) throws -> FusedGroupMember
    ) throws -> [Int] {
        precondition(groupSize > 0, "FusedTrialExecutor: groupSize must be positive, got \(groupSize)")
        var finished: [Int] = []
        while finished.count < trials {
            var group: [Trial] = []
            var members: [FusedGroupMember] = []
            while group.count < Swift.min(groupSize, trials - finished.count) {
                guard let trial = try study.ask(maxTrials: nil) else { break }
                do {
                    members.append(try configure(trial))
                    group.append(trial)
                } catch {
                    try study.tell(trialNumber: trial.number, state: .failed, failReason: "\(error)")
                    finished.append(trial.number)
                }
            }
            if group.isEmpty { break }
            let trainer: FusedGroupTrainer
            do {
                trainer = try FusedGroupTrainer(
                    sizes: sizes, activation: activation, output: output, loss: loss, batchSize: batchSize,
                    members: members)
                _ = try trainer.fit(on: train, epochs: epochs)
            } catch {
                for trial in group {
                    try study.tell(trialNumber: trial.number, state: .failed, failReason: "\(error)")
                }
                throw error
            }
            for (index, trial) in group.enumerated() {
                if let divergence = trainer.divergence[index] {
                    try study.tell(trialNumber: trial.number, state: .failed, failReason: divergence.description)
                } else {
                    let result = evaluate(
                        trainer.model(member: index), on: validation, loss: loss, metrics: metric.map { [$0] } ?? [])
                    let value = metric.map { result.metrics[$0.rawValue] ?? .nan } ?? result.loss
                    try study.tell(trial, value: value)
                }
                finished.append(trial.number)
            }
        }
        return finished
    }
}
