import Foundation
import VernierData
import VernierNN
import VernierOptimizers
import VernierTensor
import VernierTraining

/// One run of a supervised experiment that the fused, allocation-free ``VectorizedMLPTrainer`` can do instead of
/// the tape-based ``Trainer``: an MLP without dropout or augmentation, a loss, optimizer and activations the fused
/// step implements, and an objective metric measured on the validation set.
///
/// The fused run follows the sequential run's path exactly (same initial weights, batch order and update rule;
/// see ``VectorizedMLPTrainer``), so a trial's value agrees with `Trainer` to float rounding, and it does not
/// depend on which other runs train beside it. Runs with the same ``groupKey`` can train as one
/// ``VectorizedMLPTrainer``: they differ only in seed, learning rate, momentum and weight decay.
///
/// ```swift
/// let configuration = try SupervisedExperiment.spirals.configuration(["epochs": "5"])
/// if let plan = try FusedTrainingPlan(SupervisedExperiment.spirals, configuration, seed: 0, metric: "val_accuracy") {
///     let outcome = FusedTrainingPlan.train([plan], observed: [true]) { _, epoch, values in print(epoch, values) }
/// }
/// ```
public struct FusedTrainingPlan: Sendable {
    /// Runs with equal keys share everything but the ``member``'s hyperparameters (and can train together).
    public let groupKey: String
    /// Layer widths, input first.
    public let sizes: [Int]
    /// The hidden activation.
    public let activation: Activation
    /// The output activation (`nil`: none).
    public let output: Activation?
    /// The loss.
    public let loss: Loss
    /// The update rule.
    public let optimizer: VectorizedOptimizer
    /// Samples per step.
    public let batchSize: Int
    /// Passes over the training data.
    public let epochs: Int
    /// Seed, learning rate, momentum and weight decay of this run.
    public let member: VectorizedMember
    /// The prepared data (targets adapted to the loss, standardized when the configuration says so).
    public let splits: DatasetSplits
    /// The validation metrics the sequential run records (`accuracy` or `mse`).
    public let metrics: [Metric]

    /// The plan for training `configuration` of `experiment` with `seed`, or `nil` when the fused step cannot do
    /// it (a CNN, dropout, augmentation, an optimizer, loss or activation it does not implement, no validation
    /// set, or a `metric` other than the validation loss or metric). Throws what loading the data throws, and when
    /// the output activation contradicts the loss (``OutputActivation``).
    ///
    /// ```swift
    /// let plan = try FusedTrainingPlan(SupervisedExperiment.iris, configuration, seed: 3, metric: "val_accuracy")
    /// ```
    public init?(
        _ experiment: any Experiment, _ configuration: ExperimentConfiguration, seed: UInt64, metric: String
    ) throws {
        guard let supervised = experiment as? SupervisedExperiment else { return nil }
        if supervised.imageShape != nil && configuration.string("model") == "cnn" { return nil }
        if supervised.keyNames.contains("augment") && configuration.bool("augment") { return nil }
        guard configuration.double("dropout") == 0, configuration.integer("epochs") > 0 else { return nil }
        guard let kind = try? OptimizerKind(parsing: configuration.string("optimizer")) else { return nil }
        let momentum = configuration.optionalDouble("momentum").map(Float.init)
        let rule: VectorizedOptimizer
        let memberMomentum: Float
        switch kind {
        case .sgd: (rule, memberMomentum) = (.sgd, momentum ?? 0)
        case .momentum: (rule, memberMomentum) = (.sgd, momentum ?? 0.9)
        case .adam: (rule, memberMomentum) = (.adam(), 0)
        case .rmsprop: (rule, memberMomentum) = (.rmsprop(), momentum ?? 0)
        default: return nil
        }
        guard let loss = try? Loss(parsing: configuration.string("loss")),
            let activation = try? Activation(parsing: configuration.string("activation"))
        else { return nil }
        let (splits, sizes) = try supervised.prepare(configuration)
        let output = try supervised.outputActivation(configuration).activation
        let metrics: [Metric] = splits.classNames.isEmpty ? [.meanSquaredError] : [.accuracy]
        let known = ["val_loss"] + metrics.map { "val_\($0.rawValue)" }
        guard known.contains(metric), splits.validation.count > 0, splits.train.count > 0,
            splits.train.features.rank == 2, splits.train.features.shape[1] == sizes[0],
            splits.train.targets.count == splits.train.count * (loss == .crossEntropy ? 1 : sizes[sizes.count - 1])
        else { return nil }
        let member = VectorizedMember(
            seed: seed, learningRate: Float(configuration.double("lr")), momentum: memberMomentum,
            weightDecay: Float(configuration.double("weight-decay")))
        do {
            try VectorizedMLPTrainer.checkSupport(
                sizes: sizes, activation: activation, output: output, loss: loss,
                batchSize: configuration.integer("batch-size"))
        } catch {
            return nil
        }
        var shared = configuration.values
        for key in ["lr", "momentum", "weight-decay", "seed"] { shared[key] = nil }
        groupKey =
            "\(supervised.name)|" + shared.keys.sorted().map { "\($0)=\(shared[$0]!)" }.joined(separator: "|")
        self.sizes = sizes
        self.activation = activation
        self.output = output
        self.loss = loss
        optimizer = rule
        batchSize = configuration.integer("batch-size")
        epochs = configuration.integer("epochs")
        self.member = member
        self.splits = splits
        self.metrics = metrics
    }

    /// The outcome of one fused run: its values after each epoch it trained (`val_loss` and `val_<metric>`;
    /// only the last epoch for runs that were not observed), or why it failed.
    public struct Outcome: Sendable {
        /// Validation values per epoch, 1-based epoch = index + 1 (only the last for unobserved runs).
        public var epochs: [[String: Double]]
        /// The number of epochs trained.
        public var epochsTrained: Int
        /// Why the run failed (a non-finite training loss, or what `onEpoch` threw), `nil` when it completed.
        public var failure: (any Error & Sendable)?

        /// The last epoch's values.
        public var final: [String: Double] { epochs.last ?? [:] }
    }

    /// Trains compatible plans (equal ``groupKey``) together and returns one outcome per plan.
    ///
    /// Observed plans are evaluated on the validation set after every epoch (and `onEpoch(plan, epoch, values)`
    /// is called for them, in order; what it throws, e.g. ``TrialPruned``, ends that plan with the error);
    /// the others only after the last epoch. Without `onEpoch` the plans are split across up to `threads`
    /// threads, each training its share as one ``VectorizedMLPTrainer`` (the plans are independent, so the
    /// split changes no result).
    ///
    /// ```swift
    /// let outcomes = FusedTrainingPlan.train(plans, observed: plans.map { _ in false }, threads: 2)
    /// ```
    public static func train(
        _ plans: [FusedTrainingPlan], observed: [Bool], threads: Int = 1,
        onEpoch: ((Int, Int, [String: Double]) throws -> Void)? = nil
    ) -> [Outcome] {
        precondition(plans.count == observed.count, "FusedTrainingPlan.train: one observed flag per plan")
        guard let first = plans.first else { return [] }
        precondition(plans.allSatisfy { $0.groupKey == first.groupKey }, "FusedTrainingPlan.train: mixed groups")
        let shares = onEpoch == nil ? Swift.max(1, Swift.min(threads, plans.count)) : 1
        if shares == 1 {
            return trainShare(plans, observed: observed, onEpoch: onEpoch)
        }
        let chunk = (plans.count + shares - 1) / shares
        let ranges = stride(from: 0, to: plans.count, by: chunk).map { $0..<Swift.min($0 + chunk, plans.count) }
        let results = OutcomeSlots(count: ranges.count)
        // Small products on several threads: BLAS's own threads would only spin against ours.
        let blasThreads = MatrixMultiply.threadCount
        MatrixMultiply.threadCount = 1
        defer { MatrixMultiply.threadCount = blasThreads }
        DispatchQueue.concurrentPerform(iterations: ranges.count) { index in
            let range = ranges[index]
            results.set(index, trainShare(Array(plans[range]), observed: Array(observed[range]), onEpoch: nil))
        }
        return results.values.flatMap { $0 }
    }

    /// Trains one share of a group as one ``VectorizedMLPTrainer``, epoch by epoch.
    private static func trainShare(
        _ plans: [FusedTrainingPlan], observed: [Bool], onEpoch: ((Int, Int, [String: Double]) throws -> Void)?
    ) -> [Outcome] {
        let first = plans[0]
        var outcomes = plans.map { _ in Outcome(epochs: [], epochsTrained: 0, failure: nil) }
        let trainer: VectorizedMLPTrainer
        do {
            trainer = try VectorizedMLPTrainer(
                sizes: first.sizes, activation: first.activation, output: first.output, loss: first.loss,
                optimizer: first.optimizer, batchSize: first.batchSize, members: plans.map(\.member))
        } catch {
            return plans.map { _ in Outcome(epochs: [], epochsTrained: 0, failure: error) }
        }
        var active = Array(repeating: true, count: plans.count)
        for epoch in 1...first.epochs {
            do {
                _ = try trainer.fit(on: first.splits.train, epochs: 1)
            } catch {
                for index in plans.indices where active[index] { outcomes[index].failure = error }
                return outcomes
            }
            for index in plans.indices where active[index] {
                outcomes[index].epochsTrained = epoch
                if trainer.diverged[index] {
                    outcomes[index].failure = FusedTrainingError.diverged(
                        epoch: epoch, learningRate: plans[index].member.learningRate)
                    active[index] = false
                    continue
                }
                guard observed[index] || epoch == first.epochs else { continue }
                let values = validationValues(trainer.model(member: index), plan: plans[index])
                outcomes[index].epochs.append(values)
                guard observed[index], let onEpoch else { continue }
                do {
                    try onEpoch(index, epoch, values)
                } catch {
                    outcomes[index].failure = error
                    active[index] = false
                }
            }
            if !active.contains(true) { break }
        }
        return outcomes
    }

    /// `val_loss` and `val_<metric>` of `model` on the plan's validation set (what ``Trainer`` records).
    private static func validationValues(_ model: MLP, plan: FusedTrainingPlan) -> [String: Double] {
        let result = evaluate(model, on: plan.splits.validation, loss: plan.loss, metrics: plan.metrics)
        var values = ["val_loss": result.loss]
        for (name, value) in result.metrics { values["val_\(name)"] = value }
        return values
    }
}

/// Why a fused run stopped.
public enum FusedTrainingError: Error, Sendable, CustomStringConvertible {
    /// The training loss became NaN or infinite.
    case diverged(epoch: Int, learningRate: Float)

    /// A one-line explanation, worded like ``TrainingError/nonFiniteLoss(value:epoch:step:learningRate:)``.
    public var description: String {
        switch self {
        case .diverged(let epoch, let learningRate):
            "the loss became non-finite at epoch \(epoch) (learning rate \(learningRate)); "
                + "lower the learning rate or standardize the inputs"
        }
    }
}

/// Per-thread results of a split group, written once each.
private final class OutcomeSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [[FusedTrainingPlan.Outcome]]

    init(count: Int) { slots = Array(repeating: [], count: count) }

    func set(_ index: Int, _ outcomes: [FusedTrainingPlan.Outcome]) {
        lock.lock()
        slots[index] = outcomes
        lock.unlock()
    }

    var values: [[FusedTrainingPlan.Outcome]] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}
