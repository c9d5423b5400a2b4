import VernierTensor

/// What an engine reports after each step of an epoch: ``Trainer`` creates one per epoch and turns the reports
/// into the epoch's mean loss, the step losses of the history, training metrics and step events.
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
    /// Training metrics the engine measured itself (e.g. on a device), replacing the accumulated ones.
    public var measuredMetrics: [String: Double]?
    private let loop: EpochLoop
    private(set) var lossSum = 0.0
    private(set) var samples = 0

    init(epoch: Int, learningRate: Float, loop: EpochLoop) {
        self.epoch = epoch
        self.learningRate = learningRate
        self.loop = loop
    }

    /// Whether the trainer wants each step's model outputs (for training metrics): pass them with
    /// ``record(loss:rows:output:targets:)`` then.
    public var wantsOutputs: Bool { loop.wantsOutputs }

    /// Records a step's batch-mean loss over `rows` samples and tells the step callbacks; throws
    /// ``TrainingError/nonFiniteLoss(value:epoch:step:learningRate:)`` (and records nothing) when it is NaN or
    /// infinite.
    public mutating func record(loss: Float, rows: Int) throws {
        try add(loss: loss, rows: rows)
        announce(loss)
    }

    private mutating func add(loss: Float, rows: Int) throws {
        step += 1
        guard loss.isFinite else {
            throw TrainingError.nonFiniteLoss(value: loss, epoch: epoch, step: step, learningRate: learningRate)
        }
        lossSum += Double(loss) * Double(rows)
        samples += rows
        if loop.recordsStepLosses { loop.history.stepLosses.append(loss) }
    }

    /// Records a step and its outputs (tensor form), for the training metrics.
    public mutating func record(loss: Float, rows: Int, output: Tensor, targets: Tensor) throws {
        try add(loss: loss, rows: rows)
        loop.accumulator.add(output: output, targets: targets)
        announce(loss)
    }

    /// Records a step and its outputs (raw buffers: `rows` output rows, their targets), for the training metrics.
    public mutating func record(
        loss: Float, rows: Int, output: UnsafeBufferPointer<Float>, targets: UnsafeBufferPointer<Float>
    ) throws {
        try add(loss: loss, rows: rows)
        loop.accumulator.add(output: output, rows: rows, targets: targets)
        announce(loss)
    }

    private func announce(_ loss: Float) {
        for callback in loop.stepCallbacks { callback.stepDidEnd(epoch: epoch, step: step, loss: loss) }
    }
}
