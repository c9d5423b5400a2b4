#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif

/// Matrix products through BLAS `sgemm` (OpenBLAS on Linux, Accelerate on Apple platforms).
enum BLAS {
    /// `c = alpha · op(a) · op(b) + beta · c` for row-major matrices, where op transposes when asked.
    ///
    /// `a` is `m × k` after op, `b` is `k × n` after op, `c` is `m × n`.
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        beta: Float = 0, c: UnsafeMutablePointer<Float>
    ) {
        guard m > 0, n > 0 else { return }
        if k == 0 {
            for i in 0..<(m * n) { c[i] = beta == 0 ? 0 : beta * c[i] }
            return
        }
        let lda = transposeA ? m : k
        let ldb = transposeB ? k : n
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(n))
    }

    /// Sets the number of threads BLAS may use (OpenBLAS only; Accelerate decides by itself).
    static func setThreads(_ count: Int) {
        #if !canImport(Accelerate)
        openblas_set_num_threads(Int32(count))
        #endif
    }
}

extension Kernels {
    /// `op(a) · op(b)` for rank-2 operands, or a batch of such products for rank ≥ 3 (a rank-2 operand is shared
    /// by every batch element).
    static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
        if let message = ShapeCheck.matmul(a.shape, b.shape, transposeA: transposeA, transposeB: transposeB) {
            preconditionFailure(message)
        }
        let ra = a.rank
        let rb = b.rank
        let m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2]
        let k = transposeA ? a.shape[ra - 2] : a.shape[ra - 1]
        let n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1]
        let batchShape = ra == 2 && rb == 2 ? [] : ra >= rb ? Array(a.shape.dropLast(2)) : Array(b.shape.dropLast(2))
        let batch = batchShape.reduce(1, *)
        let result = TensorStorage(uninitializedCount: batch * m * n)
        let strideA = ra == 2 ? 0 : m * k
        let strideB = rb == 2 ? 0 : k * n
        for i in 0..<batch {
            BLAS.gemm(
                transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                a: a.storage.pointer + i * strideA, b: b.storage.pointer + i * strideB,
                c: result.pointer + i * m * n)
        }
        return Tensor(shape: batchShape.isEmpty ? [m, n] : batchShape + [m, n], storage: result)
    }
}
