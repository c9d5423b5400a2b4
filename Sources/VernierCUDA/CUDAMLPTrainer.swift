import Foundation
import VernierOptimizers
import VernierTensor

/// Trains a multilayer perceptron (Linear + ReLU hidden layers, a linear output, softmax cross-entropy, Adam) on
/// a CUDA device, with the training data, the weights, the gradients and the optimizer state kept on the device
/// across steps.
///
/// It mirrors the CPU path step for step so the two can be compared: parameters come in (and go out) as one flat
/// vector in ``MLP``'s visiting order (per layer the `[in, out]` weight, then the bias); the caller passes each
/// epoch's sample order (a ``DataLoader``'s `currentOrder`), so the same seed gives the same batches. Each step
/// gathers its batch on the device, runs the forward pass (cuBLAS GEMM, then a bias + ReLU kernel), the fused
/// softmax cross-entropy loss and gradient, the backward pass (GEMMs with transposes instead of copies, column
/// sums for the bias gradients, the ReLU derivative) and one Adam kernel over the whole parameter vector. Step
/// losses and the correct-prediction count stay on the device until the epoch ends (one download per epoch).
///
/// ```swift
/// var rng = Xoshiro256(seed: 0)
/// var model = MLP(sizes: [784, 200, 100, 50, 10], activation: .relu, using: &rng)
/// var loader = DataLoader(fashion.train, batchSize: 64, using: &rng)
/// var flat: [Float] = []
/// model.updateParameters { flat += $0.scalars }
/// let trainer = try CUDAMLPTrainer(
///     device: try CUDA.device(), sizes: [784, 200, 100, 50, 10], parameters: flat,
///     batchSize: 64, optimizer: .adam(learningRate: 1e-3))
/// try trainer.setTrainingData(features: fashion.train.features, labels: fashion.train.targets)
/// _ = loader.epoch()
/// let epoch = try trainer.trainEpoch(order: loader.currentOrder)   // epoch.meanLoss, epoch.accuracy
/// ```
public final class CUDAMLPTrainer {
    /// The layer widths, input first (the last is the number of classes).
    public let sizes: [Int]
    /// Samples per step.
    public let batchSize: Int
    /// Adam's step size.
    public var learningRate: Float
    /// Adam's first-moment decay.
    public let beta1: Float
    /// Adam's second-moment decay.
    public let beta2: Float
    /// Added to Adam's denominator.
    public let epsilon: Float
    /// L2 decay added to the gradient (PyTorch Adam's `weight_decay`).
    public let weightDecay: Float
    /// The number of parameters (weights and biases of every layer).
    public let parameterCount: Int
    /// The number of Adam updates applied so far.
    public private(set) var step = 0

    private let device: CUDADevice
    private let weightOffsets: [Int]
    private let biasOffsets: [Int]
    private let parameters: CUDABuffer
    private let gradient: CUDABuffer
    private let firstMoment: CUDABuffer
    private let secondMoment: CUDABuffer
    private let activations: [CUDABuffer]
    private let deltas: [CUDABuffer]
    private var features: CUDABuffer?
    private var labels: CUDABuffer?
    private var order: CUDABuffer?
    private var stepLosses: CUDABuffer?
    private let correct: CUDABuffer
    private var sampleCount = 0

    /// Allocates every buffer on `device` and uploads the initial `parameters` (``MLP`` order). The optimizer
    /// must be `.adam` (the one update kernel on the device); other settings throw
    /// ``CUDAError/invalidArgument(_:)``.
    ///
    /// ```swift
    /// let trainer = try CUDAMLPTrainer(
    ///     device: device, sizes: [4, 16, 3], parameters: flat, batchSize: 16, optimizer: .adam(learningRate: 0.01))
    /// ```
    public init(
        device: CUDADevice, sizes: [Int], parameters initial: [Float], batchSize: Int, optimizer: OptimizerSettings
    ) throws(CUDAError) {
        guard case .adam(let learningRate, let beta1, let beta2, let epsilon, let weightDecay) = optimizer else {
            throw .invalidArgument("optimizer \(optimizer.name) (the CUDA trainer runs Adam)")
        }
        guard sizes.count >= 2, sizes.allSatisfy({ $0 > 0 }) else {
            throw .invalidArgument("layer sizes \(sizes) (need at least two positive widths)")
        }
        guard batchSize > 0 else { throw .invalidArgument("batch size \(batchSize) (must be positive)") }
        let layout = Self.layout(sizes: sizes)
        guard initial.count == layout.count else {
            throw .invalidArgument("\(initial.count) parameters given, the layers \(sizes) have \(layout.count)")
        }
        self.device = device
        self.sizes = sizes
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        parameterCount = layout.count
        weightOffsets = layout.weights
        biasOffsets = layout.biases
        parameters = try device.upload(initial)
        gradient = try device.allocate(count: layout.count)
        firstMoment = try device.allocate(count: layout.count)
        secondMoment = try device.allocate(count: layout.count)
        try device.fill(gradient, value: 0)
        try device.fill(firstMoment, value: 0)
        try device.fill(secondMoment, value: 0)
        var activations: [CUDABuffer] = []
        var deltas: [CUDABuffer] = []
        for width in sizes {
            activations.append(try device.allocate(count: batchSize * width))
            deltas.append(try device.allocate(count: batchSize * width))
        }
        self.activations = activations
        self.deltas = deltas
        correct = try device.allocate(count: 1)
    }

    /// The offsets of each layer's weight and bias in the flat parameter vector, and its length.
    ///
    /// ```swift
    /// CUDAMLPTrainer.layout(sizes: [2, 3, 1])   // weights [0, 9], biases [6, 12], count 13
    /// ```
    public static func layout(sizes: [Int]) -> (weights: [Int], biases: [Int], count: Int) {
        var weights: [Int] = []
        var biases: [Int] = []
        var offset = 0
        for layer in 0..<(sizes.count - 1) {
            weights.append(offset)
            offset += sizes[layer] * sizes[layer + 1]
            biases.append(offset)
            offset += sizes[layer + 1]
        }
        return (weights, biases, offset)
    }

    /// Uploads the training set: `features` `[n, sizes[0]]` and class-index `labels` `[n]` (stored as floats, as
    /// the CPU cross-entropy takes them). Throws for a shape mismatch or a label outside `0..<classes`.
    ///
    /// ```swift
    /// try trainer.setTrainingData(features: train.features, labels: train.targets)
    /// ```
    public func setTrainingData(features: Tensor, labels: Tensor) throws(CUDAError) {
        let width = sizes[0]
        let classes = sizes[sizes.count - 1]
        guard features.rank == 2, features.shape[1] == width else {
            throw .invalidArgument("features have shape \(features.shape), the network expects [n, \(width)]")
        }
        let count = features.shape[0]
        guard labels.count == count else {
            throw .invalidArgument("\(labels.count) labels for \(count) samples")
        }
        guard count > 0 else { throw .invalidArgument("the training set is empty") }
        var indices = [Int32](repeating: 0, count: count)
        for (position, value) in labels.scalars.enumerated() {
            let index = Int(value)
            guard Float(index) == value, index >= 0, index < classes else {
                throw .invalidArgument("label \(value) of sample \(position) is not a class index in 0..<\(classes)")
            }
            indices[position] = Int32(index)
        }
        self.features = try device.upload(features)
        let labelBuffer = try device.allocate(count: count)
        try labelBuffer.upload(indices)
        self.labels = labelBuffer
        order = try device.allocate(count: count)
        stepLosses = try device.allocate(count: (count + batchSize - 1) / batchSize)
        sampleCount = count
    }

    /// The result of one epoch.
    public struct EpochResult: Sendable {
        /// The mean loss over the epoch's samples (each step's batch-mean loss weighted by its batch size, as
        /// ``Trainer`` reports `trainLoss`).
        public var meanLoss: Double
        /// Each step's batch-mean loss, in order.
        public var stepLosses: [Float]
        /// The fraction of samples whose largest logit was the label's (before each step's update).
        public var accuracy: Double
    }

    /// Trains one epoch over the samples in `order` (a permutation of the training indices; batches are its
    /// consecutive slices, the last one possibly smaller) and returns the losses.
    ///
    /// ```swift
    /// _ = loader.epoch()
    /// let result = try trainer.trainEpoch(order: loader.currentOrder)
    /// ```
    public func trainEpoch(order sampleOrder: [Int]) throws(CUDAError) -> EpochResult {
        guard let features, let labels, let order, let stepLosses else {
            throw .invalidArgument("trainEpoch before setTrainingData")
        }
        guard sampleOrder.count == sampleCount else {
            throw .invalidArgument("an order of \(sampleOrder.count) indices for \(sampleCount) samples")
        }
        var indices = [Int32](repeating: 0, count: sampleOrder.count)
        for (position, sample) in sampleOrder.enumerated() {
            guard sample >= 0 && sample < sampleCount else {
                throw .invalidArgument("order[\(position)] = \(sample) is not a sample index in 0..<\(sampleCount)")
            }
            indices[position] = Int32(sample)
        }
        try device.makeCurrent()
        try order.upload(indices)
        let steps = (sampleCount + batchSize - 1) / batchSize
        try device.fill(stepLosses, count: steps, value: 0)
        try device.fill(correct, value: 0)
        for index in 0..<steps {
            let start = index * batchSize
            let rows = Swift.min(batchSize, sampleCount - start)
            try trainStep(
                start: start, rows: rows, features: features, labels: labels, order: order,
                loss: stepLosses.address(offset: index))
        }
        let losses = try stepLosses.download(count: steps)
        let correctCount = try correct.downloadIntegers()[0]
        var sum = 0.0
        for (index, loss) in losses.enumerated() {
            sum += Double(loss) * Double(Swift.min(batchSize, sampleCount - index * batchSize))
        }
        return EpochResult(
            meanLoss: sum / Double(sampleCount), stepLosses: losses,
            accuracy: Double(correctCount) / Double(sampleCount))
    }

    /// One step on the rows `order[start..<start + rows]`; queues its work on the device's stream.
    private func trainStep(
        start: Int, rows: Int, features: CUDABuffer, labels: CUDABuffer, order: CUDABuffer, loss: UInt64
    ) throws(CUDAError) {
        let layers = sizes.count - 1
        var gather = KernelArguments()
        gather.append(features.address())
        gather.append(order.address())
        gather.append(Int32(start))
        gather.append(Int32(rows))
        gather.append(Int32(sizes[0]))
        gather.append(activations[0].address())
        try device.launch(.gatherRows, count: rows * sizes[0], gather)
        // Forward: z = a·W (cuBLAS), then z + b and ReLU (hidden layers) in one kernel.
        for layer in 0..<layers {
            let (width, next) = (sizes[layer], sizes[layer + 1])
            try device.gemm(
                m: rows, n: next, k: width, a: activations[layer], b: parameters, bOffset: weightOffsets[layer],
                c: activations[layer + 1])
            var bias = KernelArguments()
            bias.append(activations[layer + 1].address())
            bias.append(parameters.address(offset: biasOffsets[layer]))
            bias.append(Int32(rows))
            bias.append(Int32(next))
            bias.append(Int32(layer < layers - 1 ? 1 : 0))
            try device.launch(.biasActivation, count: rows * next, bias)
        }
        // Loss and its gradient with respect to the logits.
        var crossEntropy = KernelArguments()
        crossEntropy.append(activations[layers].address())
        crossEntropy.append(labels.address())
        crossEntropy.append(order.address())
        crossEntropy.append(Int32(start))
        crossEntropy.append(Int32(rows))
        crossEntropy.append(Int32(sizes[layers]))
        crossEntropy.append(deltas[layers].address())
        crossEntropy.append(loss)
        crossEntropy.append(correct.address())
        try device.launch(.softmaxCrossEntropy, count: rows, crossEntropy)
        // Backward: ∂W = aᵀ·δ, ∂b = column sums of δ, δ_prev = (δ·Wᵀ) ⊙ relu′(a).
        for layer in stride(from: layers - 1, through: 0, by: -1) {
            let (width, next) = (sizes[layer], sizes[layer + 1])
            try device.gemm(
                transposeA: true, m: width, n: next, k: rows, a: activations[layer], b: deltas[layer + 1],
                c: gradient, cOffset: weightOffsets[layer])
            var sums = KernelArguments()
            sums.append(deltas[layer + 1].address())
            sums.append(Int32(rows))
            sums.append(Int32(next))
            sums.append(gradient.address(offset: biasOffsets[layer]))
            try device.launch(.columnSums, count: next, sums)
            if layer > 0 {
                try device.gemm(
                    transposeB: true, m: rows, n: width, k: next, a: deltas[layer + 1], b: parameters,
                    bOffset: weightOffsets[layer], c: deltas[layer])
                var relu = KernelArguments()
                relu.append(deltas[layer].address())
                relu.append(activations[layer].address())
                relu.append(Int32(rows * width))
                try device.launch(.reluBackward, count: rows * width, relu)
            }
        }
        try update()
    }

    /// One Adam step over the whole parameter vector (the bias corrections computed here, in double, as the
    /// CPU optimizer does).
    private func update() throws(CUDAError) {
        step += 1
        let t = Double(step)
        let correction1 = 1 - Foundation.pow(Double(beta1), t)
        let correction2 = 1 - Foundation.pow(Double(beta2), t)
        var adam = KernelArguments()
        adam.append(parameters.address())
        adam.append(gradient.address())
        adam.append(firstMoment.address())
        adam.append(secondMoment.address())
        adam.append(Int32(parameterCount))
        adam.append(Float(Double(learningRate) / correction1))
        adam.append(beta1)
        adam.append(beta2)
        adam.append(epsilon)
        adam.append(Float(correction2.squareRoot()))
        adam.append(weightDecay)
        try device.launch(.adam, count: parameterCount, adam)
    }

    /// The current parameters, downloaded (``MLP`` order: per layer the weight, then the bias).
    ///
    /// ```swift
    /// let flat = try trainer.currentParameters()
    /// ```
    public func currentParameters() throws(CUDAError) -> [Float] {
        try parameters.download()
    }
}
