#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif

/// Row-major single-precision matrix products on raw buffers, for code outside this module that manages its own
/// preallocated buffers (the fused, allocation-free training steps of VernierTraining).
///
/// ```swift
/// // c[2×3] = a[2×4] · b[4×3]
/// MatrixMultiply.gemm(m: 2, n: 3, k: 4, a: a, b: b, c: c)
/// ```
public enum MatrixMultiply {
    /// `c = alpha · op(a) · op(b) + beta · c` for row-major matrices (op transposes when asked): `op(a)` is
    /// `m × k`, `op(b)` is `k × n`, `c` is `m × n`. Calls BLAS `sgemm` directly (no copies, no allocation).
    ///
    /// ```swift
    /// MatrixMultiply.gemm(transposeA: true, m: 4, n: 3, k: 2, a: x, b: g, c: weightGradient)   // xᵀ · g
    /// ```
    @inlinable
    public static func gemm(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, b: UnsafePointer<Float>, beta: Float = 0, c: UnsafeMutablePointer<Float>
    ) {
        callGemm(transposeA, transposeB, m, n, k, alpha, a, b, beta, c)
    }

    /// The most threads one BLAS product may use (OpenBLAS; always 1 where the platform's BLAS decides by itself);
    /// products below 2²⁶ operations use one thread whatever the limit. Code that runs several products at once
    /// on its own threads sets it to 1 meanwhile, so BLAS's idle threads do not spin against them.
    ///
    /// ```swift
    /// let saved = MatrixMultiply.threadCount
    /// MatrixMultiply.threadCount = 1
    /// defer { MatrixMultiply.threadCount = saved }
    /// ```
    public static var threadCount: Int {
        get {
            #if canImport(Accelerate)
            1
            #else
            BLAS.threadLimit
            #endif
        }
        set { BLAS.threadLimit = Swift.max(1, newValue) }
    }

    /// Products of fewer operations (2·m·n·k) than this run on one BLAS thread: 2²⁶, the size below which a
    /// second OpenBLAS thread was measured to lose on a 2-core machine (see DECISIONS.md). Code that picks a
    /// thread count for a whole training step compares its largest product with it.
    public static let threadingThreshold = 1 << 26

    @usableFromInline
    static func callGemm(
        _ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ beta: Float, _ c: UnsafeMutablePointer<Float>
    ) {
        BLAS.gemm(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a: a, b: b, beta: beta,
            c: c)
    }
}
