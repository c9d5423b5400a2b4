import Foundation
import VernierData
import VernierNN
import VernierOptimizers

/// The bookkeeping of one run, shared by the trainer and the epoch's ``StepRecorder``: the validation set, the
/// callbacks that want step events, the history, the training-metric accumulator and the run's copy of the
/// schedule. A class, so that the recorder appends to the one history without copying it.
final class EpochLoop {
    /// The validation set, `nil` when none was given or it is empty.
    let validation: (any Dataset)?
    /// The callbacks that asked for ``TrainingCallback/stepDidEnd(epoch:step:loss:)``.
    let stepCallbacks: [any TrainingCallback]
    /// Whether the training metrics need the model's outputs.
    let wantsOutputs: Bool
    /// Whether every step's loss goes into the history.
    let recordsStepLosses: Bool
    var history = TrainingHistory()
    var accumulator: MetricAccumulator
    var schedule: (any LearningRateSchedule)?

    init(trainer: Trainer, validation: (any Dataset)?) {
        self.validation = validation.flatMap { $0.count > 0 ? $0 : nil }
        stepCallbacks = trainer.callbacks.filter { $0.wantsStepEvents }
        wantsOutputs = trainer.computeTrainMetrics && !trainer.metrics.isEmpty
        recordsStepLosses = trainer.recordStepLosses
        accumulator = MetricAccumulator(
            metrics: trainer.computeTrainMetrics ? trainer.metrics : [], loss: trainer.loss)
        schedule = trainer.schedule
    }
}

extension Trainer {
    /// The epoch loop every engine runs under: tells the callbacks that training begins, then per epoch sets the
    /// schedule's learning rate, lets `engine` train one epoch over `loader` (its steps reported to a
    /// ``StepRecorder``: mean loss, step losses, training metrics, step events, the non-finite-loss error),
    /// validates the engine's model, records the epoch, lets the schedule observe it and asks the callbacks
    /// whether to stop; returns the history (`stoppedEarly` set when a callback stopped with epochs left).
    ///
    /// ```swift
    /// var engine = TapeEngine(model: model, optimizer: Adam(), loss: trainer.loss, contextSeed: 1)
    /// let history = try trainer.run(&engine, loader: &loader, validation: validation)
    /// ```
    public func run<Engine: TrainingEngine>(
        _ engine: inout Engine, loader: inout DataLoader<Engine.Data>, validation: (any Dataset)?
    ) throws -> TrainingHistory {
        let loop = EpochLoop(trainer: self, validation: validation)
        let stepsPerEpoch = loader.batchesPerEpoch
        if recordStepLosses { loop.history.stepLosses.reserveCapacity(stepsPerEpoch * epochs) }
        for callback in callbacks {
            callback.trainingWillBegin(
                epochs: epochs, stepsPerEpoch: stepsPerEpoch, samplesPerEpoch: loader.samplesPerEpoch)
        }
        var epoch = 0
        while epoch < epochs {
            epoch += 1
            if let schedule = loop.schedule { engine.learningRate = schedule.learningRate(at: epoch - 1) }
            loop.accumulator.reset()
            var recorder = StepRecorder(epoch: epoch, learningRate: engine.learningRate, loop: loop)
            let start = DispatchTime.now().uptimeNanoseconds
            try engine.trainEpoch(&loader, recorder: &recorder)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let model = try engine.model()
            var record = EpochRecord(
                epoch: epoch, trainLoss: recorder.lossSum / Double(Swift.max(recorder.samples, 1)),
                trainMetrics: recorder.measuredMetrics ?? loop.accumulator.values,
                learningRate: Double(engine.learningRate), seconds: seconds,
                samplesPerSecond: Double(recorder.samples) / Swift.max(seconds, 1e-9))
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
            if decision == .stop {
                loop.history.stoppedEarly = epoch < epochs
                break
            }
        }
        for callback in callbacks { callback.trainingDidEnd(loop.history) }
        return loop.history
    }
}
