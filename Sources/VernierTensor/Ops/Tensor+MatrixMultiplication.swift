/// Matrix products through BLAS, with the transposes passed to `sgemm` instead of copying.

/// `op(a) · op(b)`, where `op` transposes the last two axes when asked. Rank-2 operands give a matrix; rank ≥ 3
/// operands are batches of matrices (a rank-2 operand is shared across the batch).
///
/// ```swift
/// let logits = matmul(x, w)                          // [batch, in] · [in, out]
/// let gram = matmul(x, x, transposeA: true)          // xᵀx without copying
/// ```
public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
    let result = Kernels.matmul(a, b, transposeA: transposeA, transposeB: transposeB)
    let (needA, needB) = (a.node != nil, b.node != nil)
    guard needA || needB else { return result }
    let sa = a.detached()
    let sb = b.detached()
    return Tensor.record(result, a, b) { g in
        var gradientA: Tensor?
        var gradientB: Tensor?
        if needA {
            let raw =
                transposeA
                ? Kernels.matmul(sb, g, transposeA: transposeB, transposeB: true)
                : Kernels.matmul(g, sb, transposeA: false, transposeB: !transposeB)
            gradientA = Kernels.unbroadcast(raw, to: sa.shape)
        }
        if needB {
            let raw =
                transposeB
                ? Kernels.matmul(g, sa, transposeA: true, transposeB: transposeA)
                : Kernels.matmul(sa, g, transposeA: !transposeA, transposeB: false)
            gradientB = Kernels.unbroadcast(raw, to: sb.shape)
        }
        return (gradientA, gradientB)
    }
}

extension Tensor {
    /// The matrix product `self · other` (see ``matmul(_:_:transposeA:transposeB:)``).
    ///
    /// ```swift
    /// let hidden = x.matmul(w1)
    /// ```
    public func matmul(_ other: Tensor) -> Tensor { VernierTensor.matmul(self, other) }
}
