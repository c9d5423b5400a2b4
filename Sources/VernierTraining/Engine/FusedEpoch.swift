import VernierData
import VernierOptimizers

/// What ``FusedEpoch`` needs of a preallocated training step (``FusedMLPStep``, ``FusedCNNStep``): the buffers a
/// batch is gathered into, and the step on the rows gathered.
protocol FusedStep: AnyObject {
    /// The rows of the largest batch.
    var batchSize: Int { get }
    /// The gathered features (`[batchSize, sampleWidth]`).
    var input: UnsafeMutablePointer<Float> { get }
    /// The gathered targets (`[batchSize, targetWidth]`).
    var targets: UnsafeMutablePointer<Float> { get }
    /// Floats of one sample's features.
    var sampleWidth: Int { get }
    /// Floats of one sample's target (1 for a class index).
    var targetWidth: Int { get }
    /// Forward, loss, backward and, when the loss is finite, `optimizer`'s flat update on the first `rows` rows;
    /// returns the batch loss.
    func step<Opt: FlatUpdatingOptimizer>(rows: Int, optimizer: inout Opt) -> Float
    /// The outputs of the last step (`rows` rows).
    func output(rows: Int) -> UnsafeBufferPointer<Float>
}

/// The epoch of every fused engine (``FusedMLPEngine``, ``FusedCNNEngine``): starts the loader's epoch, gathers each
/// batch into the step's buffers — the rows of the loader's order from the data set, or, with a loader transform
/// (augmentation), the transformed batch — runs the step and reports it to the recorder, in the loader's order
/// (the ``TrainingEngine`` contract). The gathering allocates nothing; a transform allocates its tensors.
enum FusedEpoch {
    static func train<Step: FusedStep, Opt: FlatUpdatingOptimizer>(
        _ fused: Step, data: TensorDataset, optimizer: inout Opt, loader: inout DataLoader<TensorDataset>,
        recorder: inout StepRecorder
    ) throws {
        let (input, targets) = (fused.input, fused.targets)
        let (sampleWidth, targetWidth) = (fused.sampleWidth, fused.targetWidth)
        let wantsOutputs = recorder.wantsOutputs
        // One step on the rows already gathered, reported to the recorder.
        func step(rows: Int) throws {
            let lossValue = fused.step(rows: rows, optimizer: &optimizer)
            if wantsOutputs {
                try recorder.record(
                    loss: lossValue, rows: rows, output: fused.output(rows: rows),
                    targets: UnsafeBufferPointer(start: targets, count: rows * targetWidth))
            } else {
                try recorder.record(loss: lossValue, rows: rows)
            }
        }
        let epoch = loader.epoch()
        if loader.transform != nil {
            for batch in epoch {
                let rows = batch.count
                precondition(
                    batch.features.count == rows * sampleWidth && batch.targets.count == rows * targetWidth,
                    "FusedEpoch: the transform changed the batch to shapes \(batch.features.shape), "
                        + "\(batch.targets.shape)")
                batch.features.withUnsafeBufferPointer { input.update(from: $0.baseAddress!, count: $0.count) }
                batch.targets.withUnsafeBufferPointer { targets.update(from: $0.baseAddress!, count: $0.count) }
                try step(rows: rows)
            }
            return
        }
        let batchSize = fused.batchSize
        let count = data.count
        let stepsPerEpoch = loader.batchesPerEpoch
        try data.features.withUnsafeBufferPointer { featureBuffer in
            try data.targets.withUnsafeBufferPointer { targetBuffer in
                let (features, targetValues) = (featureBuffer.baseAddress!, targetBuffer.baseAddress!)
                try loader.currentOrder.withUnsafeBufferPointer { order in
                    for index in 0..<stepsPerEpoch {
                        let first = index * batchSize
                        let rows = Swift.min(batchSize, count - first)
                        for row in 0..<rows {
                            let sample = order[first + row]
                            // One-value rows (cubic features, labels) without a memmove call each.
                            if sampleWidth == 1 {
                                input[row] = features[sample]
                            } else {
                                (input + row * sampleWidth).update(
                                    from: features + sample * sampleWidth, count: sampleWidth)
                            }
                            if targetWidth == 1 {
                                targets[row] = targetValues[sample]
                            } else {
                                (targets + row * targetWidth).update(
                                    from: targetValues + sample * targetWidth, count: targetWidth)
                            }
                        }
                        try step(rows: rows)
                    }
                }
            }
        }
    }
}
