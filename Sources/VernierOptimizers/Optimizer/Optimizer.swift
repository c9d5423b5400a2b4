import VernierTensor

/// Updates the parameters of a model from a gradient of the same shape (as returned by
/// `valueAndGradient(at:_:)`).
///
/// Implementations keep per-parameter state (momentum buffers, moment estimates) indexed by the parameter's
/// position in the container's visiting order, created lazily on the first update. Each update is one fused
/// pass over each parameter's buffer. The update rules are PyTorch's (`torch.optim`), so a model trained here
/// and one trained there from the same weights on the same batches follow the same path up to rounding.
///
/// ```swift
/// var optimizer = Adam(learningRate: 1e-3)
/// let (loss, gradient) = valueAndGradient(at: model) { model in
///     crossEntropy(logits: model(x), labels: y)
/// }
/// optimizer.update(&model, along: gradient)
/// ```
public protocol Optimizer {
    /// The step size (a schedule may change it between updates).
    var learningRate: Float { get set }

    /// Updates every parameter of `model` from the matching tensor of `gradient`.
    mutating func update<Model: ParameterContainer>(_ model: inout Model, along gradient: Model)
}

/// Walks the parameters of `model` and `gradient` together and calls `body` with the parameter index, a writable
/// view of the parameter and a read-only view of its gradient.
func forEachParameter<Model: ParameterContainer>(
    of model: inout Model, along gradient: Model, optimizer: String,
    _ body: (_ index: Int, _ parameter: UnsafeMutableBufferPointer<Float>, _ gradient: UnsafeBufferPointer<Float>)
        -> Void
) {
    forEachParameter(of: &model, along: gradient.parameters, optimizer: optimizer, body)
}

/// ``forEachParameter(of:along:optimizer:_:)`` with the gradient's parameters already listed.
func forEachParameter<Model: ParameterContainer>(
    of model: inout Model, along gradients: [Tensor], optimizer: String,
    _ body: (_ index: Int, _ parameter: UnsafeMutableBufferPointer<Float>, _ gradient: UnsafeBufferPointer<Float>)
        -> Void
) {
    var index = 0
    model.updateParameters { parameter in
        precondition(
            index < gradients.count,
            "\(optimizer).update: the model has more parameters than the gradient (\(gradients.count))")
        let gradientTensor = gradients[index]
        precondition(
            parameter.shape == gradientTensor.shape,
            "\(optimizer).update: parameter \(index) has shape \(parameter.shape), its gradient \(gradientTensor.shape)"
        )
        gradientTensor.withUnsafeBufferPointer { gradientBuffer in
            parameter.withUnsafeMutableBufferPointer { parameterBuffer in
                body(index, parameterBuffer, gradientBuffer)
            }
        }
        index += 1
    }
    precondition(
        index == gradients.count,
        "\(optimizer).update: the model has \(index) parameters but the gradient has \(gradients.count)")
}

/// Per-parameter state buffers (one `Float` array per parameter), created as zeros on first use.
struct ParameterSlots {
    private(set) var buffers: [[Float]] = []

    /// Makes sure slot `index` exists with `count` elements (zeros when new) and calls `body` on it.
    mutating func withBuffer<R>(
        _ index: Int, count: Int, initialValue: Float = 0, _ body: (UnsafeMutableBufferPointer<Float>) -> R
    ) -> R {
        if index == buffers.count {
            buffers.append([Float](repeating: initialValue, count: count))
        }
        precondition(
            index < buffers.count && buffers[index].count == count,
            "optimizer state for parameter \(index) does not match its size \(count): was the model changed?")
        return buffers[index].withUnsafeMutableBufferPointer { body($0) }
    }

    /// Whether slot `index` has been created.
    func contains(_ index: Int) -> Bool { index < buffers.count }
}
