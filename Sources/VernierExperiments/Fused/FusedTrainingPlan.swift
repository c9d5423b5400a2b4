import Foundation
import VernierData
import VernierNN
import VernierTraining

/// One run of a supervised experiment that a study may train in a group (``VernierTraining/TrainingGroup``):
/// a ``TrainingRecipe`` that ``Trainer`` trains with the fused MLP step (``TrainingRecipe/fusedSupport()``, the
/// trainer's own decision) and whose objective metric is measured on a validation set.
///
/// A plan is trained by ``Trainer`` like any run (``TrainingRecipe/train(with:)``); grouping only schedules runs
/// over threads and skips what nobody reads (step losses, training metrics, and, for a run nobody observes,
/// validation before the last epoch), so a trial's value is the sequential run's, bit for bit, and does not depend
/// on which other runs train beside it.
///
/// ```swift
/// let configuration = try SupervisedExperiment.spirals.configuration(["epochs": "5"])
/// if let plan = try FusedTrainingPlan(SupervisedExperiment.spirals, configuration, seed: 0, metric: "val_accuracy") {
///     let outcome = FusedTrainingPlan.train([plan], observed: [true]) { _, epoch, values in print(epoch, values) }
/// }
/// ```
public struct FusedTrainingPlan: Sendable {
    /// The validated run.
    public let recipe: TrainingRecipe

    /// The loss.
    public var loss: Loss { recipe.loss }

    /// The plan for training `configuration` of `experiment` with `seed`, or `nil` when a group cannot train it
    /// (what ``support(_:metric:)`` says). Throws what validating the configuration into a recipe throws
    /// (``SupervisedExperiment/recipe(_:seed:)``).
    ///
    /// ```swift
    /// let plan = try FusedTrainingPlan(SupervisedExperiment.iris, configuration, seed: 3, metric: "val_accuracy")
    /// ```
    public init?(
        _ experiment: any Experiment, _ configuration: ExperimentConfiguration, seed: UInt64, metric: String
    ) throws {
        guard let supervised = experiment as? SupervisedExperiment else { return nil }
        self.init(try supervised.recipe(configuration, seed: seed), metric: metric)
    }

    /// The plan for a validated `recipe`, or `nil` when a group cannot train it (``support(_:metric:)``).
    public init?(_ recipe: TrainingRecipe, metric: String) {
        guard case .success = Self.support(recipe, metric: metric) else { return nil }
        self.recipe = recipe
    }

    /// Whether a group can train `recipe` and report `metric`, else why not. The plan's own conditions: at least
    /// one epoch, a validation set, and a `metric` that is the validation loss or a validation metric of the
    /// recipe; the rest is ``TrainingRecipe/fusedSupport()`` (the one decision of what the fused steps train),
    /// of which plans take the MLP step (a CNN step already uses both cores, so CNN runs train one at a time
    /// through the plain objective).
    ///
    /// ```swift
    /// if case .failure(let reason) = FusedTrainingPlan.support(recipe, metric: "val_loss") { print(reason) }
    /// ```
    public static func support(_ recipe: TrainingRecipe, metric: String) -> Result<Void, FusedUnsupported> {
        let known = ["val_loss"] + recipe.metrics.map { "val_\($0.rawValue)" }
        guard recipe.epochs > 0, known.contains(metric), recipe.data.validation.count > 0 else {
            return .failure(.data("no epochs, no validation set, or a metric (\(metric)) not measured on it"))
        }
        // Checked before the fused decision, which builds the model and its step's buffers: a CNN's are large.
        guard case .mlp = recipe.model else {
            return .failure(.model("Sequential (grouped runs take the fused MLP step)"))
        }
        return recipe.fusedSupport().map { _ in }
    }

    /// The outcome of one run: its values after each epoch it validated (every epoch of an observed run, only
    /// the last of the others), or why it failed.
    public struct Outcome: Sendable {
        /// The values of each validated epoch as ``ExperimentRun/metrics(of:)`` names them (`val_loss`,
        /// `val_<metric>`, `train_loss`), in epoch order: one per epoch for observed runs, the last only for
        /// the others.
        public var epochs: [[String: Double]]
        /// The number of epochs trained (the epoch of a non-finite loss or of a prune included).
        public var epochsTrained: Int
        /// Why the run failed (``TrainingError/nonFiniteLoss(value:epoch:step:learningRate:)``, or what `onEpoch`
        /// threw), `nil` when it completed.
        public var failure: (any Error & Sendable)?

        /// The last validated epoch's values.
        public var final: [String: Double] { epochs.last ?? [:] }
    }

    /// Trains `plans` (each with ``Trainer``, one run per plan) and returns one outcome per plan.
    ///
    /// Observed plans are validated after every epoch and `onEpoch(plan, epoch, values)` is called for them from
    /// the ``Trainer``'s epoch callback (what it throws, e.g. ``TrialPruned``, ends that plan with the error); the
    /// others are validated after their last epoch only. Without `onEpoch` the plans are scheduled over up to
    /// `threads` threads (``TrainingGroup``; plans are independent, so this changes no result).
    ///
    /// ```swift
    /// let outcomes = FusedTrainingPlan.train(plans, observed: plans.map { _ in false }, threads: 2)
    /// ```
    public static func train(
        _ plans: [FusedTrainingPlan], observed: [Bool], threads: Int = 1,
        onEpoch: ((Int, Int, [String: Double]) throws -> Void)? = nil
    ) -> [Outcome] {
        precondition(plans.count == observed.count, "FusedTrainingPlan.train: one observed flag per plan")
        guard let onEpoch else {
            return TrainingGroup.run(count: plans.count, threads: threads) { index in
                plans[index].train(observed: observed[index], onEpoch: nil)
            }
        }
        return plans.indices.map { index in
            plans[index].train(observed: observed[index]) { epoch, values in try onEpoch(index, epoch, values) }
        }
    }

    /// Trains this plan with the recipe's ``Trainer`` (no step losses or training metrics; validation every epoch
    /// only when `observed`), handing each validated epoch to `onEpoch` when observed.
    func train(observed: Bool, onEpoch: ((Int, [String: Double]) throws -> Void)?) -> Outcome {
        let record = OutcomeRecorder(observed: observed, onEpoch: onEpoch)
        var trainer = recipe.trainer(callbacks: [record])
        trainer.recordStepLosses = false
        trainer.computeTrainMetrics = false
        trainer.validatesEveryEpoch = observed
        do {
            _ = try recipe.train(with: trainer)
        } catch {
            if case TrainingError.nonFiniteLoss(_, let epoch, _, _) = error { record.outcome.epochsTrained = epoch }
            record.outcome.failure = error
        }
        return record.outcome
    }
}

/// The epoch callback of one plan's run: counts the epochs, keeps the validated ones' values and hands them to
/// the observer.
private final class OutcomeRecorder: TrainingCallback {
    var outcome = FusedTrainingPlan.Outcome(epochs: [], epochsTrained: 0, failure: nil)
    let observed: Bool
    let onEpoch: ((Int, [String: Double]) throws -> Void)?

    init(observed: Bool, onEpoch: ((Int, [String: Double]) throws -> Void)?) {
        self.observed = observed
        self.onEpoch = onEpoch
    }

    func epochDidEnd(_ record: EpochRecord, history: TrainingHistory) throws -> TrainingDecision {
        outcome.epochsTrained = record.epoch
        guard record.validationLoss != nil else { return .continue }
        let values = ExperimentRun.metrics(of: record)
        outcome.epochs.append(values)
        if observed, let onEpoch { try onEpoch(record.epoch, values) }
        return .continue
    }
}
