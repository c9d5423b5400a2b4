import Foundation
import VernierData
import VernierNN
import VernierOptimizers

/// The bookkeeping that ``Trainer``'s tape loop and fused loop share: the validation set, the callbacks that want
/// step events, the history, the training-metric accumulator and the run's copy of the schedule.
struct EpochLoop {
    /// The validation set, `nil` when none was given or it is empty.
    let validation: (any Dataset)?
    /// The callbacks that asked for ``TrainingCallback/stepDidEnd(epoch:step:loss:)``.
    let stepCallbacks: [any TrainingCallback]
    /// Whether the training metrics need the model's outputs.
    let wantsOutputs: Bool
    var history = TrainingHistory()
    var accumulator: MetricAccumulator
    var schedule: (any LearningRateSchedule)?
}

extension Trainer {
    /// Sets up the shared bookkeeping of a run and tells the callbacks that training begins.
    func beginEpochLoop(validation: (any Dataset)?, stepsPerEpoch: Int, samplesPerEpoch: Int) -> EpochLoop {
        var loop = EpochLoop(
            validation: validation.flatMap { $0.count > 0 ? $0 : nil },
            stepCallbacks: callbacks.filter { $0.wantsStepEvents },
            wantsOutputs: computeTrainMetrics && !metrics.isEmpty,
            accumulator: MetricAccumulator(metrics: computeTrainMetrics ? metrics : [], loss: loss),
            schedule: schedule)
        if recordStepLosses { loop.history.stepLosses.reserveCapacity(stepsPerEpoch * epochs) }
        for callback in callbacks {
            callback.trainingWillBegin(epochs: epochs, stepsPerEpoch: stepsPerEpoch, samplesPerEpoch: samplesPerEpoch)
        }
        return loop
    }

    /// Opens epoch `epoch` (1-based): the schedule's learning rate, a fresh metric accumulator.
    func beginEpoch<Opt: Optimizer>(_ epoch: Int, loop: inout EpochLoop, optimizer: inout Opt) {
        if let schedule = loop.schedule { optimizer.learningRate = schedule.learningRate(at: epoch - 1) }
        loop.accumulator.reset()
    }

    /// Closes an epoch: records it with its training metrics and its validation loss and metrics, lets the
    /// schedule observe it, appends it to the history and asks the callbacks; returns whether one of them stopped
    /// training (then `history.stoppedEarly` is set when epochs were left).
    func endEpoch<Model: Layer>(
        _ epoch: Int, model: Model, lossSum: Double, samples: Int, learningRate: Float, seconds: Double,
        loop: inout EpochLoop
    ) throws -> Bool {
        var record = EpochRecord(
            epoch: epoch, trainLoss: lossSum / Double(Swift.max(samples, 1)), trainMetrics: loop.accumulator.values,
            learningRate: Double(learningRate), seconds: seconds,
            samplesPerSecond: Double(samples) / Swift.max(seconds, 1e-9))
        if let validationSet = loop.validation {
            let result = evaluate(model, on: validationSet, loss: loss, metrics: metrics)
            record.validationLoss = result.loss
            record.validationMetrics = result.metrics
        }
        loop.schedule?.observe(metric: Float(record.validationLoss ?? record.trainLoss))
        loop.history.epochs.append(record)
        var decision = TrainingDecision.continue
        for callback in callbacks where try callback.epochDidEnd(record, history: loop.history) == .stop {
            decision = .stop
        }
        guard decision == .stop else { return false }
        loop.history.stoppedEarly = epoch < epochs
        return true
    }

    /// Ends the run: tells the callbacks and returns the history.
    func endEpochLoop(_ loop: EpochLoop) -> TrainingHistory {
        for callback in callbacks { callback.trainingDidEnd(loop.history) }
        return loop.history
    }
}
