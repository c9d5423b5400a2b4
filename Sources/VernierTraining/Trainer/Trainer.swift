import Foundation
import VernierData
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierTensor

/// A training loop: mini-batch gradient descent of a model on a data set, with validation after every epoch (or
/// only the last, ``validatesEveryEpoch``),
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
    /// Whether the model is evaluated on the validation set after every epoch (default `true`). When `false`,
    /// only the last epoch's record, or the record of the epoch after which a callback stopped training, carries
    /// validation values: callbacks and the learning-rate schedule see the other epochs without them (the
    /// schedule then observes the training loss), and training itself is unchanged. A run whose intermediate
    /// validation nobody reads (an unobserved trial of a grouped study) saves an evaluation per epoch.
    ///
    /// ```swift
    /// var trainer = Trainer(loss: .meanSquaredError, batchSize: 10, epochs: 10)
    /// trainer.validatesEveryEpoch = false
    /// let history = try trainer.fit(&model, optimizer: &sgd, on: train, validation: validation, using: &rng)
    /// history.epochs.last?.validationLoss   // set; history.epochs[0].validationLoss is nil
    /// ```
    public var validatesEveryEpoch: Bool
    /// Whether training metrics are accumulated from each step's outputs.
    public var computeTrainMetrics: Bool
    /// An optional per-batch transform (data augmentation) for the training loader.
    public var augmentation: (@Sendable (inout Batch, inout Xoshiro256) -> Void)?
    /// Whether an ``MLP`` trained on a ``TensorDataset`` with SGD, Adam, AdamW or RMSProp and an MSE,
    /// BCE-with-logits or cross-entropy loss (no dropout, clipping or augmentation), or a ``Sequential`` CNN of
    /// pooled convolutions and linear layers (``FusedCNNLayout``) trained with cross-entropy (no dropout or
    /// clipping; augmentation allowed), runs on a preallocated fused step instead of the autograd tape (the MLP's
    /// and the CNN's allocate nothing in the steady state; default `true`;
    /// ``fusedSupport(model:optimizer:data:)`` says why a run cannot). All engines run under
    /// the same epoch loop, so they give the same history, callbacks and errors; the MLP's weights agree with the
    /// tape's to float rounding (its step uses libm activations), the CNN's bit for bit.
    public var usesFusedStep: Bool
    /// How many threads each matrix product of the fused step may use (BLAS threads, process-wide while `fit`
    /// runs; restored afterwards). `nil` (the default) decides from the model: one thread when its largest product
    /// per step is below 2²⁶ floating-point operations (2 · batch · in · out of the widest layer), else BLAS's own
    /// count. When the count equals the current ``MatrixMultiply/threadCount`` (as when a caller has set one
    /// thread around several concurrent fits), `fit` leaves the process-wide setting alone.
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
        validatesEveryEpoch = true
        computeTrainMetrics = true
        augmentation = nil
        usesFusedStep = true
        matrixThreads = nil
    }

    /// Trains `model` with `optimizer` on `train`, evaluating on `validation` after every epoch (see
    /// ``validatesEveryEpoch``).
    ///
    /// The engine is chosen once: a fused step (MLP or CNN) when ``fusedSupport(model:optimizer:data:)`` allows it, else
    /// the tape; both run under the same epoch loop (``run(_:loader:validation:)``). All randomness (shuffling,
    /// dropout, augmentation) is drawn from generators seeded by `generator`, so the same seed gives a
    /// bit-identical run. Errors thrown by callbacks (a pruned trial) propagate.
    public func fit<Model: Layer, Train: Dataset, Opt: Optimizer>(
        _ model: inout Model, optimizer: inout Opt, on train: Train, validation: (any Dataset)? = nil,
        using generator: inout some RandomNumberGenerator
    ) throws -> TrainingHistory {
        guard train.count > 0 else { throw TrainingError.emptyDataset(role: "training") }
        // Every engine draws the same two numbers: the loader's seed, then the forward context's.
        let loaderSeed = generator.next()
        let contextSeed = generator.next()
        switch fusedSupport(model: model, optimizer: optimizer, data: train) {
        case .success(.mlp(var engine)):
            var loader = DataLoader(
                engine.data, batchSize: batchSize, shuffle: shuffle, dropLast: dropLast, seed: loaderSeed)
            let savedThreads = MatrixMultiply.threadCount
            let threads = matrixThreadCount(largestProduct: engine.largestProductOperations, blasDefault: savedThreads)
            // Concurrent fits under one caller-set count write nothing process-wide.
            if threads != savedThreads { MatrixMultiply.threadCount = threads }
            defer {
                if threads != savedThreads { MatrixMultiply.threadCount = savedThreads }
                model = engine.model() as! Model
                optimizer = engine.optimizer as! Opt
            }
            return try run(&engine, loader: &loader, validation: validation)
        case .success(.cnn(var engine)):
            var loader = DataLoader(
                engine.data, batchSize: batchSize, shuffle: shuffle, dropLast: dropLast, seed: loaderSeed)
            loader.transform = augmentation
            defer {
                model = engine.model() as! Model
                optimizer = engine.optimizer as! Opt
            }
            return try run(&engine, loader: &loader, validation: validation)
        case .failure:
            break
        }
        var loader = DataLoader(train, batchSize: batchSize, shuffle: shuffle, dropLast: dropLast, seed: loaderSeed)
        loader.transform = augmentation
        var engine = TapeEngine<Model, Train, Opt>(
            model: model, optimizer: optimizer, loss: loss, gradientClipNorm: gradientClipNorm,
            contextSeed: contextSeed)
        defer {
            model = engine.current
            optimizer = engine.optimizer
        }
        return try run(&engine, loader: &loader, validation: validation)
    }

    /// The fused engine for this run, or why it cannot take it (then ``fit(_:optimizer:on:validation:using:)``
    /// uses the tape): ``usesFusedStep`` on, no gradient clipping, an optimizer with a flat update
    /// (``FlatUpdatingOptimizer``), a ``TensorDataset``, and either an ``MLP`` without augmentation or a
    /// ``Sequential`` CNN, each with what ``FusedSupport`` checks.
    ///
    /// ```swift
    /// if case .failure(let reason) = trainer.fusedSupport(model: cnn, optimizer: adam, data: train) {
    ///     print(reason)   // "fused training: unsupported dropout 0.25"
    /// }
    /// ```
    public func fusedSupport<Model: Layer, Opt: Optimizer, Train: Dataset>(
        model: Model, optimizer: Opt, data: Train
    ) -> Result<FusedEngine, FusedUnsupported> {
        guard usesFusedStep else { return .failure(.turnedOff) }
        guard gradientClipNorm == nil else { return .failure(.gradientClipping) }
        guard let flat = optimizer as? any FlatUpdatingOptimizer else { return .failure(.optimizer("\(Opt.self)")) }
        guard let data = data as? TensorDataset else { return .failure(.data("\(Train.self) is not a TensorDataset")) }
        if let cnn = model as? Sequential {
            return FusedSupport.engine(model: cnn, loss: loss, batchSize: batchSize, optimizer: flat, data: data)
                .map(FusedEngine.cnn)
        }
        guard let mlp = model as? MLP else { return .failure(.model("\(Model.self)")) }
        guard augmentation == nil else { return .failure(.augmentation) }
        return FusedSupport.engine(model: mlp, loss: loss, batchSize: batchSize, optimizer: flat, data: data)
            .map(FusedEngine.mlp)
    }

    /// The BLAS threads of a fused run whose largest product per step has `largestProduct` operations: see
    /// ``matrixThreads``.
    func matrixThreadCount(largestProduct: Int, blasDefault: Int) -> Int {
        matrixThreads ?? (largestProduct < MatrixMultiply.threadingThreshold ? 1 : blasDefault)
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
