import Synchronization

#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif

/// Matrix products through BLAS `sgemm` (OpenBLAS on Linux, Accelerate on Apple platforms).
///
/// The number of BLAS threads is chosen here, per product, by its size: products of fewer than
/// ``threadingThreshold`` operations run on one thread (on a 2-core machine a second thread costs more in
/// start-up and spinning than it saves), larger ones on up to ``threadLimit`` threads.
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
        useThreads(forOperations: 2 * m * n * k)
        let lda = transposeA ? m : k
        let ldb = transposeB ? k : n
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(n))
    }

    /// Products of fewer operations (2·m·n·k) than this run on one BLAS thread: 2²⁶, the size below which a
    /// second OpenBLAS thread was measured to lose on a 2-core machine (see DECISIONS.md).
    static let threadingThreshold = 1 << 26

    /// The most threads one product may use (``MatrixMultiply/threadCount``); BLAS's own count at start-up.
    static var threadLimit: Int {
        get {
            let limit = limit.load(ordering: .relaxed)
            return limit > 0 ? limit : startupThreads
        }
        set {
            limit.store(Swift.max(1, newValue), ordering: .relaxed)
            useThreads(1)  // each product picks its own count; none may run on more than the new limit
        }
    }

    /// Sets BLAS to one thread for a product of `operations` below ``threadingThreshold``, else to
    /// ``threadLimit``.
    @inline(__always)
    static func useThreads(forOperations operations: Int) {
        useThreads(operations < threadingThreshold ? 1 : threadLimit)
    }

    /// Sets the number of threads BLAS uses from now on (OpenBLAS only; Accelerate decides by itself), calling
    /// into BLAS only when the count changes.
    static func useThreads(_ count: Int) {
        #if !canImport(Accelerate)
        if applied.load(ordering: .relaxed) != count {
            _ = startupThreads  // read before the first change
            openblas_set_num_threads(Int32(count))
            applied.store(count, ordering: .relaxed)
        }
        #endif
    }

    /// The number of threads BLAS uses now (as BLAS reports it; 1 where the platform's BLAS decides by itself).
    static var appliedThreads: Int {
        #if canImport(Accelerate)
        1
        #else
        Int(openblas_get_num_threads())
        #endif
    }

    /// The count set through ``threadLimit`` (0: none yet).
    private static let limit = Atomic<Int>(0)
    /// The count last passed to BLAS (0: none yet).
    private static let applied = Atomic<Int>(0)

    /// BLAS's own thread count before Vernier set any (OpenBLAS: `OPENBLAS_NUM_THREADS` or the core count).
    private static let startupThreads: Int = {
        #if canImport(Accelerate)
        1
        #else
        Int(openblas_get_num_threads())
        #endif
    }()
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
