import CVernierKernels
import Foundation
import VernierData
import VernierNN
import VernierRandom
import VernierTensor

/// Trains K same-shape multilayer perceptrons (K trials of a study) in one pass with a fused, allocation-free step.
///
/// The K members' parameters live in one stacked `[K, P]` buffer (P = parameters per member, in ``MLP``'s
/// visiting order), as do their optimizer states; each member has its own seed (initial weights and batch order),
/// learning rate, momentum and weight decay. Every step runs, for each member, the forward (bias pre-fill plus one
/// `sgemm` per layer, activation in place), the loss and its gradient in one loop, the backward (two `sgemm` per
/// layer with the transposes passed to BLAS, column sums for the bias) and one fused optimizer pass over the
/// member's whole parameter vector. All buffers are allocated once, so the steady-state step makes no heap
/// allocation.
///
/// Member k follows exactly the path of the sequential run
/// `var rng = Xoshiro256(seed: s); var model = MLP(sizes:…, using: &rng); Trainer(…).fit(&model, …, using: &rng)`:
/// the same initial weights, the same shuffled batches, the same `sgemm` calls and update rules (the element-wise
/// activations use libm instead of the tape's SIMD approximations, so weights agree to float rounding).
/// Members are independent: the result of a member does not depend on which others run beside it.
///
/// Supported: hidden activations relu, tanh, sigmoid, identity; output none, identity or sigmoid; losses
/// mean squared error and binary cross-entropy with logits; SGD (with momentum) and Adam.
///
/// ```swift
/// let spirals = Spirals(train: 4000, validation: 1000, seed: 1234)
/// let members = (0..<100).map { VectorizedMember(seed: UInt64($0 % 10), learningRate: 0.001 * Float($0 / 10 + 1)) }
/// let trainer = try VectorizedMLPTrainer(
///     sizes: [2, 10, 1], activation: .relu, output: .sigmoid, loss: .meanSquaredError, optimizer: .sgd,
///     batchSize: 10, members: members)
/// let losses = try trainer.fit(on: spirals.train, epochs: 10)   // [member][epoch] mean training loss
/// let best = trainer.model(member: 0)                           // an MLP, ready for evaluate(...)
/// ```
public final class VectorizedMLPTrainer {
    /// The layer widths, input first.
    public let sizes: [Int]
    /// The hidden activation.
    public let activation: Activation
    /// The output activation (`nil`: none).
    public let output: Activation?
    /// The loss minimized.
    public let loss: Loss
    /// The update rule.
    public let optimizer: VectorizedOptimizer
    /// Samples per step.
    public let batchSize: Int
    /// The members, in order.
    public let members: [VectorizedMember]
    /// The number of parameters of one member.
    public let parameterCount: Int
    /// Whether a member's loss became NaN or infinite (its training then stopped; the others go on).
    public private(set) var diverged: [Bool]

    private typealias Pointwise = FusedMLPStep.Pointwise
    private enum LossKind { case meanSquaredError, binaryCrossEntropyWithLogits }

    private let hiddenKind: Pointwise
    private let outputKind: Pointwise
    private let lossKind: LossKind
    private let layerCount: Int
    private let weightOffsets: [Int]
    private let biasOffsets: [Int]
    private let loaderSeeds: [UInt64]
    private var loaders: [DataLoader<TensorDataset>] = []
    private var updateCounts: [Int]

    /// `[K, P]` parameters, `[K, P]` first and second optimizer states, `[P]` gradient scratch.
    private let parameters: UnsafeMutablePointer<Float>
    private let firstState: UnsafeMutablePointer<Float>
    private let secondState: UnsafeMutablePointer<Float>
    private let gradient: UnsafeMutablePointer<Float>
    /// `activations[l]` is `[batchSize, sizes[l]]` (`l = 0`: the gathered inputs); `deltas[l]` likewise.
    private let activations: [UnsafeMutablePointer<Float>]
    private let deltas: [UnsafeMutablePointer<Float>]
    private let targets: UnsafeMutablePointer<Float>

    /// Creates the run and draws every member's initial weights (as `MLP(sizes:…, using:)` does).
    ///
    /// ```swift
    /// let trainer = try VectorizedMLPTrainer(
    ///     sizes: [2, 32, 32, 1], activation: .tanh, output: nil, loss: .binaryCrossEntropyWithLogits,
    ///     optimizer: .adam(), batchSize: 10, members: [VectorizedMember(seed: 0, learningRate: 0.01)])
    /// ```
    public init(
        sizes: [Int], activation: Activation, output: Activation?, loss: Loss, optimizer: VectorizedOptimizer,
        batchSize: Int, members: [VectorizedMember]
    ) throws(VectorizedTrainingError) {
        try Self.checkSupport(sizes: sizes, activation: activation, output: output, loss: loss, batchSize: batchSize)
        guard !members.isEmpty else { throw .unsupported("empty member list") }
        hiddenKind = FusedMLPStep.pointwise(activation)!
        outputKind = FusedMLPStep.pointwise(output ?? .identity)!
        lossKind = loss == .meanSquaredError ? .meanSquaredError : .binaryCrossEntropyWithLogits
        self.sizes = sizes
        self.activation = activation
        self.output = output
        self.loss = loss
        self.optimizer = optimizer
        self.batchSize = batchSize
        self.members = members
        layerCount = sizes.count - 1
        var weightOffsets: [Int] = []
        var biasOffsets: [Int] = []
        var offset = 0
        for layer in 0..<(sizes.count - 1) {
            weightOffsets.append(offset)
            offset += sizes[layer] * sizes[layer + 1]
            biasOffsets.append(offset)
            offset += sizes[layer + 1]
        }
        self.weightOffsets = weightOffsets
        self.biasOffsets = biasOffsets
        parameterCount = offset
        diverged = Array(repeating: false, count: members.count)
        updateCounts = Array(repeating: 0, count: members.count)
        let total = members.count * offset
        parameters = .allocate(capacity: total)
        firstState = .allocate(capacity: total)
        firstState.initialize(repeating: 0, count: total)
        secondState = .allocate(capacity: total)
        secondState.initialize(repeating: 0, count: total)
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
        targets = .allocate(capacity: batchSize * sizes[sizes.count - 1])
        targets.initialize(repeating: 0, count: batchSize * sizes[sizes.count - 1])
        var seeds: [UInt64] = []
        for (index, member) in members.enumerated() {
            var generator = Xoshiro256(seed: member.seed)
            var model = MLP(sizes: sizes, activation: activation, output: output, using: &generator)
            var position = parameters + index * offset
            model.updateParameters { parameter in
                parameter.withUnsafeBufferPointer { buffer in
                    position.initialize(from: buffer.baseAddress!, count: buffer.count)
                    position += buffer.count
                }
            }
            // `Trainer.fit` seeds its DataLoader with the next draw of the same generator.
            seeds.append(generator.next())
        }
        loaderSeeds = seeds
    }

    /// Throws ``VectorizedTrainingError/unsupported(_:)`` naming what the fused step does not implement for this
    /// shape, activation, output, loss and batch size (nothing is allocated); returns when it can train it.
    ///
    /// ```swift
    /// try VectorizedMLPTrainer.checkSupport(
    ///     sizes: [2, 8, 1], activation: .tanh, output: nil, loss: .binaryCrossEntropyWithLogits, batchSize: 10)
    /// ```
    public static func checkSupport(
        sizes: [Int], activation: Activation, output: Activation?, loss: Loss, batchSize: Int
    ) throws(VectorizedTrainingError) {
        guard sizes.count >= 2, sizes.allSatisfy({ $0 > 0 }) else {
            throw .unsupported("layer sizes \(sizes) (need at least two positive widths)")
        }
        guard batchSize > 0 else { throw .unsupported("batch size \(batchSize)") }
        guard FusedMLPStep.pointwise(activation) != nil else {
            throw .unsupported("hidden activation \(activation)")
        }
        guard let outputKind = FusedMLPStep.pointwise(output ?? .identity),
            outputKind == .identity || outputKind == .sigmoid
        else { throw .unsupported("output activation \(output.map { "\($0)" } ?? "none")") }
        switch loss {
        case .meanSquaredError: break
        case .binaryCrossEntropyWithLogits:
            guard outputKind == .identity else {
                throw .unsupported("binary cross-entropy with logits after an output activation")
            }
        default: throw .unsupported("loss \(loss)")
        }
    }

    deinit {
        parameters.deallocate()
        firstState.deallocate()
        secondState.deallocate()
        gradient.deallocate()
        for buffer in activations { buffer.deallocate() }
        for buffer in deltas { buffer.deallocate() }
        targets.deallocate()
    }

    /// Trains every member for `epochs` passes over `train` (reshuffled per member and epoch, as ``Trainer``
    /// does) and returns each member's mean training loss per epoch (`[member][epoch]`). Calling it again
    /// continues training.
    ///
    /// ```swift
    /// let losses = try trainer.fit(on: spirals.train, epochs: 10)
    /// ```
    public func fit(on train: TensorDataset, epochs: Int) throws(VectorizedTrainingError) -> [[Double]] {
        let inputWidth = sizes[0]
        let outputWidth = sizes[sizes.count - 1]
        guard train.features.rank == 2, train.features.shape[1] == inputWidth else {
            throw .dataShape("features have shape \(train.features.shape), the network expects [n, \(inputWidth)]")
        }
        guard train.targets.count == train.count * outputWidth else {
            throw .dataShape("targets have shape \(train.targets.shape), the network outputs [n, \(outputWidth)]")
        }
        let count = train.count
        guard count > 0 else { throw .dataShape("the training set is empty") }
        if loaders.isEmpty {
            loaders = loaderSeeds.map { DataLoader(train, batchSize: batchSize, shuffle: true, seed: $0) }
        }
        var losses: [[Double]] = members.map { _ in
            var perEpoch: [Double] = []
            perEpoch.reserveCapacity(epochs)
            return perEpoch
        }
        let stepsPerEpoch = (count + batchSize - 1) / batchSize
        var lossSums = [Double](repeating: 0, count: members.count)
        train.features.withUnsafeBufferPointer { featureBuffer in
            train.targets.withUnsafeBufferPointer { targetBuffer in
                let features = featureBuffer.baseAddress!
                let targetValues = targetBuffer.baseAddress!
                for _ in 0..<epochs {
                    // Member-major within the epoch: one member's order, parameters and state stay in cache for
                    // its whole pass (members are independent, so the order does not change any result).
                    for member in members.indices {
                        _ = loaders[member].epoch()
                        lossSums[member] = 0
                        guard !diverged[member] else { continue }
                        loaders[member].currentOrder.withUnsafeBufferPointer { order in
                            for step in 0..<stepsPerEpoch {
                                let start = step * batchSize
                                let rows = Swift.min(batchSize, count - start)
                                for row in 0..<rows {
                                    let sample = order[start + row]
                                    (activations[0] + row * inputWidth).update(
                                        from: features + sample * inputWidth, count: inputWidth)
                                    (targets + row * outputWidth).update(
                                        from: targetValues + sample * outputWidth, count: outputWidth)
                                }
                                let value = trainStep(member: member, rows: rows)
                                if value.isFinite {
                                    lossSums[member] += Double(value) * Double(rows)
                                } else {
                                    diverged[member] = true
                                    lossSums[member] = .nan
                                    break
                                }
                            }
                        }
                    }
                    for member in members.indices { losses[member].append(lossSums[member] / Double(count)) }
                }
            }
        }
        return losses
    }

    /// One fused training step of `member` on the batch already gathered into `activations[0]` and `targets`;
    /// returns the batch loss. Allocates nothing.
    private func trainStep(member: Int, rows: Int) -> Float {
        let base = parameters + member * parameterCount
        // Forward: z = bias rows + a·W (one sgemm with beta = 1), then the activation in place.
        for layer in 0..<layerCount {
            let (width, next) = (sizes[layer], sizes[layer + 1])
            let out = activations[layer + 1]
            let bias = base + biasOffsets[layer]
            for row in 0..<rows { (out + row * next).update(from: bias, count: next) }
            MatrixMultiply.gemm(
                m: rows, n: next, k: width, a: activations[layer], b: base + weightOffsets[layer], beta: 1, c: out)
            FusedMLPStep.apply(layer == layerCount - 1 ? outputKind : hiddenKind, out, rows * next)
        }
        // The loss and its gradient with respect to the last pre-activation, in one loop.
        let outputWidth = sizes[layerCount]
        let elements = rows * outputWidth
        let prediction = activations[layerCount]
        let delta = deltas[layerCount]
        let scale = 1 / Float(elements)
        var sum: Float = 0
        switch lossKind {
        case .meanSquaredError:
            let sigmoidOutput = outputKind == .sigmoid
            for i in 0..<elements {
                let p = prediction[i]
                let difference = p - targets[i]
                sum += difference * difference
                let g = 2 * difference * scale
                delta[i] = sigmoidOutput ? g * (p * (1 - p)) : g
            }
        case .binaryCrossEntropyWithLogits:
            for i in 0..<elements {
                let x = prediction[i]
                let y = targets[i]
                sum += Swift.max(x, 0) - x * y + Foundation.log1p(Foundation.exp(-Swift.abs(x)))
                delta[i] = (1 / (1 + Foundation.exp(-x)) - y) * scale
            }
        }
        let lossValue = sum * scale
        guard lossValue.isFinite else { return lossValue }
        // Backward: ∂W = aᵀ·δ, ∂b = column sums of δ, δ_prev = (δ·Wᵀ) ⊙ f′(a).
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
                    transposeB: true, m: rows, n: width, k: next, a: layerDelta, b: base + weightOffsets[layer],
                    c: previous)
                FusedMLPStep.multiplyByDerivative(hiddenKind, previous, activations[layer], rows * width)
            }
        }
        update(member: member, base: base)
        return lossValue
    }

    /// One fused optimizer pass over the member's whole parameter vector (the rules of ``SGD`` and ``Adam``).
    private func update(member: Int, base: UnsafeMutablePointer<Float>) {
        let settings = members[member]
        let (rate, decay, momentum) = (settings.learningRate, settings.weightDecay, settings.momentum)
        let first = firstState + member * parameterCount
        updateCounts[member] += 1
        switch optimizer {
        case .sgd:
            if momentum == 0 {
                for i in 0..<parameterCount {
                    let p = base[i]
                    base[i] = p - rate * (gradient[i] + decay * p)
                }
            } else {
                let keep: Float = updateCounts[member] == 1 ? 0 : momentum
                for i in 0..<parameterCount {
                    let p = base[i]
                    let g = gradient[i] + decay * p
                    let b = keep * first[i] + g
                    first[i] = b
                    base[i] = p - rate * (0 * g + 1 * b)
                }
            }
        case .adam(let beta1, let beta2, let epsilon):
            let second = secondState + member * parameterCount
            let t = Double(updateCounts[member])
            let correction1 = 1 - Foundation.pow(Double(beta1), t)
            let correction2 = 1 - Foundation.pow(Double(beta2), t)
            let stepSize = Float(Double(rate) / correction1)
            let correction2Root = Float(correction2.squareRoot())
            let weight = 1 - beta1
            // torch.lerp(m, g, w); the same C kernel as VernierOptimizers' Adam, so the bits agree with `Trainer`.
            let fromFirst: Float = weight < 0.5 ? 1 : 0
            let lerpScale: Float = weight < 0.5 ? weight : -beta1
            vernier_adam_f32(
                base, gradient, first, second, parameterCount, fromFirst, 1 - fromFirst, lerpScale, beta2, 1 - beta2,
                epsilon, decay, 1, stepSize, correction2Root)
        }
    }

    /// The trained parameters of `member`, in ``MLP``'s visiting order (weight, bias per layer).
    ///
    /// ```swift
    /// let flat = trainer.parameters(member: 3)
    /// ```
    public func parameters(member: Int) -> [Float] {
        precondition(members.indices.contains(member), "VectorizedMLPTrainer: no member \(member)")
        return Array(UnsafeBufferPointer(start: parameters + member * parameterCount, count: parameterCount))
    }

    /// The trained network of `member` as an ``MLP`` (for ``evaluate(_:on:loss:metrics:)`` or checkpoints).
    ///
    /// ```swift
    /// let result = evaluate(trainer.model(member: 0), on: spirals.validation, loss: .meanSquaredError)
    /// ```
    public func model(member: Int) -> MLP {
        precondition(members.indices.contains(member), "VectorizedMLPTrainer: no member \(member)")
        var generator = Xoshiro256(seed: members[member].seed)
        var model = MLP(sizes: sizes, activation: activation, output: output, using: &generator)
        var position = UnsafePointer(parameters + member * parameterCount)
        model.updateParameters { parameter in
            parameter.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress!.update(from: position, count: buffer.count)
                position += buffer.count
            }
        }
        return model
    }
}
