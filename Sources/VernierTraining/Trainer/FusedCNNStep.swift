import VernierNN
import VernierOptimizers
import VernierTensor

/// The preallocated training step of a convolutional network (``FusedCNNLayout``: pooled convolutions, then linear
/// layers with ReLU between them) with softmax cross-entropy, that ``FusedCNNEngine`` runs: every buffer — the
/// flat parameters and gradient, the gathered batch, each layer's output and gradient, the pooling winners, the
/// convolutions' scratch and the loss's — is allocated once for the largest batch, and a steady-state step allocates
/// nothing (its batch splits hand the second core a job on the caller's stack, `ShareWorker` in VernierTensor).
///
/// A step runs the same kernels as the tape's ops, on the same chunks in the same order (forward, loss, backward,
/// then the optimizer's flat update kernel on each parameter in the model's visiting order,
/// ``FlatUpdatingOptimizer``), so the losses, weights and optimizer state are bit-identical to the tape's. A
/// shorter batch (the epoch's last) runs on the first rows of the same buffers.
final class FusedCNNStep {
    let layout: FusedCNNLayout
    /// The most rows a step takes.
    let batchSize: Int
    let parameterCount: Int
    /// Offsets of each layer's weight and bias in the flat buffers (convolutions first, then linear layers).
    private let weightOffsets: [Int]
    private let biasOffsets: [Int]
    private let parameters: UnsafeMutablePointer<Float>
    private let gradient: UnsafeMutablePointer<Float>
    /// The gathered input rows (`[batchSize, inputFloats]`).
    let input: UnsafeMutablePointer<Float>
    /// Class indices of the gathered rows (`[batchSize]`).
    let targets: UnsafeMutablePointer<Float>
    /// Each convolution's pooled output and its gradient (`[batchSize, pooledFloats]`), and its winners.
    private let pooled: [UnsafeMutablePointer<Float>]
    private let pooledGradients: [UnsafeMutablePointer<Float>]
    private let winners: [UnsafeMutablePointer<UInt8>]
    /// The linear layers' outputs (`hidden[j]` is `[batchSize, head[j + 1]]`, the last the logits) and gradients.
    private let hidden: [UnsafeMutablePointer<Float>]
    private let hiddenGradients: [UnsafeMutablePointer<Float>]
    /// The convolutions' working memory (they run one after the other) and the loss's `3 · batchSize` floats.
    private let scratch: UnsafeMutablePointer<Float>
    private let lossScratch: UnsafeMutablePointer<Float>

    /// Sets the step up for `model` (parameters copied in), laid out as `layout`, for batches of up to `batchSize`.
    init(model: Sequential, layout: FusedCNNLayout, batchSize: Int) {
        self.layout = layout
        self.batchSize = batchSize
        var weightOffsets: [Int] = []
        var biasOffsets: [Int] = []
        var offset = 0
        for conv in layout.convolutions {
            weightOffsets.append(offset)
            offset += conv.weightCount
            biasOffsets.append(offset)
            offset += conv.outputs
        }
        for j in 0..<(layout.head.count - 1) {
            weightOffsets.append(offset)
            offset += layout.head[j] * layout.head[j + 1]
            biasOffsets.append(offset)
            offset += layout.head[j + 1]
        }
        self.weightOffsets = weightOffsets
        self.biasOffsets = biasOffsets
        parameterCount = offset
        parameters = Self.zeroed(offset)
        gradient = Self.zeroed(offset)
        input = Self.zeroed(batchSize * layout.inputFloats)
        targets = Self.zeroed(batchSize)
        pooled = layout.convolutions.map { Self.zeroed(batchSize * $0.pooledFloats) }
        pooledGradients = layout.convolutions.map { Self.zeroed(batchSize * $0.pooledFloats) }
        winners = layout.convolutions.map { conv in
            let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: batchSize * conv.pooledFloats)
            bytes.initialize(repeating: 0, count: batchSize * conv.pooledFloats)
            return bytes
        }
        hidden = layout.head.dropFirst().map { Self.zeroed(batchSize * $0) }
        hiddenGradients = layout.head.dropFirst().map { Self.zeroed(batchSize * $0) }
        scratch = Self.zeroed(layout.convolutions.map(\.scratchFloats).max() ?? 0)
        lossScratch = Self.zeroed(3 * batchSize)
        load(from: model)
    }

    deinit {
        for buffer in [parameters, gradient, input, targets, scratch, lossScratch] + pooled + pooledGradients + hidden
            + hiddenGradients
        {
            buffer.deallocate()
        }
        for bytes in winners { bytes.deallocate() }
    }

    /// `count` zeros, 64-byte aligned like the tape's tensor buffers (freed with `deallocate()`).
    private static func zeroed(_ count: Int) -> UnsafeMutablePointer<Float> {
        let floats = Swift.max(count, 1)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: floats * MemoryLayout<Float>.stride, alignment: 64)
        return raw.initializeMemory(as: Float.self, repeating: 0, count: floats)
    }

    /// The classes (width of the logits).
    var classes: Int { layout.head[layout.head.count - 1] }

    /// The logits of the last step's `rows` samples.
    func output(rows: Int) -> UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(start: hidden[hidden.count - 1], count: rows * classes)
    }

    /// Copies the model's parameters into the flat buffer (visiting order: weight, bias per layer).
    func load(from model: Sequential) { FlatParameters.load(model, into: parameters) }

    /// Writes the flat buffer back into the model's parameter tensors.
    func store(into model: inout Sequential) { FlatParameters.store(parameters, into: &model) }

    /// One training step on the `rows` samples gathered into ``input`` and ``targets``: returns the batch loss
    /// (mean cross-entropy) and, when it is finite, updates the parameters with `optimizer`.
    func step<Opt: FlatUpdatingOptimizer>(rows: Int, optimizer: inout Opt) -> Float {
        forward(rows: rows)
        let logits = hidden[hidden.count - 1]
        let lossValue = StepKernels.softmaxCrossEntropy(
            logits: logits, labels: targets, rows: rows, classes: classes,
            gradient: hiddenGradients[hiddenGradients.count - 1], scratch: lossScratch)
        guard lossValue.isFinite else { return lossValue }
        backward(rows: rows)
        optimizer.beginFlatStep()
        // Parameter 2·l is layer l's weight, 2·l + 1 its bias; each ends where the next begins.
        for index in 0..<(2 * weightOffsets.count) {
            let layer = index / 2
            let start = index % 2 == 0 ? weightOffsets[layer] : biasOffsets[layer]
            let end =
                index % 2 == 0
                ? biasOffsets[layer] : (layer + 1 < weightOffsets.count ? weightOffsets[layer + 1] : parameterCount)
            optimizer.updateFlat(
                parameter: index, UnsafeMutableBufferPointer(start: parameters + start, count: end - start),
                gradient: UnsafeBufferPointer(start: gradient + start, count: end - start))
        }
        return lossValue
    }

    private func forward(rows: Int) {
        var source = UnsafePointer(input)
        for i in 0..<pooled.count {
            layout.convolutions[i].forward(
                batch: rows, input: source, weight: parameters + weightOffsets[i], bias: parameters + biasOffsets[i],
                pooled: pooled[i], winners: winners[i], scratch: scratch)
            source = UnsafePointer(pooled[i])
        }
        let first = layout.convolutions.count
        for j in 0..<hidden.count {
            let (inFeatures, outFeatures) = (layout.head[j], layout.head[j + 1])
            StepKernels.linear(
                source, parameters + weightOffsets[first + j], bias: parameters + biasOffsets[first + j], rows: rows,
                inFeatures: inFeatures, outFeatures: outFeatures, into: hidden[j])
            if j < hidden.count - 1 { StepKernels.relu(hidden[j], hidden[j], rows * outFeatures) }
            source = UnsafePointer(hidden[j])
        }
    }

    /// From the logits' gradient (written by the loss) back to the first convolution's parameters.
    private func backward(rows: Int) {
        let first = layout.convolutions.count
        let lastPooled = pooled[first - 1]
        for j in stride(from: hidden.count - 1, through: 0, by: -1) {
            let (inFeatures, outFeatures) = (layout.head[j], layout.head[j + 1])
            let delta = UnsafePointer(hiddenGradients[j])
            let layerInput = UnsafePointer(j == 0 ? lastPooled : hidden[j - 1])
            let target = j == 0 ? pooledGradients[first - 1] : hiddenGradients[j - 1]
            StepKernels.linearInputGradient(
                delta, parameters + weightOffsets[first + j], rows: rows, inFeatures: inFeatures,
                outFeatures: outFeatures, into: target)
            StepKernels.linearWeightGradient(
                layerInput, delta, rows: rows, inFeatures: inFeatures, outFeatures: outFeatures,
                into: gradient + weightOffsets[first + j])
            StepKernels.columnSums(delta, rows: rows, columns: outFeatures, into: gradient + biasOffsets[first + j])
            if j > 0 { StepKernels.reluGradient(target, activated: hidden[j - 1], rows * inFeatures) }
        }
        for i in stride(from: first - 1, through: 0, by: -1) {
            layout.convolutions[i].backward(
                batch: rows, upstream: pooledGradients[i], pooled: pooled[i], winners: winners[i],
                input: i == 0 ? input : pooled[i - 1], weight: parameters + weightOffsets[i],
                inputGradient: i == 0 ? nil : pooledGradients[i - 1], weightGradient: gradient + weightOffsets[i],
                biasGradient: gradient + biasOffsets[i], scratch: scratch)
        }
    }
}

extension FusedCNNStep: FusedStep {
    /// The floats of one image.
    var sampleWidth: Int { layout.inputFloats }
    /// One class index (the CNN trains with cross-entropy).
    var targetWidth: Int { 1 }
}
