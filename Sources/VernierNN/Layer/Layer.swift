import VernierTensor

/// A differentiable building block of a model: a value holding parameters (and possibly non-trainable state,
/// such as batch-norm running statistics) with a forward function.
///
/// Layers are value types. ``ParameterContainer/updateParameters(_:)`` visits the trainable tensors in a
/// fixed order (optimizers and gradients are built on it); ``updateState(_:)`` visits the non-trainable ones
/// (checkpoints save both). The evaluation forward `callAsFunction(_:)` is what inference uses; the training
/// forward `callAsFunction(_:context:)` is what training steps use — it defaults to the evaluation forward and
/// only layers whose behaviour differs in training (``Dropout``, ``BatchNorm``) override it.
///
/// ```swift
/// struct Affine: Layer {
///     var weight: Tensor, bias: Tensor
///     func callAsFunction(_ input: Tensor) -> Tensor { input.matmul(weight) + bias }
///     mutating func updateParameters(_ body: (inout Tensor) throws -> Void) rethrows {
///         try body(&weight)
///         try body(&bias)
///     }
/// }
/// ```
public protocol Layer: ParameterContainer, Sendable {
    /// The evaluation-mode forward pass.
    func callAsFunction(_ input: Tensor) -> Tensor

    /// The forward pass in the mode `context` describes (training or evaluation). Layers with running
    /// statistics record their updated state in `context`; see ``ForwardContext``.
    func callAsFunction(_ input: Tensor, context: inout ForwardContext) -> Tensor

    /// Calls `body` on every non-trainable state tensor (e.g. running statistics), in a fixed order, with a
    /// key that identifies it. The default visits nothing.
    mutating func updateState(_ body: (LayerStateKey, inout Tensor) throws -> Void) rethrows
}

extension Layer {
    /// The default training forward: the evaluation forward (correct for every layer without a
    /// training-specific behaviour).
    ///
    /// ```swift
    /// var context = ForwardContext(isTraining: true, seed: 1)
    /// let y = Linear(inputSize: 2, outputSize: 3, using: &rng)(x, context: &context)
    /// ```
    public func callAsFunction(_ input: Tensor, context: inout ForwardContext) -> Tensor {
        self(input)
    }

    /// The default: no non-trainable state.
    public mutating func updateState(_ body: (LayerStateKey, inout Tensor) throws -> Void) rethrows {}

    /// The non-trainable state tensors in visiting order (running statistics, …).
    ///
    /// ```swift
    /// let buffers = model.state.count
    /// ```
    public var state: [Tensor] {
        var copy = self
        var result: [Tensor] = []
        copy.updateState { _, tensor in result.append(tensor) }
        return result
    }

    /// Replaces each state tensor that `context` holds an update for, then forgets those updates.
    ///
    /// Call this after a training forward that ran on a copy of the model (as inside
    /// `valueAndGradient(at:_:)`), so that running statistics persist. The
    /// ``valueAndGradient(at:context:_:)`` overload does it for you.
    /// ```swift
    /// model.applyStateUpdates(from: &context)
    /// ```
    public mutating func applyStateUpdates(from context: inout ForwardContext) {
        guard !context.stateUpdates.isEmpty else { return }
        let updates = context.stateUpdates
        updateState { key, tensor in
            if let updated = updates[key] { tensor = updated }
        }
        context.stateUpdates.removeAll(keepingCapacity: true)
    }
}

/// A layer without parameters or state (activations, pooling, reshaping): both visitors are no-ops.
///
/// ```swift
/// struct Double: ParameterlessLayer {
///     func callAsFunction(_ input: Tensor) -> Tensor { input * 2 }
/// }
/// ```
public protocol ParameterlessLayer: Layer {}

extension ParameterlessLayer {
    /// Visits nothing: the layer has no parameters.
    public mutating func updateParameters(_ body: (inout Tensor) throws -> Void) rethrows {}
}
