/// The fused engine ``Trainer/fusedSupport(model:optimizer:data:)`` chose for a run.
public enum FusedEngine {
    /// The fused MLP step.
    case mlp(FusedMLPEngine)
    /// The fused CNN step.
    case cnn(FusedCNNEngine)
}
