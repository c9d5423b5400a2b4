/// Runs the reverse sweep from `output` and returns the gradients of the given leaf nodes.
///
/// Nodes reachable from the output are visited once each, in decreasing creation order (a reverse topological
/// order), and the gradients of an input used several times are summed.
func backpropagate(from output: Tensor, to leaves: [GradNode]) -> [Tensor?] {
    guard let root = output.node else { return leaves.map { _ in nil } }
    let sweep = sweepCounter.add(1, ordering: .relaxed).newValue
    var nodes: [GradNode] = []
    nodes.reserveCapacity(32)
    var stack: [GradNode] = [root]
    root.visitedBy = sweep
    while let node = stack.popLast() {
        nodes.append(node)
        node.forEachParent { parent in
            if parent.visitedBy != sweep {
                parent.visitedBy = sweep
                stack.append(parent)
            }
        }
    }
    nodes.sort { $0.id > $1.id }
    root.gradient = Tensor(repeating: 1, shape: output.shape)
    for node in nodes {
        guard let gradient = node.gradient else { continue }
        switch node.operation {
        case .leaf:
            continue
        case .unary(let parent, let pullback):
            accumulate(pullback(gradient), into: parent)
        case .binary(let first, let second, let pullback):
            let (gradientFirst, gradientSecond) = pullback(gradient)
            if let first, let gradientFirst { accumulate(gradientFirst, into: first) }
            if let second, let gradientSecond { accumulate(gradientSecond, into: second) }
        case .nary(let parents, let pullback):
            for (parent, inputGradient) in zip(parents, pullback(gradient)) {
                guard let parent, let inputGradient else { continue }
                accumulate(inputGradient, into: parent)
            }
        }
        node.gradient = nil
    }
    let result = leaves.map { $0.gradient }
    for node in nodes { node.gradient = nil }
    return result
}

@inline(__always)
private func accumulate(_ gradient: Tensor, into node: GradNode) {
    if let existing = node.gradient {
        node.gradient = existing.adding(gradient)
    } else {
        node.gradient = gradient
    }
}

extension Tensor {
    /// This tensor as a fresh leaf of the tape (gradients will be collected for it).
    func asLeaf() -> (Tensor, GradNode) {
        let node = GradNode(.leaf)
        return (Tensor(shape: shape, storage: storage, node: node), node)
    }

    /// Element-wise sum without recording (used to accumulate gradients).
    func adding(_ other: Tensor) -> Tensor {
        precondition(shape == other.shape, "gradient accumulation: shapes \(shape) and \(other.shape) differ")
        return Kernels.binary(self, other, op: .add)
    }
}

/// Evaluates `function` at `x` and returns its value and its gradient with respect to `x`.
///
/// The function must return a tensor with one element (a loss). Gradients of inputs used several times are
/// summed; broadcasting is undone by summing over the broadcast axes.
///
/// ```swift
/// let (value, grad) = valueAndGradient(at: Tensor([3])) { x in (x * x).sum() }
/// // value.item == 9, grad.scalars == [6]
/// ```
public func valueAndGradient(
    at x: Tensor, _ function: (Tensor) throws -> Tensor
) rethrows -> (
    value: Tensor, gradient: Tensor
) {
    let (leaf, node) = x.asLeaf()
    let value = try function(leaf)
    checkScalarOutput(value)
    let gradient = backpropagate(from: value, to: [node])[0] ?? Tensor.zeros(like: x)
    return (value.detached(), gradient)
}

/// Evaluates `function` at several tensors and returns its value and one gradient per tensor.
///
/// ```swift
/// let (loss, grads) = valueAndGradient(at: [w, b]) { p in ((x.matmul(p[0]) + p[1]) ** 2).mean() }
/// ```
public func valueAndGradient(
    at xs: [Tensor], _ function: ([Tensor]) throws -> Tensor
) rethrows -> (
    value: Tensor, gradients: [Tensor]
) {
    let leaves = xs.map { $0.asLeaf() }
    let value = try function(leaves.map { $0.0 })
    checkScalarOutput(value)
    let gradients = backpropagate(from: value, to: leaves.map { $0.1 })
    return (value.detached(), zip(gradients, xs).map { $0 ?? Tensor.zeros(like: $1) })
}

/// Evaluates `function` on a parameter container (a model) and returns the value and the gradient, shaped
/// like the container: each parameter replaced by its gradient.
///
/// ```swift
/// let (loss, grads) = valueAndGradient(at: model) { model in
///     meanSquaredError(predicted: model(x), expected: y)
/// }
/// optimizer.update(&model, along: grads)
/// ```
public func valueAndGradient<Container: ParameterContainer>(
    at container: Container, _ function: (Container) throws -> Tensor
) rethrows -> (value: Tensor, gradient: Container) {
    var tracked = container
    var nodes: [GradNode] = []
    tracked.updateParameters { parameter in
        let (leaf, node) = parameter.asLeaf()
        parameter = leaf
        nodes.append(node)
    }
    let value = try function(tracked)
    checkScalarOutput(value)
    let gradients = backpropagate(from: value, to: nodes)
    var gradient = container
    var index = 0
    gradient.updateParameters { parameter in
        parameter = gradients[index] ?? Tensor.zeros(like: parameter)
        index += 1
    }
    return (value.detached(), gradient)
}

/// The gradient of `function` at `x` (see ``valueAndGradient(at:_:)-(Tensor,_)``).
///
/// ```swift
/// let g = gradient(at: Tensor([1, 2])) { ($0 * $0).sum() }   // [2, 4]
/// ```
public func gradient(at x: Tensor, _ function: (Tensor) throws -> Tensor) rethrows -> Tensor {
    try valueAndGradient(at: x, function).gradient
}

/// Runs `body` without recording operations on the tape (for evaluation and optimizer updates).
///
/// ```swift
/// let accuracy = withoutGradient { evaluate(model, on: validation) }
/// ```
public func withoutGradient<R>(_ body: () throws -> R) rethrows -> R {
    let previous = GradientMode.isDisabled
    GradientMode.isDisabled = true
    defer { GradientMode.isDisabled = previous }
    return try body()
}

private func checkScalarOutput(_ value: Tensor) {
    precondition(
        value.count == 1,
        "valueAndGradient: the function must return one element (a loss), got shape \(value.shape)")
}

/// A value holding trainable tensors (a model, a layer, a list of weights).
///
/// One method visits every parameter in a fixed order; optimizers, gradients, checkpoints and parameter counts
/// are all built on it.
///
/// ```swift
/// struct Affine: ParameterContainer {
///     var weight: Tensor, bias: Tensor
///     mutating func updateParameters(_ body: (inout Tensor) throws -> Void) rethrows {
///         try body(&weight)
///         try body(&bias)
///     }
/// }
/// ```
public protocol ParameterContainer {
    /// Calls `body` on every parameter, in a fixed order, allowing it to replace the parameter.
    mutating func updateParameters(_ body: (inout Tensor) throws -> Void) rethrows
}

extension ParameterContainer {
    /// The parameters in visiting order.
    ///
    /// ```swift
    /// let count = model.parameters.reduce(0) { $0 + $1.count }
    /// ```
    public var parameters: [Tensor] {
        var copy = self
        var result: [Tensor] = []
        copy.updateParameters { result.append($0) }
        return result
    }

    /// The total number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }
}

extension Array: ParameterContainer where Element == Tensor {
    /// Visits each tensor of the array in order.
    public mutating func updateParameters(_ body: (inout Tensor) throws -> Void) rethrows {
        for i in indices { try body(&self[i]) }
    }
}

extension Tensor: ParameterContainer {
    /// A tensor is a container of one parameter: itself.
    public mutating func updateParameters(_ body: (inout Tensor) throws -> Void) rethrows {
        try body(&self)
    }
}
