import Foundation
import VernierNN
import VernierTraining

/// The outcome of training one configuration: the history, the final metrics, the trained model and a way to
/// score it on the test set.
///
/// ```swift
/// let run = try experiment.train(configuration, seed: 1, callbacks: [ProgressReporter()])
/// run.metrics["val_accuracy"]
/// let test = run.evaluateTest()      // ["test_loss": …, "test_accuracy": …]
/// try Checkpoint.save(run.model, to: url)
/// ```
public struct ExperimentRun {
    /// Everything recorded during training.
    public var history: TrainingHistory
    /// The last epoch's metrics (`train_loss`, `val_loss` and `train_`/`val_` metric values), plus `parameters`
    /// (the model's trainable parameter count) and `train_seconds` (the epochs' training time), the costs to
    /// trade against accuracy in a multi-objective study.
    public var metrics: [String: Double]
    /// The trained model.
    public var model: any Layer
    /// The number of trainable parameters.
    public var parameterCount: Int
    private let testEvaluation: (() -> [String: Double])?

    /// Creates a run; `testEvaluation` scores the model on the test set (nil when there is none).
    public init(
        history: TrainingHistory, model: any Layer, testEvaluation: (() -> [String: Double])?
    ) {
        self.history = history
        self.model = model
        self.parameterCount = model.parameterCount
        self.testEvaluation = testEvaluation
        metrics = history.last.map(Self.metrics(of:)) ?? [:]
        metrics[Self.parametersMetric] = Double(parameterCount)
        metrics[Self.trainSecondsMetric] = history.epochs.reduce(0) { $0 + $1.seconds }
    }

    /// The name of the parameter-count metric.
    public static let parametersMetric = "parameters"
    /// The name of the training-time metric (seconds; not reproducible, unlike the others).
    public static let trainSecondsMetric = "train_seconds"
    /// The metrics every run reports besides the epochs' ones.
    public static let costMetrics = [parametersMetric, trainSecondsMetric]

    /// Whether the experiment has a test set.
    public var hasTestSet: Bool { testEvaluation != nil }

    /// The test-set loss and metrics (`test_loss`, `test_accuracy`, …); empty without a test set.
    public func evaluateTest() -> [String: Double] { testEvaluation?() ?? [:] }

    /// An epoch's values under summary names: `train_loss`, `val_loss`, `train_accuracy`, `val_accuracy`, ….
    public static func metrics(of record: EpochRecord) -> [String: Double] {
        var result = ["train_loss": record.trainLoss]
        if let validationLoss = record.validationLoss { result["val_loss"] = validationLoss }
        for (name, value) in record.trainMetrics { result["train_\(name)"] = value }
        for (name, value) in record.validationMetrics { result["val_\(name)"] = value }
        return result
    }
}
