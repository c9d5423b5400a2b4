import Foundation
import VernierData
import VernierNN
import VernierOptimizers
import VernierTensor
import VernierTraining

/// One run of a supervised experiment that the fused, allocation-free ``FusedGroupTrainer`` can do instead of
/// the tape-based ``Trainer``: a ``TrainingRecipe`` of an MLP without dropout or augmentation whose loss,
/// activations and optimizer ``FusedSupport`` accepts, and an objective metric measured on the validation set.
///
/// The fused run follows the sequential run's path exactly (same initial weights, batch order and update rule;
/// see ``FusedGroupTrainer``), so a trial's value agrees with `Trainer` to float rounding, and it does not
/// depend on which other runs train beside it. Runs with the same ``groupKey`` can train as one
/// ``FusedGroupTrainer``: they differ only in seed and optimizer hyperparameters.
///
/// ```swift
/// let configuration = try SupervisedExperiment.spirals.configuration(["epochs": "5"])
/// if let plan = try FusedTrainingPlan(SupervisedExperiment.spirals, configuration, seed: 0, metric: "val_accuracy") {
///     let outcome = FusedTrainingPlan.train([plan], observed: [true]) { _, epoch, values in print(epoch, values) }
/// }
/// ```
public struct FusedTrainingPlan: Sendable {
    /// Runs with equal keys share everything but the ``member``'s seed and optimizer hyperparameters (and can
    /// train together).
    public let groupKey: FusedGroupKey
    /// The validated run.
    public let recipe: TrainingRecipe
    /// Layer widths, input first.
    public let sizes: [Int]
    /// Seed and optimizer settings of this run.
    public let member: FusedGroupMember

    /// The loss.
    public var loss: Loss { recipe.loss }

    /// The plan for training `configuration` of `experiment` with `seed`, or `nil` when the fused step cannot do
    /// it (what ``support(_:metric:)`` says). Throws what validating the configuration into a recipe throws
    /// (``SupervisedExperiment/recipe(_:seed:)``).
    ///
    /// ```swift
    /// let plan = try FusedTrainingPlan(SupervisedExperiment.iris, configuration, seed: 3, metric: "val_accuracy")
    /// ```
    public init?(
        _ experiment: any Experiment, _ configuration: ExperimentConfiguration, seed: UInt64, metric: String
    ) throws {
        guard let supervised = experiment as? SupervisedExperiment else { return nil }
        let data = try supervised.dataRecipe(configuration)
        let recipe = try supervised.recipe(configuration, data: data, seed: seed)
        self.init(
            recipe, groupKey: FusedGroupKey(experiment: supervised.name, data: data, recipe: recipe), metric: metric)
    }

    /// The plan for a validated `recipe`, or `nil` when the fused step cannot train it (``support(_:metric:)``);
    /// `groupKey` names what it shares with the runs it may train beside (``FusedGroupKey``).
    public init?(_ recipe: TrainingRecipe, groupKey: FusedGroupKey, metric: String) {
        guard case .success(let sizes) = Self.support(recipe, metric: metric) else { return nil }
        self.groupKey = groupKey
        self.recipe = recipe
        self.sizes = sizes
        member = FusedGroupMember(seed: recipe.seed, optimizer: recipe.optimizer)
    }

    /// The layer sizes when a grouped fused run can train `recipe` and report `metric`, else why not: an MLP
    /// without dropout or augmentation, at least one epoch, training and validation data, a `metric` that is the
    /// validation loss or a validation metric, an optimizer with a flat update, and what ``FusedSupport`` checks.
    public static func support(_ recipe: TrainingRecipe, metric: String) -> Result<[Int], FusedUnsupported> {
        guard case .mlp(let sizes, let activation, let output, let dropout) = recipe.model else {
            return .failure(.model("cnn"))
        }
        guard dropout == 0 else { return .failure(.dropout(dropout)) }
        guard recipe.augmentation == nil else { return .failure(.augmentation) }
        guard recipe.optimizer.makeFlatOptimizer() != nil else {
            return .failure(.optimizer(recipe.optimizer.name.rawValue))
        }
        let known = ["val_loss"] + recipe.metrics.map { "val_\($0.rawValue)" }
        guard recipe.epochs > 0, known.contains(metric), recipe.data.validation.count > 0 else {
            return .failure(.data("no epochs, no validation set, or a metric (\(metric)) not measured on it"))
        }
        return FusedSupport.check(
            sizes: sizes, activation: activation, output: output, loss: recipe.loss, batchSize: recipe.batchSize
        )
        .flatMap { FusedSupport.check(data: recipe.data.train, sizes: sizes, loss: recipe.loss) }
        .map { sizes }
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
    /// threads, each training its share as one ``FusedGroupTrainer`` (the plans are independent, so the
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

    /// Trains one share of a group as one ``FusedGroupTrainer``, epoch by epoch.
    private static func trainShare(
        _ plans: [FusedTrainingPlan], observed: [Bool], onEpoch: ((Int, Int, [String: Double]) throws -> Void)?
    ) -> [Outcome] {
        let first = plans[0]
        var outcomes = plans.map { _ in Outcome(epochs: [], epochsTrained: 0, failure: nil) }
        let recipe = first.recipe
        let trainer: FusedGroupTrainer
        do {
            trainer = try FusedGroupTrainer(
                sizes: first.sizes, activation: recipe.model.activation, output: recipe.model.output,
                loss: recipe.loss, batchSize: recipe.batchSize, members: plans.map(\.member))
        } catch {
            return plans.map { _ in Outcome(epochs: [], epochsTrained: 0, failure: error) }
        }
        var active = Array(repeating: true, count: plans.count)
        for epoch in 1...recipe.epochs {
            do {
                _ = try trainer.fit(on: recipe.data.train, epochs: 1)
            } catch {
                for index in plans.indices where active[index] { outcomes[index].failure = error }
                return outcomes
            }
            for index in plans.indices where active[index] {
                outcomes[index].epochsTrained = epoch
                if let divergence = trainer.divergence[index] {
                    outcomes[index].failure = divergence
                    active[index] = false
                    continue
                }
                guard observed[index] || epoch == recipe.epochs else { continue }
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
        let result = evaluate(model, on: plan.recipe.data.validation, loss: plan.loss, metrics: plan.recipe.metrics)
        var values = ["val_loss": result.loss]
        for (name, value) in result.metrics { values["val_\(name)"] = value }
        return values
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
