/// Arithmetic with NumPy broadcasting. Each operator's pullback sits right beside its forward code and undoes
/// broadcasting through the one shared reduction (`Kernels.unbroadcast`).
extension Tensor {
    /// Element-wise sum with broadcasting.
    ///
    /// ```swift
    /// let y = x.matmul(w) + b      // b of shape [n] is added to every row
    /// ```
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor {
        let result = Kernels.binary(lhs, rhs, op: .add)
        let (sa, sb) = (lhs.shape, rhs.shape)
        let (needA, needB) = (lhs.node != nil, rhs.node != nil)
        return record(result, lhs, rhs) { g in
            (
                needA ? Kernels.unbroadcast(g, to: sa) : nil,
                needB ? Kernels.unbroadcast(g, to: sb) : nil
            )
        }
    }

    /// Element-wise difference with broadcasting.
    ///
    /// ```swift
    /// let error = predicted - expected
    /// ```
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor {
        let result = Kernels.binary(lhs, rhs, op: .subtract)
        let (sa, sb) = (lhs.shape, rhs.shape)
        let (needA, needB) = (lhs.node != nil, rhs.node != nil)
        return record(result, lhs, rhs) { g in
            (
                needA ? Kernels.unbroadcast(g, to: sa) : nil,
                needB ? Kernels.unbroadcast(Kernels.unary(g, .negate), to: sb) : nil
            )
        }
    }

    /// Element-wise product with broadcasting.
    ///
    /// ```swift
    /// let masked = activations * mask
    /// ```
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor {
        let result = Kernels.binary(lhs, rhs, op: .multiply)
        let (needA, needB) = (lhs.node != nil, rhs.node != nil)
        guard needA || needB else { return result }
        // Keep only what the pullback needs: ∂a uses b, ∂b uses a.
        let a = needB ? lhs.detached() : nil
        let b = needA ? rhs.detached() : nil
        let (sa, sb) = (lhs.shape, rhs.shape)
        return record(result, lhs, rhs) { g in
            (
                b.map { Kernels.unbroadcast(Kernels.binary(g, $0, op: .multiply), to: sa) },
                a.map { Kernels.unbroadcast(Kernels.binary(g, $0, op: .multiply), to: sb) }
            )
        }
    }

    /// Element-wise quotient with broadcasting.
    ///
    /// ```swift
    /// let normalized = x / x.sum(alongAxes: [1], keepingDimensions: true)
    /// ```
    public static func / (lhs: Tensor, rhs: Tensor) -> Tensor {
        let result = Kernels.binary(lhs, rhs, op: .divide)
        let (needA, needB) = (lhs.node != nil, rhs.node != nil)
        guard needA || needB else { return result }
        let b = rhs.detached()
        // ∂b = −g · a / b² = −g · (a / b) / b, with a / b the saved result.
        let quotient = needB ? result.detached() : nil
        let sa = lhs.shape
        return record(result, lhs, rhs) { g in
            (
                needA ? Kernels.unbroadcast(Kernels.binary(g, b, op: .divide), to: sa) : nil,
                quotient.map { quotient in
                    Kernels.unbroadcast(
                        Kernels.zip3(g, quotient, Kernels.broadcast(b, to: quotient.shape)) { g, q, b in -g * q / b },
                        to: b.shape)
                }
            )
        }
    }

    /// Element-wise negation.
    ///
    /// ```swift
    /// let ascent = -gradient
    /// ```
    public static prefix func - (x: Tensor) -> Tensor {
        record(Kernels.unary(x, .negate), input: x) { g in Kernels.unary(g, .negate) }
    }

    /// Adds a scalar to every element.
    ///
    /// ```swift
    /// let shifted = x + 1
    /// ```
    public static func + (lhs: Tensor, rhs: Float) -> Tensor {
        let result = Tensor(shape: lhs.shape, storage: TensorStorage(uninitializedCount: lhs.count))
        Kernels.binaryScalar(.add, lhs.storage.pointer, rhs, scalarOnLeft: false, result.storage.pointer, lhs.count)
        return record(result, input: lhs) { $0 }
    }

    /// Adds a scalar to every element.
    public static func + (lhs: Float, rhs: Tensor) -> Tensor { rhs + lhs }

    /// Subtracts a scalar from every element.
    ///
    /// ```swift
    /// let centered = x - 0.5
    /// ```
    public static func - (lhs: Tensor, rhs: Float) -> Tensor { lhs + (-rhs) }

    /// Subtracts every element from a scalar.
    ///
    /// ```swift
    /// let complement = 1 - probabilities
    /// ```
    public static func - (lhs: Float, rhs: Tensor) -> Tensor { -rhs + lhs }

    /// Multiplies every element by a scalar.
    ///
    /// ```swift
    /// let step = gradient * 0.01
    /// ```
    public static func * (lhs: Tensor, rhs: Float) -> Tensor {
        let result = Tensor(shape: lhs.shape, storage: TensorStorage(uninitializedCount: lhs.count))
        Kernels.binaryScalar(
            .multiply, lhs.storage.pointer, rhs, scalarOnLeft: false, result.storage.pointer, lhs.count)
        return record(result, input: lhs) { g in g * rhs }
    }

    /// Multiplies every element by a scalar.
    public static func * (lhs: Float, rhs: Tensor) -> Tensor { rhs * lhs }

    /// Divides every element by a scalar.
    ///
    /// ```swift
    /// let mean = x.sum() / Float(x.count)
    /// ```
    public static func / (lhs: Tensor, rhs: Float) -> Tensor { lhs * (1 / rhs) }

    /// Divides a scalar by every element.
    ///
    /// ```swift
    /// let inverse = 1 / x
    /// ```
    public static func / (lhs: Float, rhs: Tensor) -> Tensor {
        let x = rhs.detached()
        let result = Kernels.map(x) { lhs / $0 }
        return record(result, input: rhs) { g in Kernels.zip(g, x) { g, x in -g * lhs / (x * x) } }
    }

    /// In-place sum (not recorded on the tape when `lhs` is a constant).
    public static func += (lhs: inout Tensor, rhs: Tensor) { lhs = lhs + rhs }

    /// In-place difference.
    public static func -= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs - rhs }

    /// In-place product.
    public static func *= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs * rhs }

    /// In-place scaling.
    public static func *= (lhs: inout Tensor, rhs: Float) { lhs = lhs * rhs }

    /// In-place quotient.
    public static func /= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs / rhs }
}
