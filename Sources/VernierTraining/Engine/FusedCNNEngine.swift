import VernierData
import VernierNN
import VernierOptimizers
import VernierTensor

/// The preallocated engine of a convolutional network (``FusedCNNLayout``) trained with cross-entropy on a
/// ``TensorDataset``: each step gathers the batch rows into the preallocated ``FusedCNNStep`` and runs its forward,
/// loss, backward and the optimizer's flat update kernel (``FlatUpdatingOptimizer``); losses, weights and
/// optimizer state are bit-identical to the tape's. With a loader transform (augmentation) the engine takes the
/// loader's transformed batches and copies their features in (the transform's tensors are allocated as on the
/// tape; the step itself allocates nothing). Created by
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

    /// One epoch of fused steps (see ``TrainingEngine`` and ``FusedEpoch``).
    public mutating func trainEpoch(_ loader: inout DataLoader<TensorDataset>, recorder: inout StepRecorder) throws {
        try Self.trainEpoch(fused, data: data, optimizer: &optimizer, loader: &loader, recorder: &recorder)
    }

    /// Opens the optimizer existential once per epoch, so each step runs its concrete update.
    private static func trainEpoch<Opt: FlatUpdatingOptimizer>(
        _ fused: FusedCNNStep, data: TensorDataset, optimizer: inout Opt, loader: inout DataLoader<TensorDataset>,
        recorder: inout StepRecorder
    ) throws {
        try FusedEpoch.train(fused, data: data, optimizer: &optimizer, loader: &loader, recorder: &recorder)
    }

    /// The network with the fused step's current parameters.
    public mutating func model() -> Sequential {
        fused.store(into: &current)
        return current
    }
}
