import Foundation
import VernierData
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierTensor

/// A training loop: mini-batch gradient descent of a model on a data set, with validation after every epoch,
/// metrics, callbacks (early stopping, progress, tuner pruning) and a ``TrainingHistory``.
///
/// The steady-state step allocates only what the step itself needs (the batch tensors and the tape): the loader
/// reuses its index buffer, metrics accumulate into fixed arrays, and per-epoch bookkeeping happens once per epoch.
/// A NaN or infinite loss stops training with ``TrainingError/nonFiniteLoss(value:epoch:step:learningRate:)``.
///
/// ```swift
/// var rng = Xoshiro256(seed: 1)
/// let spirals = Spirals()
/// var model = MLP(sizes: [2, 32, 32, 1], activation: .tanh, using: &rng)
/// var optimizer = Adam(learningRate: 0.01)
/// let trainer = Trainer(loss: .binaryCrossEntropyWithLogits, batchSize: 10, epochs: 30, metrics: [.accuracy])
/// let history = try trainer.fit(
///     &model, optimizer: &optimizer, on: spirals.train, validation: spirals.validation, using: &rng)
/// history.last?.validationMetrics["accuracy"]   // ≈ 0.97
/// ```
public struct Trainer {
    /// The loss minimized.
    public var loss: Loss
    /// Samples per step.
    public var batchSize: Int
    /// The number of passes over the training data.
    public var epochs: Int
    /// The metrics reported for training and validation data.
    public var metrics: [Metric]
    /// Callbacks, called in order.
    public var callbacks: [any TrainingCallback]
    /// Whether the training order is reshuffled every epoch.
    public var shuffle: Bool
    /// Whether an incomplete last batch is skipped.
    public var dropLast: Bool
    /// A per-epoch learning-rate schedule (applied at the start of each epoch; observes the validation loss).
    public var schedule: (any LearningRateSchedule)?
    /// Clip the gradient to this global L2 norm before each update.
    public var gradientClipNorm: Float?
    /// Whether the loss of every step is kept in the history.
    public var recordStepLosses: Bool
    /// Whether training metrics are accumulated from each step's outputs.
    public var computeTrainMetrics: Bool
    /// An optional per-batch transform (data augmentation) for the training loader.
    public var augmentation: (@Sendable (inout Batch, inout Xoshiro256) -> Void)?
    /// Whether an ``MLP`` trained on a ``TensorDataset`` with SGD, Adam, AdamW or RMSProp and an MSE,
    /// BCE-with-logits or cross-entropy loss (no dropout, clipping or augmentation) runs on the preallocated,
    /// allocation-free fused step instead of the autograd tape (default `true`). Both paths give the same
    /// history, callbacks and errors; weights agree to float rounding (the fused step uses libm activations).
    public var usesFusedStep: Bool
    /// How many threads each matrix product of the fused step may use (BLAS threads, process-wide while `fit`
    /// runs; restored afterwards). `nil` (the default) decides from the model: one thread when its largest product
    /// per step is below 2²⁶ floating-point operations (2 · batch · in · out of the widest layer), else BLAS's own
    /// count.
    /// The tape path is not affected.
    ///
    /// Small products do not gain from a second thread, and BLAS's idle threads spin between them: on the 2-vCPU
    /// machine this project is measured on, the Fashion-MNIST MLP (largest product 2·64·784·200 ≈ 2·10⁷) took
    /// 0.58–0.61 s per epoch on one thread in every run, against 0.47–0.50 s or 1.2–1.5 s (in about half the
    /// runs) on two.
    ///
    /// ```swift
    /// var trainer = Trainer(loss: .crossEntropy, batchSize: 64, epochs: 10)
    /// trainer.matrixThreads = 2   // always two BLAS threads
    /// ```
    public var matrixThreads: Int?

    /// Creates a trainer.
    public init(
        loss: Loss, batchSize: Int, epochs: Int, metrics: [Metric]? = nil, callbacks: [any TrainingCallback] = [],
        shuffle: Bool = true, dropLast: Bool = false
    ) {
        precondition(batchSize > 0, "Trainer: batchSize must be positive, got \(batchSize)")
        precondition(epochs >= 0, "Trainer: epochs must not be negative, got \(epochs)")
        self.loss = loss
        self.batchSize = batchSize
        self.epochs = epochs
        self.metrics = metrics ?? Metric.defaults(for: loss)
        self.callbacks = callbacks
        self.shuffle = shuffle
        self.dropLast = dropLast
        schedule = nil
        gradientClipNorm = nil
        recordStepLosses = true
        computeTrainMetrics = true
        augmentation = nil
        usesFusedStep = true
        matrixThreads = nil
    }

    /// Trains `model` with `optimizer` on `train`, evaluating on `validation` after every epoch.
    ///
    /// All randomness (shuffling, dropout, augmentation) is drawn from generators seeded by `generator`, so the
    /// same seed gives a bit-identical run. Errors thrown by callbacks (a pruned trial) propagate.
    public func fit<Model: Layer, Train: Dataset, Opt: Optimizer>(
        _ model: inout Model, optimizer: inout Opt, on train: Train, validation: (any Dataset)? = nil,
        using generator: inout some RandomNumberGenerator
    ) throws -> TrainingHistory {
        guard train.count > 0 else { throw TrainingError.emptyDataset(role: "training") }
        if let history = try fitFused(
            &model, optimizer: &optimizer, on: train, validation: validation, using: &generator)
        {
            return history
        }
        var loader = DataLoader(train, batchSize: batchSize, shuffle: shuffle, dropLast: dropLast, using: &generator)
        loader.transform = augmentation
        var context = ForwardContext(isTraining: true, seed: generator.next())
        var loop = beginEpochLoop(
            validation: validation, stepsPerEpoch: loader.batchesPerEpoch, samplesPerEpoch: loader.samplesPerEpoch)
        var epoch = 0
        while epoch < epochs {
            epoch += 1
            beginEpoch(epoch, loop: &loop, optimizer: &optimizer)
            var lossSum = 0.0
            var samples = 0
            var step = 0
            let start = DispatchTime.now().uptimeNanoseconds
            for batch in loader.epoch() {
                step += 1
                var output: Tensor?
                let (value, gradient) = valueAndGradient(at: &model, context: &context) { model, context in
                    let prediction = model(batch.features, context: &context)
                    if loop.wantsOutputs { output = prediction }
                    return loss(prediction, batch.targets)
                }
                let lossValue = value.item
                guard lossValue.isFinite else {
                    throw TrainingError.nonFiniteLoss(
                        value: lossValue, epoch: epoch, step: step, learningRate: optimizer.learningRate)
                }
                if let gradientClipNorm {
                    var clipped = gradient
                    _ = clipByGlobalNorm(&clipped, maxNorm: gradientClipNorm)
                    optimizer.update(&model, along: clipped)
                } else {
                    optimizer.update(&model, along: gradient)
                }
                let count = batch.count
                lossSum += Double(lossValue) * Double(count)
                samples += count
                if recordStepLosses { loop.history.stepLosses.append(lossValue) }
                if let output { loop.accumulator.add(output: output.detached(), targets: batch.targets) }
                for callback in loop.stepCallbacks { callback.stepDidEnd(epoch: epoch, step: step, loss: lossValue) }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let stop = try endEpoch(
                epoch, model: model, lossSum: lossSum, samples: samples, learningRate: optimizer.learningRate,
                seconds: seconds, loop: &loop)
            if stop { break }
        }
        return endEpochLoop(loop)
    }
}

/// Trains `model` on `train` (see ``Trainer``): the one-call form.
///
/// ```swift
/// var optimizer = SGD(learningRate: 0.01)
/// let history = try fit(
///     &model, on: spirals.train, validation: spirals.validation, loss: .meanSquaredError,
///     optimizer: &optimizer, batchSize: 10, epochs: 10, metrics: [.accuracy], using: &rng)
/// ```
public func fit<Model: Layer, Train: Dataset, Opt: Optimizer>(
    _ model: inout Model, on train: Train, validation: (any Dataset)? = nil, loss: Loss, optimizer: inout Opt,
    batchSize: Int, epochs: Int, metrics: [Metric]? = nil, callbacks: [any TrainingCallback] = [],
    using generator: inout some RandomNumberGenerator
) throws -> TrainingHistory {
    let trainer = Trainer(loss: loss, batchSize: batchSize, epochs: epochs, metrics: metrics, callbacks: callbacks)
    return try trainer.fit(&model, optimizer: &optimizer, on: train, validation: validation, using: &generator)
}
