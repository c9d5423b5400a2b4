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
        sgemm(transposeA, transposeB, m, n, k, alpha, a, transposeA ? m : k, b, beta, c)
    }

    /// ``gemm(transposeA:transposeB:m:n:k:alpha:a:b:beta:c:)`` with the rows of `c` split into ``BatchShares``
    /// that run at the same time on one BLAS thread each, for products of ``rowSplitThreshold`` operations up to
    /// ``threadingThreshold`` (which BLAS would run on one thread, leaving the second core idle); other sizes
    /// run as one product. The split depends on `m` only, so the same inputs give the same bits on any machine (not
    /// the whole product's bits: OpenBLAS blocks the halves differently).
    static func gemmSplittingRows(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, b: UnsafePointer<Float>, beta: Float = 0, c: UnsafeMutablePointer<Float>
    ) {
        let operations = 2 * m * n * k
        guard operations >= rowSplitThreshold, operations < threadingThreshold, k > 0 else {
            gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, b: b, beta: beta, c: c)
            return
        }
        let lda = transposeA ? m : k
        useThreads(1)
        BatchShares.run(
            images: m,
            RowSplitProduct(
                transposeA: transposeA, transposeB: transposeB, n: n, k: k, a: a, lda: lda, b: b, beta: beta, c: c))
    }

    /// One share of ``gemmSplittingRows(transposeA:transposeB:m:n:k:a:b:beta:c:)``: the product's rows `images`.
    private struct RowSplitProduct: ShareJob {
        let transposeA: Bool, transposeB: Bool
        let n: Int, k: Int
        let a: UnsafePointer<Float>, lda: Int
        let b: UnsafePointer<Float>
        let beta: Float
        let c: UnsafeMutablePointer<Float>

        func run(share _: Int, images rows: Range<Int>) {
            // Row r of op(a) starts at column r of a when transposed, at row r otherwise.
            let first = a + rows.lowerBound * (transposeA ? 1 : lda)
            sgemm(transposeA, transposeB, rows.count, n, k, 1, first, lda, b, beta, c + rows.lowerBound * n)
        }
    }

    /// Products of at least this many operations (2·m·n·k) are worth splitting over two cores in
    /// ``gemmSplittingRows(transposeA:transposeB:m:n:k:a:b:beta:c:)``: 2²², about 60 µs of one core's work, against a
    /// few microseconds to hand a share to the second core.
    static let rowSplitThreshold = 1 << 22

    /// `cblas_sgemm` on row-major `c` (`n` floats per row) with `a`'s leading dimension given.
    @inline(__always)
    private static func sgemm(
        _ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
        _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ beta: Float,
        _ c: UnsafeMutablePointer<Float>
    ) {
        // OpenBLAS clears `c` for beta 0 in a scalar loop that costs more than a memset; clearing it here and
        // accumulating onto zeros gives the same bits.
        var beta = beta
        if beta == 0 {
            c.update(repeating: 0, count: m * n)
            beta = 1
        }
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(transposeB ? k : n), beta, c, Int32(n))
    }

    /// Products of fewer operations (2·m·n·k) than this run on one BLAS thread
    /// (``MatrixMultiply/threadingThreshold``).
    static var threadingThreshold: Int { MatrixMultiply.threadingThreshold }

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
