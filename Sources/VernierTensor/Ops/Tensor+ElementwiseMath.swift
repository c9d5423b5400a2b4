import Foundation

/// Element-wise functions: each is a differentiable primitive with its derivative written beside it.

/// e raised to each element.
///
/// ```swift
/// let y = exp(Tensor([0, 1]))   // [1, 2.718…]
/// ```
public func exp(_ x: Tensor) -> Tensor {
    let y = Kernels.unary(x, .exp)
    let saved = y.detached()
    return Tensor.record(y, input: x) { g in Kernels.binary(g, saved, op: .multiply) }
}

/// Natural logarithm of each element.
///
/// ```swift
/// let nll = -log(probabilities)
/// ```
public func log(_ x: Tensor) -> Tensor {
    let input = x.detached()
    return Tensor.record(Kernels.unary(x, .log), input: x) { g in Kernels.binary(g, input, op: .divide) }
}

/// Square root of each element.
///
/// ```swift
/// let rms = sqrt((x * x).mean())
/// ```
public func sqrt(_ x: Tensor) -> Tensor {
    let y = Kernels.unary(x, .sqrt)
    let saved = y.detached()
    return Tensor.record(y, input: x) { g in Kernels.zip(g, saved) { g, y in g * 0.5 / y } }
}

/// Each element squared (cheaper than `pow(x, 2)`).
///
/// ```swift
/// let squaredError = square(predicted - expected)
/// ```
public func square(_ x: Tensor) -> Tensor {
    let input = x.detached()
    return Tensor.record(Kernels.unary(x, .square), input: x) { g in Kernels.zip(g, input) { g, x in 2 * g * x } }
}

/// Each element raised to a constant power.
///
/// ```swift
/// let cubed = pow(x, 3)
/// ```
public func pow(_ x: Tensor, _ exponent: Float) -> Tensor {
    let input = x.detached()
    let y = Kernels.map(input) { Foundation.pow($0, exponent) }
    return Tensor.record(y, input: x) { g in
        Kernels.zip(g, input) { g, x in g * exponent * Foundation.pow(x, exponent - 1) }
    }
}

/// Element-wise power with broadcasting; differentiable in both base and exponent (the exponent's
/// derivative uses log(base), defined for positive bases).
///
/// ```swift
/// let y = pow(base, exponents)
/// ```
public func pow(_ base: Tensor, _ exponent: Tensor) -> Tensor {
    let y = Kernels.binary(base, exponent, op: .power)
    let a = base.detached()
    let b = exponent.detached()
    let saved = y.detached()
    let (needA, needB) = (base.node != nil, exponent.node != nil)
    return Tensor.record(y, base, exponent) { g in
        let shape = saved.shape
        let ga = Kernels.broadcast(a, to: shape)
        let gb = Kernels.broadcast(b, to: shape)
        return (
            needA
                ? Kernels.unbroadcast(
                    Kernels.zip3(g, ga, gb) { g, a, b in g * b * Foundation.pow(a, b - 1) }, to: a.shape) : nil,
            needB
                ? Kernels.unbroadcast(
                    Kernels.zip3(g, saved, ga) { g, y, a in g * y * Foundation.log(a) }, to: b.shape) : nil
        )
    }
}

/// Absolute value of each element (derivative 0 at 0, as in PyTorch).
///
/// ```swift
/// let l1 = abs(predicted - expected).mean()
/// ```
public func abs(_ x: Tensor) -> Tensor {
    let input = x.detached()
    return Tensor.record(Kernels.unary(x, .abs), input: x) { g in
        Kernels.zip(g, input) { g, x in x > 0 ? g : (x < 0 ? -g : 0) }
    }
}

/// Each element limited to `[lower, upper]`; the gradient passes only where the value was inside.
///
/// ```swift
/// let p = clamp(probabilities, min: 1e-7, max: 1 - 1e-7)
/// ```
public func clamp(_ x: Tensor, min lower: Float, max upper: Float) -> Tensor {
    precondition(lower <= upper, "clamp: min \(lower) is greater than max \(upper)")
    let input = x.detached()
    let y = Kernels.map(input) { Swift.min(Swift.max($0, lower), upper) }
    return Tensor.record(y, input: x) { g in
        Kernels.zip(g, input) { g, x in (x >= lower && x <= upper) ? g : 0 }
    }
}

/// Element-wise maximum with broadcasting; on ties the gradient goes to the first operand.
///
/// ```swift
/// let positive = maximum(x, Tensor.zeros(like: x))
/// ```
public func maximum(_ a: Tensor, _ b: Tensor) -> Tensor {
    selectBinary(a, b, op: .maximum) { x, y in x >= y }
}

/// Element-wise minimum with broadcasting; on ties the gradient goes to the first operand.
///
/// ```swift
/// let capped = minimum(x, Tensor(1))
/// ```
public func minimum(_ a: Tensor, _ b: Tensor) -> Tensor {
    selectBinary(a, b, op: .minimum) { x, y in x <= y }
}

private func selectBinary(
    _ a: Tensor, _ b: Tensor, op: BinaryOperation, firstWins: @escaping (Float, Float) -> Bool
) -> Tensor {
    let y = Kernels.binary(a, b, op: op)
    let sa = a.detached()
    let sb = b.detached()
    let (needA, needB) = (a.node != nil, b.node != nil)
    return Tensor.record(y, a, b) { g in
        let shape = g.shape
        let ba = Kernels.broadcast(sa, to: shape)
        let bb = Kernels.broadcast(sb, to: shape)
        return (
            needA
                ? Kernels.unbroadcast(Kernels.zip3(g, ba, bb) { g, x, y in firstWins(x, y) ? g : 0 }, to: sa.shape)
                : nil,
            needB
                ? Kernels.unbroadcast(Kernels.zip3(g, ba, bb) { g, x, y in firstWins(x, y) ? 0 : g }, to: sb.shape)
                : nil
        )
    }
}

/// The rectified linear unit max(x, 0); derivative 0 at 0, as in PyTorch.
///
/// ```swift
/// let hidden = relu(x.matmul(w) + b)
/// ```
public func relu(_ x: Tensor) -> Tensor {
    let y = Kernels.unary(x, .relu)
    let saved = y.detached()
    return Tensor.record(y, input: x) { g in Kernels.zip(g, saved) { g, y in y > 0 ? g : 0 } }
}

/// The logistic function 1 / (1 + e^−x), computed without overflow.
///
/// ```swift
/// let probability = sigmoid(logits)
/// ```
public func sigmoid(_ x: Tensor) -> Tensor {
    let y = Kernels.unary(x, .sigmoid)
    let saved = y.detached()
    return Tensor.record(y, input: x) { g in Kernels.zip(g, saved) { g, y in g * y * (1 - y) } }
}

/// The hyperbolic tangent.
///
/// ```swift
/// let hidden = tanh(x.matmul(w) + b)
/// ```
public func tanh(_ x: Tensor) -> Tensor {
    let y = Kernels.unary(x, .tanh)
    let saved = y.detached()
    return Tensor.record(y, input: x) { g in Kernels.zip(g, saved) { g, y in g * (1 - y * y) } }
}

/// Comparison masks: 1 where the relation holds, 0 elsewhere (not differentiable; results are constants).
extension Tensor {
    /// 1 where `self > other` (broadcasting), else 0.
    ///
    /// ```swift
    /// let predictedPositive = probabilities.greater(Tensor(0.5))
    /// ```
    public func greater(_ other: Tensor) -> Tensor { compare(other) { $0 > $1 } }

    /// 1 where `self >= other`, else 0.
    public func greaterOrEqual(_ other: Tensor) -> Tensor { compare(other) { $0 >= $1 } }

    /// 1 where `self < other`, else 0.
    public func less(_ other: Tensor) -> Tensor { compare(other) { $0 < $1 } }

    /// 1 where `self <= other`, else 0.
    public func lessOrEqual(_ other: Tensor) -> Tensor { compare(other) { $0 <= $1 } }

    /// 1 where `self == other`, else 0.
    ///
    /// ```swift
    /// let correct = predictions.equal(labels).mean()
    /// ```
    public func equal(_ other: Tensor) -> Tensor { compare(other) { $0 == $1 } }

    private func compare(_ other: Tensor, _ relation: (Float, Float) -> Bool) -> Tensor {
        let shape = ShapeCheck.broadcast(self.shape, other.shape).orFail()
        let a = Kernels.broadcast(detached(), to: shape)
        let b = Kernels.broadcast(other.detached(), to: shape)
        return Kernels.zip(a, b) { relation($0, $1) ? 1 : 0 }
    }

    /// True when every element is finite (no NaN or infinity).
    ///
    /// ```swift
    /// if !loss.isFinite { throw TrainingError.diverged(...) }
    /// ```
    public var isFinite: Bool {
        withUnsafeBufferPointer { buffer in buffer.allSatisfy { $0.isFinite } }
    }
}
