import VernierData
import VernierNN
import VernierOptimizers
import VernierTensor

/// The preallocated engine of a convolutional network (``FusedCNNLayout``) trained with cross-entropy on a
/// ``TensorDataset``: each step gathers the batch rows into the preallocated ``FusedCNNStep`` and runs its forward,
/// loss, backward and the optimizer's flat update kernel (``FlatUpdatingOptimizer``); losses, weights and
/// optimizer state are bit-identical to the tape's. With a loader transform (augmentation) the engine takes the
/// loader's transformed batches and copies their features in (the transform's tensors are allocated as on the
/// tape; the step itself allocates only its batch splits' hand-over boxes, see `ShareWorker` in VernierTensor). Created by
/// `FusedSupport.engine(model:loss:batchSize:optimizer:data:)` for a `Sequential`, which says why when it cannot be.
public struct FusedCNNEngine: TrainingEngine {
    /// The fused step (parameters, gradient, activations), shared by the copies of this engine.
    let fused: FusedCNNStep
    /// The optimizer, with its state (opened once per epoch, so each step runs its concrete update).
    public var optimizer: any FlatUpdatingOptimizer
    private var current: Sequential
    /// The training data the engine gathers batches from.
    public let data: TensorDataset

    init(step: FusedCNNStep, model: Sequential, optimizer: any FlatUpdatingOptimizer, data: TensorDataset) {
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

    /// One epoch of fused steps (see ``TrainingEngine``).
    public mutating func trainEpoch(_ loader: inout DataLoader<TensorDataset>, recorder: inout StepRecorder) throws {
        try Self.trainEpoch(fused, data: data, optimizer: &optimizer, loader: &loader, recorder: &recorder)
    }

    private static func trainEpoch<Opt: FlatUpdatingOptimizer>(
        _ engine: FusedCNNStep, data: TensorDataset, optimizer: inout Opt, loader: inout DataLoader<TensorDataset>,
        recorder: inout StepRecorder
    ) throws {
        let width = engine.layout.inputFloats
        let epoch = loader.epoch()
        // One step on the rows already gathered, reported to the recorder.
        func step(rows: Int) throws {
            let lossValue = engine.step(rows: rows, optimizer: &optimizer)
            if recorder.wantsOutputs {
                try recorder.record(
                    loss: lossValue, rows: rows, output: engine.output(rows: rows),
                    targets: UnsafeBufferPointer(start: engine.targets, count: rows))
            } else {
                try recorder.record(loss: lossValue, rows: rows)
            }
        }
        if loader.transform != nil {
            for batch in epoch {
                let rows = batch.count
                precondition(
                    batch.features.count == rows * width,
                    "FusedCNNEngine: the transform changed the features to shape \(batch.features.shape)")
                batch.features.withUnsafeBufferPointer { engine.input.update(from: $0.baseAddress!, count: $0.count) }
                batch.targets.withUnsafeBufferPointer { engine.targets.update(from: $0.baseAddress!, count: rows) }
                try step(rows: rows)
            }
            return
        }
        let batchSize = engine.batchSize
        let stepsPerEpoch = loader.batchesPerEpoch
        try data.features.withUnsafeBufferPointer { featureBuffer in
            try data.targets.withUnsafeBufferPointer { targetBuffer in
                let (features, labels) = (featureBuffer.baseAddress!, targetBuffer.baseAddress!)
                try loader.currentOrder.withUnsafeBufferPointer { order in
                    for index in 0..<stepsPerEpoch {
                        let first = index * batchSize
                        let rows = Swift.min(batchSize, data.count - first)
                        for row in 0..<rows {
                            let sample = order[first + row]
                            (engine.input + row * width).update(from: features + sample * width, count: width)
                            engine.targets[row] = labels[sample]
                        }
                        try step(rows: rows)
                    }
                }
            }
        }
    }

    /// The network with the fused step's current parameters.
    public mutating func model() -> Sequential {
        fused.store(into: &current)
        return current
    }
}
