import Foundation
import VernierNN
import VernierTraining

/// A built-in training task that `vernier train` and `vernier tune` run by name: data, model, loss and
/// optimizer, all chosen by keys with defaults.
///
/// An experiment declares its keys (``keys``) and trains one configuration with ``train(_:seed:callbacks:)``.
/// The extension adds the forms a tuner uses: ``run(_:seed:onEpoch:)`` reports each epoch's metrics to a
/// closure (which may throw to prune) and returns the final metrics; ``evaluateTest(_:seed:)`` trains and scores
/// on the held-out test set.
///
/// ```swift
/// let spirals = try ExperimentRegistry.experiment(named: "spirals")
/// let configuration = try spirals.configuration(["lr": "0.05"])
/// let metrics = try spirals.run(configuration, seed: 1) { epoch, metrics in
///     print(epoch, metrics["val_accuracy"] ?? 0)
/// }
/// ```
public protocol Experiment: Sendable {
    /// The name on the command line ("spirals").
    var name: String { get }
    /// One line for listings.
    var summary: String { get }
    /// Every key with its default and meaning.
    var keys: [ExperimentKey] { get }
    /// The metric a tuner optimizes by default ("val_accuracy", "val_loss", …).
    var objectiveMetric: String { get }
    /// Whether larger values of ``objectiveMetric`` are better.
    var maximizesObjective: Bool { get }
    /// Trains one configuration; `callbacks` see every epoch (progress, pruning).
    func train(
        _ configuration: ExperimentConfiguration, seed: UInt64, callbacks: [any TrainingCallback]
    ) throws
        -> ExperimentRun
    /// The epochs a run of `configuration` trains, known without loading data (a pruner's epoch budget, the
    /// `max_epochs` a trial records); `nil` for an experiment without epochs (the default).
    func plannedEpochs(_ configuration: ExperimentConfiguration) -> Int?
}

extension Experiment {
    /// No epochs: an experiment that trains in epochs says how many.
    public func plannedEpochs(_ configuration: ExperimentConfiguration) -> Int? { nil }

    /// The key names, in declaration order.
    public var keyNames: [String] { keys.map(\.name) }

    /// Reads `overrides` as text (unknown keys, bad values) and fills in the defaults; `location` ("--set",
    /// "config.yaml:3") prefixes error messages.
    public func configuration(
        _ overrides: [String: String], location: String? = nil
    ) throws(ConfigError)
        -> ExperimentConfiguration
    {
        try ExperimentConfiguration.parsing(keys: keys, overrides, location: location)
    }

    /// Checks typed `settings` against the keys (unknown keys, bounds, choices) and fills in the defaults: a
    /// tuning trial's parameters and a study's fixed settings arrive here without text.
    ///
    /// ```swift
    /// let configuration = try experiment.configuration(settings: ["lr": .number(0.05), "epochs": .integer(5)])
    /// ```
    public func configuration(
        settings: [String: SettingValue], location: String? = nil
    ) throws(ConfigError)
        -> ExperimentConfiguration
    {
        try ExperimentConfiguration.validated(keys: keys, settings: settings, location: location)
    }

    /// Trains `configuration` and returns the final metrics (`train_loss`, `val_loss`, `val_accuracy`, …),
    /// calling `onEpoch` with each epoch's number and metrics first; an error thrown by `onEpoch` (a pruned
    /// trial) stops training and propagates.
    ///
    /// ```swift
    /// let metrics = try experiment.run(configuration, seed: 7) { epoch, metrics in
    ///     try trial.report(metrics["val_loss"]!, step: epoch)
    /// }
    /// ```
    public func run(
        _ configuration: ExperimentConfiguration, seed: UInt64,
        onEpoch: @escaping (Int, [String: Double]) throws -> Void = { _, _ in }
    ) throws -> [String: Double] {
        let reporter = EpochEndCallback { record, _ in
            try onEpoch(record.epoch, ExperimentRun.metrics(of: record))
            return .continue
        }
        return try train(configuration, seed: seed, callbacks: [reporter]).metrics
    }

    /// Trains `configuration` and scores it on the test set: `test_loss`, `test_accuracy` or `test_mse` (empty
    /// when the experiment has no test set).
    ///
    /// ```swift
    /// let test = try experiment.evaluateTest(bestConfiguration, seed: 7)["test_accuracy"]
    /// ```
    public func evaluateTest(_ configuration: ExperimentConfiguration, seed: UInt64) throws -> [String: Double] {
        try train(configuration, seed: seed, callbacks: []).evaluateTest()
    }
}
