import VernierData
import VernierNN
import VernierOptimizers
import VernierTensor

/// The allocation-free engine of an ``MLP`` on a ``TensorDataset``: each step gathers the batch rows into the
/// preallocated ``FusedMLPStep`` and runs its forward, loss, backward and the optimizer's flat update kernel
/// (``FlatUpdatingOptimizer``), so the optimizer state is exactly the tape's. Created by
/// ``FusedSupport/engine(model:loss:batchSize:optimizer:data:)``, which says why when it cannot be.
public struct FusedMLPEngine: TrainingEngine {
    /// The fused step (parameters, gradient, activations), shared by the copies of this engine.
    let fused: FusedMLPStep
    /// The optimizer, with its state (opened once per epoch, so each step runs its concrete update).
    public var optimizer: any FlatUpdatingOptimizer
    private var current: MLP
    /// The training data the engine gathers batches from.
    public let data: TensorDataset

    init(step: FusedMLPStep, model: MLP, optimizer: any FlatUpdatingOptimizer, data: TensorDataset) {
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

    /// Floating-point operations of the largest matrix product of a step (what BLAS threading is chosen by).
    public var largestProductOperations: Int { fused.largestProductOperations }

    /// One epoch of fused steps (see ``TrainingEngine`` and ``FusedEpoch``).
    public mutating func trainEpoch(_ loader: inout DataLoader<TensorDataset>, recorder: inout StepRecorder) throws {
        try Self.trainEpoch(fused, data: data, optimizer: &optimizer, loader: &loader, recorder: &recorder)
    }

    /// Opens the optimizer existential once per epoch, so each step runs its concrete update.
    private static func trainEpoch<Opt: FlatUpdatingOptimizer>(
        _ fused: FusedMLPStep, data: TensorDataset, optimizer: inout Opt, loader: inout DataLoader<TensorDataset>,
        recorder: inout StepRecorder
    ) throws {
        try FusedEpoch.train(fused, data: data, optimizer: &optimizer, loader: &loader, recorder: &recorder)
    }

    /// The MLP with the fused step's current parameters.
    public mutating func model() -> MLP {
        fused.store(into: &current)
        return current
    }
}
