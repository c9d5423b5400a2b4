import VernierData
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierTensor
import VernierTraining

/// Why the CUDA engine cannot train a recipe: each case names the part it does not implement.
///
/// ```swift
/// if case .failure(let reasons) = CUDAEngine.support(recipe) { print(reasons) }
/// // "--device cuda trains MLPs with ReLU, cross-entropy and Adam; unsupported here: activation tanh (needs relu) …"
/// ```
public struct CUDAUnsupported: Error, Sendable, Equatable, CustomStringConvertible {
    /// One part of a recipe the CUDA trainer does not implement.
    public enum Reason: Sendable, Equatable, CustomStringConvertible {
        /// A model that is not an MLP.
        case model
        /// A hidden activation other than ReLU.
        case activation(Activation)
        /// An output activation (the trainer ends in logits).
        case output(Activation)
        /// A loss other than cross-entropy.
        case loss(Loss)
        /// An optimizer other than Adam.
        case optimizer(OptimizerSettings.Name)
        /// Dropout.
        case dropout(Float)
        /// Data augmentation.
        case augmentation

        /// What is unsupported and what is needed.
        public var description: String {
            switch self {
            case .model: "model cnn (needs mlp)"
            case .activation(let activation): "activation \(activation) (needs relu)"
            case .output(let activation): "output \(activation) (needs none)"
            case .loss(let loss): "loss \(loss) (needs cross-entropy)"
            case .optimizer(let kind): "optimizer \(kind) (needs adam)"
            case .dropout(let probability): "dropout \(probability) (needs 0)"
            case .augmentation: "augment (needs false)"
            }
        }
    }

    /// Every unsupported part, in recipe order.
    public var reasons: [Reason]

    /// One line listing the reasons.
    public var description: String {
        "--device cuda trains MLPs with ReLU, cross-entropy and Adam; unsupported here: "
            + reasons.map(\.description).joined(separator: ", ") + " (use --device cpu)"
    }
}

/// The CUDA engine: a ``CUDAMLPTrainer`` (data, weights and Adam state on the device) behind ``TrainingEngine``,
/// so ``Trainer`` runs its epochs like any other (history, validation on the CPU after every epoch, callbacks,
/// the non-finite-loss error). The device returns an epoch's step losses and its training accuracy at once; the
/// engine hands them to the recorder in order.
///
/// ```swift
/// var onGPU = recipe
/// onGPU.device = .accelerator(try CUDA.device())
/// let (model, history) = try onGPU.train(callbacks: [])
/// ```
public struct CUDAEngine: TrainingEngine {
    private let trainer: CUDAMLPTrainer
    private var current: MLP
    private let count: Int

    /// Uploads `model`'s parameters and `data` to `device`.
    public init(
        device: CUDADevice, model: MLP, optimizer: OptimizerSettings, batchSize: Int, data: TensorDataset
    )
        throws
    {
        var flat: [Float] = []
        var copy = model
        copy.updateParameters { flat += $0.scalars }
        trainer = try CUDAMLPTrainer(
            device: device, sizes: model.sizes, parameters: flat, batchSize: batchSize, optimizer: optimizer)
        try trainer.setTrainingData(features: data.features, labels: data.targets)
        current = model
        count = data.count
    }

    /// The one check of what the CUDA engine trains: an MLP with ReLU hidden layers, no output activation,
    /// cross-entropy, Adam, no dropout and no augmentation.
    public static func support(_ recipe: TrainingRecipe) -> Result<Void, CUDAUnsupported> {
        var reasons: [CUDAUnsupported.Reason] = []
        if case .cnn = recipe.model { reasons.append(.model) }
        if recipe.model.activation != .relu { reasons.append(.activation(recipe.model.activation)) }
        if let output = recipe.model.output { reasons.append(.output(output)) }
        if recipe.loss != .crossEntropy { reasons.append(.loss(recipe.loss)) }
        if case .adam = recipe.optimizer {} else { reasons.append(.optimizer(recipe.optimizer.name)) }
        if recipe.model.dropout != 0 { reasons.append(.dropout(recipe.model.dropout)) }
        if recipe.augmentation != nil { reasons.append(.augmentation) }
        return reasons.isEmpty ? .success(()) : .failure(CUDAUnsupported(reasons: reasons))
    }

    /// Trains `recipe` on `device` under `trainer`'s epoch loop (``TrainingRecipe/trainer(callbacks:)``, or
    /// ``TrainingRecipe/train(callbacks:)`` with the device as the recipe's ``TrainingRecipe/device``); the initial
    /// weights and the batch order are drawn from the seed exactly as the CPU run draws them, so a CUDA run follows
    /// it to float rounding. Throws ``CUDAUnsupported`` for a recipe ``support(_:)`` refuses.
    public static func train(
        _ recipe: TrainingRecipe, on device: CUDADevice, trainer: Trainer
    ) throws -> (model: MLP, history: TrainingHistory) {
        try support(recipe).get()
        var generator = Xoshiro256(seed: recipe.seed)
        guard let model = recipe.model.build(using: &generator) as? MLP else { preconditionFailure("checked") }
        var loader = DataLoader(recipe.data.train, batchSize: recipe.batchSize, shuffle: true, using: &generator)
        var engine = try CUDAEngine(
            device: device, model: model, optimizer: recipe.optimizer, batchSize: recipe.batchSize,
            data: recipe.data.train)
        let history = try trainer.run(&engine, loader: &loader, validation: recipe.data.validation)
        return (try engine.model(), history)
    }

    /// Adam's step size on the device.
    public var learningRate: Float {
        get { trainer.learningRate }
        set { trainer.learningRate = newValue }
    }

    /// One epoch on the device in the loader's order; the step losses and the training accuracy come back at the
    /// end and are recorded in order.
    public mutating func trainEpoch(_ loader: inout DataLoader<TensorDataset>, recorder: inout StepRecorder) throws {
        _ = loader.epoch()
        let result = try trainer.trainEpoch(order: loader.currentOrder)
        let batchSize = trainer.batchSize
        for (index, loss) in result.stepLosses.enumerated() {
            try recorder.record(loss: loss, rows: Swift.min(batchSize, count - index * batchSize))
        }
        recorder.measuredMetrics = ["accuracy": result.accuracy]
    }

    /// The MLP with the device's current parameters (downloaded).
    public mutating func model() throws -> MLP {
        let flat = try trainer.currentParameters()
        var position = 0
        current.updateParameters { parameter in
            let size = parameter.count
            parameter = Tensor(shape: parameter.shape, scalars: Array(flat[position..<(position + size)]))
            position += size
        }
        return current
    }
}

/// A CUDA device trains recipes with ``CUDAEngine``: ``TrainingRecipe/device`` `.accelerator(device)`.
extension CUDADevice: TrainingAccelerator {
    /// The device and its compute capability, or the host emulator's testing-only note.
    public var description: String {
        computeCapability == 0
            ? "the \(name) (VERNIER_CUDA_EMULATOR: the CUDA code path on the CPU, testing only)"
            : "\(name) (CUDA, compute capability \(computeCapability / 10).\(computeCapability % 10))"
    }

    /// ``CUDAEngine/support(_:)``'s refusal, or `nil`.
    public func unsupported(_ recipe: TrainingRecipe) -> (any Error)? {
        if case .failure(let refusal) = CUDAEngine.support(recipe) { refusal } else { nil }
    }

    /// ``CUDAEngine/train(_:on:trainer:)`` on this device.
    public func train(_ recipe: TrainingRecipe, trainer: Trainer) throws -> (model: any Layer, history: TrainingHistory)
    {
        let (model, history) = try CUDAEngine.train(recipe, on: self, trainer: trainer)
        return (model, history)
    }
}
