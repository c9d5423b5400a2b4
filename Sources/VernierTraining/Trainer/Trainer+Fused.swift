import Foundation
import VernierData
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierTensor

extension Trainer {
    /// Runs ``fit(_:optimizer:on:validation:using:)`` with the preallocated ``FusedMLPStep`` when the run allows
    /// it, and returns `nil` (having touched nothing, not even `generator`) when it does not.
    ///
    /// Covered: ``usesFusedStep`` on, an ``MLP`` without dropout, a ``TensorDataset``, an optimizer that is a
    /// ``FlatUpdatingOptimizer`` (SGD with momentum/Nesterov/weight decay, Adam, AdamW, RMSProp), no gradient
    /// clipping, no augmentation, and a loss/activation/data combination ``FusedMLPStep`` supports. The run is the
    /// tape run's: the same generator draws, batches, history, callbacks, metrics, validation and errors.
    func fitFused<Model: Layer, Train: Dataset, Opt: Optimizer>(
        _ model: inout Model, optimizer: inout Opt, on train: Train, validation: (any Dataset)?,
        using generator: inout some RandomNumberGenerator
    ) throws -> TrainingHistory? {
        guard usesFusedStep, gradientClipNorm == nil, augmentation == nil, let mlp = model as? MLP,
            let data = train as? TensorDataset, let flat = optimizer as? any FlatUpdatingOptimizer,
            let engine = FusedMLPStep(model: mlp, loss: loss, batchSize: batchSize, data: data)
        else { return nil }
        var fusedModel = mlp
        var fusedOptimizer = flat
        defer {
            model = fusedModel as! Model
            optimizer = fusedOptimizer as! Opt
        }
        return try fitFused(
            engine, model: &fusedModel, optimizer: &fusedOptimizer, on: data, validation: validation,
            using: &generator)
    }

    /// The BLAS threads of a fused run whose largest product per step has `largestProduct` operations: see
    /// ``matrixThreads``.
    func matrixThreadCount(largestProduct: Int, blasDefault: Int) -> Int {
        matrixThreads ?? (largestProduct < FusedMLPStep.threadingThreshold ? 1 : blasDefault)
    }

    private func fitFused<Opt: FlatUpdatingOptimizer>(
        _ engine: FusedMLPStep, model: inout MLP, optimizer: inout Opt, on train: TensorDataset,
        validation: (any Dataset)?, using generator: inout some RandomNumberGenerator
    ) throws -> TrainingHistory {
        defer { engine.store(into: &model) }
        let savedThreads = MatrixMultiply.threadCount
        MatrixMultiply.threadCount = matrixThreadCount(
            largestProduct: engine.largestProductOperations, blasDefault: savedThreads)
        defer { MatrixMultiply.threadCount = savedThreads }
        // The same generator draws as the tape loop: the loader's seed, then the forward context's.
        var loader = DataLoader(train, batchSize: batchSize, shuffle: shuffle, dropLast: dropLast, using: &generator)
        _ = generator.next()
        let stepsPerEpoch = loader.batchesPerEpoch
        var loop = beginEpochLoop(
            validation: validation, stepsPerEpoch: stepsPerEpoch, samplesPerEpoch: loader.samplesPerEpoch)
        let count = train.count
        let inputWidth = engine.sizes[0]
        let targetWidth = engine.lossKind == .crossEntropy ? 1 : engine.sizes[engine.sizes.count - 1]
        let input = engine.input
        let targets = engine.targets
        var epoch = 0
        try train.features.withUnsafeBufferPointer { featureBuffer in
            try train.targets.withUnsafeBufferPointer { targetBuffer in
                let features = featureBuffer.baseAddress!
                let targetValues = targetBuffer.baseAddress!
                while epoch < epochs {
                    epoch += 1
                    beginEpoch(epoch, loop: &loop, optimizer: &optimizer)
                    var lossSum = 0.0
                    var samples = 0
                    let start = DispatchTime.now().uptimeNanoseconds
                    _ = loader.epoch()
                    try loader.currentOrder.withUnsafeBufferPointer { order in
                        var step = 0
                        while step < stepsPerEpoch {
                            let first = step * batchSize
                            step += 1
                            let rows = Swift.min(batchSize, count - first)
                            for row in 0..<rows {
                                let sample = order[first + row]
                                // One-value rows (cubic features, labels) without a memmove call each.
                                if inputWidth == 1 {
                                    input[row] = features[sample]
                                } else {
                                    (input + row * inputWidth).update(
                                        from: features + sample * inputWidth, count: inputWidth)
                                }
                                if targetWidth == 1 {
                                    targets[row] = targetValues[sample]
                                } else {
                                    (targets + row * targetWidth).update(
                                        from: targetValues + sample * targetWidth, count: targetWidth)
                                }
                            }
                            let lossValue = engine.step(rows: rows, optimizer: &optimizer)
                            guard lossValue.isFinite else {
                                throw TrainingError.nonFiniteLoss(
                                    value: lossValue, epoch: epoch, step: step, learningRate: optimizer.learningRate)
                            }
                            lossSum += Double(lossValue) * Double(rows)
                            samples += rows
                            if recordStepLosses { loop.history.stepLosses.append(lossValue) }
                            if loop.wantsOutputs {
                                loop.accumulator.add(
                                    output: engine.output(rows: rows), rows: rows,
                                    targets: UnsafeBufferPointer(start: targets, count: rows * targetWidth))
                            }
                            for callback in loop.stepCallbacks {
                                callback.stepDidEnd(epoch: epoch, step: step, loss: lossValue)
                            }
                        }
                    }
                    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                    engine.store(into: &model)
                    let stop = try endEpoch(
                        epoch, model: model, lossSum: lossSum, samples: samples,
                        learningRate: optimizer.learningRate, seconds: seconds, loop: &loop)
                    if stop { break }
                }
            }
        }
        return endEpochLoop(loop)
    }
}
