import VernierTensor

/// What an engine reports after each step of an epoch: ``Trainer`` creates one per epoch and turns the reports
/// into the epoch's mean loss, the step losses of the history, training metrics and step events.
///
/// The recorder holds the epoch's state by value (the history's step losses and the metric accumulator are moved
/// in for the epoch and back out after it), so recording a step touches no shared object and allocates nothing.
///
/// ```swift
/// let loss = step()
/// try recorder.record(loss: loss, rows: batch.count)   // throws TrainingError.nonFiniteLoss for NaN / ±inf
/// ```
public struct StepRecorder {
    /// The epoch being trained (1-based).
    public let epoch: Int
    /// The steps recorded so far in this epoch.
    public private(set) var step = 0
    /// The learning rate of this epoch (named by the non-finite-loss error).
    public let learningRate: Float
    /// Whether the trainer wants each step's model outputs (for training metrics): pass them with
    /// ``record(loss:rows:output:targets:)`` then.
    public let wantsOutputs: Bool
    /// Training metrics the engine measured itself (e.g. on a device), replacing the accumulated ones.
    public var measuredMetrics: [String: Double]?
    private let recordsStepLosses: Bool
    private let stepCallbacks: [any TrainingCallback]
    /// The run's step losses so far (moved in from the history for the epoch).
    var stepLosses: [Float] = []
    /// The epoch's training-metric accumulator (moved in for the epoch).
    var accumulator: MetricAccumulator
    private(set) var lossSum = 0.0
    private(set) var samples = 0

    init(
        epoch: Int, learningRate: Float, wantsOutputs: Bool, recordsStepLosses: Bool,
        stepCallbacks: [any TrainingCallback], accumulator: MetricAccumulator
    ) {
        self.epoch = epoch
        self.learningRate = learningRate
        self.wantsOutputs = wantsOutputs
        self.recordsStepLosses = recordsStepLosses
        self.stepCallbacks = stepCallbacks
        self.accumulator = accumulator
    }

    /// Records a step's batch-mean loss over `rows` samples and tells the step callbacks; throws
    /// ``TrainingError/nonFiniteLoss(value:epoch:step:learningRate:)`` (and records nothing) when it is NaN or
    /// infinite.
    public mutating func record(loss: Float, rows: Int) throws {
        try add(loss: loss, rows: rows)
        announce(loss)
    }

    /// Records a step and its outputs (tensor form), for the training metrics.
    public mutating func record(loss: Float, rows: Int, output: Tensor, targets: Tensor) throws {
        try add(loss: loss, rows: rows)
        accumulator.add(output: output, targets: targets)
        announce(loss)
    }

    /// Records a step and its outputs (raw buffers: `rows` output rows, their targets), for the training metrics.
    public mutating func record(
        loss: Float, rows: Int, output: UnsafeBufferPointer<Float>, targets: UnsafeBufferPointer<Float>
    ) throws {
        try add(loss: loss, rows: rows)
        accumulator.add(output: output, rows: rows, targets: targets)
        announce(loss)
    }

    private mutating func add(loss: Float, rows: Int) throws {
        step += 1
        guard loss.isFinite else {
            throw TrainingError.nonFiniteLoss(value: loss, epoch: epoch, step: step, learningRate: learningRate)
        }
        lossSum += Double(loss) * Double(rows)
        samples += rows
        if recordsStepLosses { stepLosses.append(loss) }
    }

    private func announce(_ loss: Float) {
        for callback in stepCallbacks { callback.stepDidEnd(epoch: epoch, step: step, loss: loss) }
    }
}
