import Foundation
import VernierData
import VernierNN
import VernierOptimizers
import VernierTensor

/// The preallocated training step of one ``MLP`` that ``Trainer`` uses when the configuration allows it (see
/// ``Trainer/usesFusedStep`` and ``FusedMLPEngine``): no tape, no tensors, no heap allocation after the first step.
///
/// The parameters live in one flat buffer in ``MLP``'s visiting order (weight, bias per layer). A step runs the
/// forward (bias pre-fill plus one `sgemm` with `beta = 1` per layer, activation in place), the loss and its
/// gradient with respect to the last pre-activation in one loop (softmax cross-entropy, binary cross-entropy
/// with logits or mean squared error), the backward (`sgemm` with the transposes passed to BLAS, column sums
/// for the bias, the activation derivative in place) and the optimizer's own update kernel on each parameter
/// (``FlatUpdatingOptimizer``), so the update and the optimizer state are exactly those of the tape path.
/// The element-wise activations use libm where the tape uses SIMD approximations, so weights agree with the tape
/// path to float rounding.
final class FusedMLPStep {
    enum Pointwise { case relu, tanh, sigmoid, identity }
    enum LossKind { case meanSquaredError, binaryCrossEntropyWithLogits, crossEntropy }

    let sizes: [Int]
    let batchSize: Int
    let lossKind: LossKind
    private let hiddenKind: Pointwise
    private let outputKind: Pointwise
    private let layerCount: Int
    private let weightOffsets: [Int]
    private let biasOffsets: [Int]
    let parameterCount: Int
    private let parameters: UnsafeMutablePointer<Float>
    private let gradient: UnsafeMutablePointer<Float>
    /// `activations[l]` is `[batchSize, sizes[l]]`; `activations[0]` holds the gathered inputs.
    private let activations: [UnsafeMutablePointer<Float>]
    private let deltas: [UnsafeMutablePointer<Float>]
    /// `[batchSize, outputWidth]` targets, or `[batchSize]` class indices for cross-entropy.
    let targets: UnsafeMutablePointer<Float>

    /// Sets the step up for `model` (parameters copied in). The configuration must have passed
    /// ``FusedSupport/check(sizes:activation:output:loss:batchSize:)``, the one place that decides what the step
    /// covers, and the model must have no dropout and a bias in every layer.
    init(model: MLP, loss: Loss, batchSize: Int) {
        let hidden = Self.pointwise(model.activation)!
        let output = Self.pointwise(model.output ?? .identity)!
        let sizes = model.sizes
        let outputWidth = sizes[sizes.count - 1]
        guard case .success(let lossKind) = Self.lossKind(loss, output: output, outputWidth: outputWidth)
        else { preconditionFailure("FusedMLPStep: loss \(loss) not supported (FusedSupport.check)") }
        self.lossKind = lossKind
        self.sizes = sizes
        self.batchSize = batchSize
        hiddenKind = hidden
        outputKind = output
        layerCount = sizes.count - 1
        var weightOffsets: [Int] = []
        var biasOffsets: [Int] = []
        var offset = 0
        for layer in 0..<layerCount {
            weightOffsets.append(offset)
            offset += sizes[layer] * sizes[layer + 1]
            biasOffsets.append(offset)
            offset += sizes[layer + 1]
        }
        self.weightOffsets = weightOffsets
        self.biasOffsets = biasOffsets
        parameterCount = offset
        parameters = .allocate(capacity: offset)
        parameters.initialize(repeating: 0, count: offset)
        gradient = .allocate(capacity: offset)
        gradient.initialize(repeating: 0, count: offset)
        activations = sizes.map { width in
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: batchSize * width)
            buffer.initialize(repeating: 0, count: batchSize * width)
            return buffer
        }
        deltas = sizes.map { width in
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: batchSize * width)
            buffer.initialize(repeating: 0, count: batchSize * width)
            return buffer
        }
        targets = .allocate(capacity: batchSize * outputWidth)
        targets.initialize(repeating: 0, count: batchSize * outputWidth)
        load(from: model)
    }

    deinit {
        parameters.deallocate()
        gradient.deallocate()
        for buffer in activations { buffer.deallocate() }
        for buffer in deltas { buffer.deallocate() }
        targets.deallocate()
    }

    /// The input rows of the next step (`[batchSize, inputWidth]`).
    var input: UnsafeMutablePointer<Float> { activations[0] }

    /// Floating-point operations of the largest matrix product of a step (2 · batch · in · out of the widest layer).
    var largestProductOperations: Int {
        (0..<layerCount).map { 2 * batchSize * sizes[$0] * sizes[$0 + 1] }.max() ?? 0
    }

    /// The flat parameters (``MLP``'s visiting order: weight, bias per layer).
    var parameterValues: UnsafeBufferPointer<Float> { UnsafeBufferPointer(start: parameters, count: parameterCount) }

    /// The model outputs of the last step (`rows × outputWidth`, after the output activation).
    func output(rows: Int) -> UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(start: activations[layerCount], count: rows * sizes[layerCount])
    }

    /// Copies the model's parameters into the flat buffer.
    func load(from model: MLP) { FlatParameters.load(model, into: parameters) }

    /// Writes the flat buffer back into the model's parameter tensors.
    func store(into model: inout MLP) { FlatParameters.store(parameters, into: &model) }

    /// One training step on the `rows` samples gathered into ``input`` and ``targets``: returns the batch loss
    /// (mean reduction) and, when it is finite, updates the parameters with `optimizer`.
    func step<Opt: FlatUpdatingOptimizer>(rows: Int, optimizer: inout Opt) -> Float {
        forward(rows: rows)
        let lossValue = lossAndGradient(rows: rows)
        guard lossValue.isFinite else { return lossValue }
        backward(rows: rows)
        optimizer.beginFlatStep()
        for layer in 0..<layerCount {
            let (width, next) = (sizes[layer], sizes[layer + 1])
            optimizer.updateFlat(
                parameter: 2 * layer,
                UnsafeMutableBufferPointer(start: parameters + weightOffsets[layer], count: width * next),
                gradient: UnsafeBufferPointer(start: gradient + weightOffsets[layer], count: width * next))
            optimizer.updateFlat(
                parameter: 2 * layer + 1,
                UnsafeMutableBufferPointer(start: parameters + biasOffsets[layer], count: next),
                gradient: UnsafeBufferPointer(start: gradient + biasOffsets[layer], count: next))
        }
        return lossValue
    }

    /// z = bias rows + a·W (one sgemm with beta = 1), then the activation in place, layer by layer.
    private func forward(rows: Int) {
        for layer in 0..<layerCount {
            let (width, next) = (sizes[layer], sizes[layer + 1])
            let out = activations[layer + 1]
            let bias = parameters + biasOffsets[layer]
            for row in 0..<rows { (out + row * next).update(from: bias, count: next) }
            MatrixMultiply.gemm(
                m: rows, n: next, k: width, a: activations[layer], b: parameters + weightOffsets[layer], beta: 1,
                c: out)
            Self.apply(layer == layerCount - 1 ? outputKind : hiddenKind, out, rows * next)
        }
    }

    /// The loss and its gradient with respect to the last pre-activation, in one pass over the outputs.
    private func lossAndGradient(rows: Int) -> Float {
        let outputWidth = sizes[layerCount]
        let prediction = activations[layerCount]
        let delta = deltas[layerCount]
        switch lossKind {
        case .meanSquaredError:
            let elements = rows * outputWidth
            let scale = 1 / Float(elements)
            var sum: Float = 0
            for i in 0..<elements {
                let difference = prediction[i] - targets[i]
                sum += difference * difference
                delta[i] = 2 * difference * scale
            }
            Self.multiplyByDerivative(outputKind, delta, prediction, elements)
            return sum * scale
        case .binaryCrossEntropyWithLogits:
            let elements = rows * outputWidth
            let scale = 1 / Float(elements)
            var sum: Float = 0
            for i in 0..<elements {
                let x = prediction[i]
                let y = targets[i]
                sum += Swift.max(x, 0) - x * y + Foundation.log1p(Foundation.exp(-Swift.abs(x)))
                delta[i] = (1 / (1 + Foundation.exp(-x)) - y) * scale
            }
            return sum * scale
        case .crossEntropy:
            // Softmax cross-entropy per row: loss = logsumexp(x) − x[label], ∂/∂x = softmax(x) − onehot(label).
            let scale = 1 / Float(rows)
            var sum: Float = 0
            for row in 0..<rows {
                let x = prediction + row * outputWidth
                let d = delta + row * outputWidth
                let labelValue = targets[row]
                let label = Int(labelValue)
                precondition(
                    Float(label) == labelValue && label >= 0 && label < outputWidth,
                    "crossEntropy: label \(labelValue) is not a class index in 0..<\(outputWidth)")
                var largest = x[0]
                for j in 1..<outputWidth { largest = Swift.max(largest, x[j]) }
                var total: Float = 0
                for j in 0..<outputWidth {
                    let e = Foundation.exp(x[j] - largest)
                    d[j] = e
                    total += e
                }
                sum += largest + Foundation.log(total) - x[label]
                let factor = scale / total
                for j in 0..<outputWidth { d[j] *= factor }
                d[label] -= scale
            }
            return sum * scale
        }
    }

    /// ∂W = aᵀ·δ, ∂b = column sums of δ, δ_prev = (δ·Wᵀ) ⊙ f′(a), from the last layer to the first.
    private func backward(rows: Int) {
        for layer in stride(from: layerCount - 1, through: 0, by: -1) {
            let (width, next) = (sizes[layer], sizes[layer + 1])
            let layerDelta = deltas[layer + 1]
            MatrixMultiply.gemm(
                transposeA: true, m: width, n: next, k: rows, a: activations[layer], b: layerDelta,
                c: gradient + weightOffsets[layer])
            let biasGradient = gradient + biasOffsets[layer]
            biasGradient.update(repeating: 0, count: next)
            for row in 0..<rows {
                let source = layerDelta + row * next
                for j in 0..<next { biasGradient[j] += source[j] }
            }
            if layer > 0 {
                let previous = deltas[layer]
                MatrixMultiply.gemm(
                    transposeB: true, m: rows, n: width, k: next, a: layerDelta, b: parameters + weightOffsets[layer],
                    c: previous)
                Self.multiplyByDerivative(hiddenKind, previous, activations[layer], rows * width)
            }
        }
    }

    /// Why the fused step cannot train with a loss (see ``lossKind(_:output:outputWidth:)``).
    struct UnsupportedLoss: Error {
        /// What is not supported, e.g. `loss hinge`.
        let what: String
    }

    /// How the fused step computes `loss` on `outputWidth` outputs after `output`: MSE after any pointwise output,
    /// BCE with logits and cross-entropy on raw scores (cross-entropy on more than one output); otherwise the
    /// reason it cannot, which ``FusedSupport`` reports.
    static func lossKind(_ loss: Loss, output: Pointwise, outputWidth: Int) -> Result<LossKind, UnsupportedLoss> {
        switch loss {
        case .meanSquaredError:
            return .success(.meanSquaredError)
        case .binaryCrossEntropyWithLogits:
            guard output == .identity else {
                return .failure(UnsupportedLoss(what: "binary cross-entropy with logits after an output activation"))
            }
            return .success(.binaryCrossEntropyWithLogits)
        case .crossEntropy:
            guard output == .identity, outputWidth > 1 else {
                return .failure(UnsupportedLoss(what: "cross-entropy after an output activation or with one output"))
            }
            return .success(.crossEntropy)
        default:
            return .failure(UnsupportedLoss(what: "loss \(loss)"))
        }
    }

    static func pointwise(_ activation: Activation) -> Pointwise? {
        switch activation {
        case .relu: .relu
        case .tanh: .tanh
        case .sigmoid: .sigmoid
        case .identity: .identity
        default: nil
        }
    }

    static func apply(_ kind: Pointwise, _ values: UnsafeMutablePointer<Float>, _ count: Int) {
        switch kind {
        case .relu: for i in 0..<count { values[i] = Swift.max(values[i], 0) }
        case .tanh: for i in 0..<count { values[i] = Foundation.tanh(values[i]) }
        case .sigmoid: for i in 0..<count { values[i] = 1 / (1 + Foundation.exp(-values[i])) }
        case .identity: break
        }
    }

    static func multiplyByDerivative(
        _ kind: Pointwise, _ delta: UnsafeMutablePointer<Float>, _ activated: UnsafeMutablePointer<Float>, _ count: Int
    ) {
        switch kind {
        case .relu: reluBackward(delta, activated, count)
        case .tanh: for i in 0..<count { delta[i] *= 1 - activated[i] * activated[i] }
        case .sigmoid: for i in 0..<count { delta[i] *= activated[i] * (1 - activated[i]) }
        case .identity: break
        }
    }
}

/// `delta[i] = 0` where `activated[i] <= 0` (the ReLU derivative), four lanes at a time with a compare mask: the
/// scalar loop compiles to a data-dependent branch, which mispredicts on about half the elements.
@inline(__always)
func reluBackward(_ delta: UnsafeMutablePointer<Float>, _ activated: UnsafeMutablePointer<Float>, _ count: Int) {
    var i = 0
    while i + 4 <= count {
        let a = UnsafeRawPointer(activated + i).loadUnaligned(as: SIMD4<Float>.self)
        var d = UnsafeRawPointer(delta + i).loadUnaligned(as: SIMD4<Float>.self)
        d.replace(with: 0, where: a .<= 0)
        UnsafeMutableRawPointer(delta + i).storeBytes(of: d, as: SIMD4<Float>.self)
        i += 4
    }
    while i < count {
        if activated[i] <= 0 { delta[i] = 0 }
        i += 1
    }
}

extension FusedMLPStep: FusedStep {
    /// The input width.
    var sampleWidth: Int { sizes[0] }
    /// One class index for cross-entropy, else one target per output.
    var targetWidth: Int { lossKind == .crossEntropy ? 1 : sizes[sizes.count - 1] }
}
