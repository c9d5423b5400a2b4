import VernierData
import VernierNN
import VernierTraining
import VernierTune

/// Runs the trials of a study whose configurations share one network shape as groups: it asks a group of
/// trials, turns each into a ``FusedGroupMember`` (the trial suggests its seed and optimizer settings), trains each
/// member with ``Trainer`` (its ``TrainingRecipe``, scheduled over `threads` by ``TrainingGroup``, validated after
/// its last epoch only) and tells every trial its objective from the run's last validation values.
///
/// A member whose loss became NaN or infinite is told as failed with ``Trainer``'s
/// ``TrainingError/nonFiniteLoss(value:epoch:step:learningRate:)``. Each trial's result is exactly what a
/// sequential ``Trainer`` run of the same configuration gives.
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

    /// Runs up to `trials` trials of `study` in groups of at most `groupSize` on up to `threads` threads, and
    /// returns the numbers of the trials it finished (completed or failed). Stops early when the study has no
    /// more trials to give (a grid that is exhausted).
    ///
    /// Throws ``FusedUnsupported`` when the fused MLP step cannot train the configuration
    /// (``TrainingRecipe/fusedSupport()``); the trials already asked are then told as failed with the reason.
    public func optimize(
        _ study: Study, trials: Int, groupSize: Int = 100, threads: Int = 1, train: TensorDataset,
        validation: TensorDataset, configure: (Trial) throws -> FusedGroupMember
    ) throws -> [Int] {
        precondition(groupSize > 0, "FusedTrialExecutor: groupSize must be positive, got \(groupSize)")
        let data = DatasetSplits(train: train, validation: validation, test: validation.subset([Int]()))
        var finished: [Int] = []
        while finished.count < trials {
            var group: [Trial] = []
            var recipes: [TrainingRecipe] = []
            while group.count < Swift.min(groupSize, trials - finished.count) {
                guard let trial = try study.ask(maxTrials: nil) else { break }
                do {
                    recipes.append(recipe(try configure(trial), data: data))
                    group.append(trial)
                } catch {
                    try study.tell(trialNumber: trial.number, state: .failed, failReason: "\(error)")
                    finished.append(trial.number)
                }
            }
            if group.isEmpty { break }
            // Every member is the same MLP, loss and batch size on the same data: only the optimizer can differ.
            if let reason = recipes.lazy.compactMap(\.fusedRefusal).first {
                for trial in group {
                    try study.tell(trialNumber: trial.number, state: .failed, failReason: "\(reason)")
                }
                throw reason
            }
            let runs = TrainingGroup.run(count: recipes.count, threads: threads) { [recipes] index in
                Result { () throws -> TrainingHistory in
                    var trainer = recipes[index].trainer()
                    trainer.recordStepLosses = false
                    trainer.computeTrainMetrics = false
                    trainer.validatesEveryEpoch = false
                    return try recipes[index].train(with: trainer).history
                }
            }
            for (trial, run) in zip(group, runs) {
                switch run {
                case .success(let history):
                    let last = history.epochs.last
                    let value = metric.map { last?.validationMetrics[$0.rawValue] ?? .nan } ?? last?.validationLoss
                    try study.tell(trial, value: value ?? .nan)
                case .failure(let error):
                    try study.tell(trialNumber: trial.number, state: .failed, failReason: "\(error)")
                }
                finished.append(trial.number)
            }
        }
        return finished
    }

    /// The run of `member`: this executor's MLP, loss, batch size, epochs and objective metric on `data`.
    func recipe(_ member: FusedGroupMember, data: DatasetSplits) -> TrainingRecipe {
        TrainingRecipe(
            model: .mlp(sizes: sizes, activation: activation, output: output, dropout: 0), loss: loss,
            optimizer: member.optimizer, batchSize: batchSize, epochs: epochs, metrics: metric.map { [$0] } ?? [],
            seed: member.seed, data: data)
    }
}

extension TrainingRecipe {
    /// Why ``Trainer`` would not train this recipe with a fused step (``fusedSupport()``), `nil` when it would
    /// (an executor's recipe is an MLP, so its fused step is the MLP's).
    fileprivate var fusedRefusal: FusedUnsupported? {
        if case .failure(let reason) = fusedSupport() { reason } else { nil }
    }
}
