import Foundation
import VernierData
import VernierNN
import VernierOptimizers

extension Trainer {
    /// The epoch loop every engine runs under: tells the callbacks that training begins, then per epoch sets the
    /// schedule's learning rate, lets `engine` train one epoch over `loader` (its steps reported to a
    /// ``StepRecorder``: mean loss, step losses, training metrics, step events, the non-finite-loss error),
    /// validates the engine's model (after every epoch, or only after the last and the one training stopped
    /// after when ``validatesEveryEpoch`` is off), records the epoch, lets the schedule observe it and asks the callbacks
    /// whether to stop; returns the history (`stoppedEarly` set when a callback stopped with epochs left).
    ///
    /// ```swift
    /// var engine = TapeEngine(model: model, optimizer: Adam(), loss: trainer.loss, contextSeed: 1)
    /// let history = try trainer.run(&engine, loader: &loader, validation: validation)
    /// ```
    public func run<Engine: TrainingEngine>(
        _ engine: inout Engine, loader: inout DataLoader<Engine.Data>, validation: (any Dataset)?
    ) throws -> TrainingHistory {
        let validation = validation.flatMap { $0.count > 0 ? $0 : nil }
        let stepCallbacks = callbacks.filter { $0.wantsStepEvents }
        let wantsOutputs = computeTrainMetrics && !metrics.isEmpty
        var accumulator = MetricAccumulator(metrics: computeTrainMetrics ? metrics : [], loss: loss)
        var schedule = self.schedule
        var history = TrainingHistory()
        let stepsPerEpoch = loader.batchesPerEpoch
        if recordStepLosses { history.stepLosses.reserveCapacity(stepsPerEpoch * epochs) }
        for callback in callbacks {
            callback.trainingWillBegin(
                epochs: epochs, stepsPerEpoch: stepsPerEpoch, samplesPerEpoch: loader.samplesPerEpoch)
        }
        var epoch = 0
        while epoch < epochs {
            epoch += 1
            if let schedule { engine.learningRate = schedule.learningRate(at: epoch - 1) }
            accumulator.reset()
            // The step losses and the accumulator move into the recorder for the epoch and back after it.
            var recorder = StepRecorder(
                epoch: epoch, learningRate: engine.learningRate, wantsOutputs: wantsOutputs,
                recordsStepLosses: recordStepLosses, stepCallbacks: stepCallbacks,
                accumulator: MetricAccumulator(metrics: [], loss: loss))
            swap(&recorder.stepLosses, &history.stepLosses)
            swap(&recorder.accumulator, &accumulator)
            let start = DispatchTime.now().uptimeNanoseconds
            try engine.trainEpoch(&loader, recorder: &recorder)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            swap(&recorder.stepLosses, &history.stepLosses)
            swap(&recorder.accumulator, &accumulator)
            var record = EpochRecord(
                epoch: epoch, trainLoss: recorder.lossSum / Double(Swift.max(recorder.samples, 1)),
                trainMetrics: recorder.measuredMetrics ?? accumulator.values,
                learningRate: Double(engine.learningRate), seconds: seconds,
                samplesPerSecond: Double(recorder.samples) / Swift.max(seconds, 1e-9))
            if validatesEveryEpoch || epoch == epochs {
                let model = try engine.model()
                if let validation { record.validate(model, on: validation, loss: loss, metrics: metrics) }
            }
            schedule?.observe(metric: Float(record.validationLoss ?? record.trainLoss))
            history.epochs.append(record)
            var decision = TrainingDecision.continue
            for callback in callbacks where try callback.epochDidEnd(record, history: history) == .stop {
                decision = .stop
            }
            if decision == .stop {
                history.stoppedEarly = epoch < epochs
                // Without per-epoch validation, the epoch training stopped after is validated now.
                if let validation, record.validationLoss == nil {
                    history.epochs[history.epochs.count - 1].validate(
                        try engine.model(), on: validation, loss: loss, metrics: metrics)
                }
                break
            }
        }
        for callback in callbacks { callback.trainingDidEnd(history) }
        return history
    }
}

extension EpochRecord {
    /// Sets the validation loss and metrics of `model` on `validation`.
    fileprivate mutating func validate(
        _ model: some Layer, on validation: any Dataset, loss: Loss, metrics: [Metric]
    ) {
        let result = evaluate(model, on: validation, loss: loss, metrics: metrics)
        validationLoss = result.loss
        validationMetrics = result.metrics
    }
}
