import VernierData
import VernierNN
import VernierOptimizers
import VernierTensor

/// The allocation-free engine of an ``MLP`` on a ``TensorDataset``: each step gathers the batch rows into the
/// preallocated ``FusedMLPStep`` and runs its forward, loss, backward and the optimizer's flat update kernel
/// (``FlatUpdatingOptimizer``), so the optimizer state is exactly the tape's. Created by
/// ``FusedSupport/engine(model:loss:batchSize:optimizer:data:)``, which says why when it cannot be.
public struct FusedMLPEngine: TrainingEngine {
    /// The fused step (parameters, gradient, activations), shared by the copies of this engine.
    let fused: FusedMLPStep
    /// The optimizer, with its state (opened once per epoch, so each step runs its concrete update).
    public var optimizer: any FlatUpdatingOptimizer
    private var current: MLP
    /// The training data the engine gathers batches from.
    public let data: TensorDataset

    init(step: FusedMLPStep, model: MLP, optimizer: any FlatUpdatingOptimizer, data: TensorDataset) {
        fused = step
        current = model
        self.optimizer = optimizer
        self.data = data
    }

    /// The optimizer's step size.
    public var learningRate: Float {
        get { optimizer.learningRate }
        set { optimizer.learningRate = newValue }
    }

    /// Floating-point operations of the largest matrix product of a step (what BLAS threading is chosen by).
    public var largestProductOperations: Int { fused.largestProductOperations }

    /// One epoch of fused steps (see ``TrainingEngine``).
    public mutating func trainEpoch(_ loader: inout DataLoader<TensorDataset>, recorder: inout StepRecorder) throws {
        try Self.trainEpoch(fused, data: data, optimizer: &optimizer, loader: &loader, recorder: &recorder)
    }

    private static func trainEpoch<Opt: FlatUpdatingOptimizer>(
        _ engine: FusedMLPStep, data: TensorDataset, optimizer: inout Opt, loader: inout DataLoader<TensorDataset>,
        recorder: inout StepRecorder
    ) throws {
        let batchSize = engine.batchSize
        let count = data.count
        let stepsPerEpoch = loader.batchesPerEpoch
        let inputWidth = engine.sizes[0]
        let targetWidth = engine.lossKind == .crossEntropy ? 1 : engine.sizes[engine.sizes.count - 1]
        let input = engine.input
        let targets = engine.targets
        let wantsOutputs = recorder.wantsOutputs
        _ = loader.epoch()
        try data.features.withUnsafeBufferPointer { featureBuffer in
            try data.targets.withUnsafeBufferPointer { targetBuffer in
                let features = featureBuffer.baseAddress!
                let targetValues = targetBuffer.baseAddress!
                try loader.currentOrder.withUnsafeBufferPointer { order in
                    for step in 0..<stepsPerEpoch {
                        let first = step * batchSize
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
                        if wantsOutputs {
                            try recorder.record(
                                loss: lossValue, rows: rows, output: engine.output(rows: rows),
                                targets: UnsafeBufferPointer(start: targets, count: rows * targetWidth))
                        } else {
                            try recorder.record(loss: lossValue, rows: rows)
                        }
                    }
                }
            }
        }
    }

    /// The MLP with the fused step's current parameters.
    public mutating func model() -> MLP {
        fused.store(into: &current)
        return current
    }
}
