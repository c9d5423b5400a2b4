import Foundation

/// The Cholesky factorization A + jitter·I = L Lᵀ of a symmetric positive-definite matrix stored row-major in a
/// `[Double]`, with adaptive diagonal jitter for matrices that are only positive semi-definite numerically (for
/// example Gaussian-process kernel matrices with nearly duplicated points).
///
/// The factorization is tried with no jitter first; when a pivot is not positive, it is retried with jitter
/// `initialJitterRatio × mean(diag A)`, then 10× larger each time, up to `maximumJitter × mean(diag A)`; the
/// jitter actually used is ``jitter``. The row-oriented (Cholesky–Banachiewicz) loop reads contiguous rows, which
/// is cache-friendly in row-major storage. Meant for small matrices (n up to a few hundred).
///
/// ```swift
/// let a: [Double] = [4, 2, 2, 3]
/// let cholesky = try CholeskyFactorization(matrix: a, dimension: 2)
/// let x = cholesky.solve([2, 1])          // A x = b
/// let logDet = cholesky.logDeterminant    // log det A
/// ```
public struct CholeskyFactorization: Sendable {
    /// The order n of the matrix.
    public let dimension: Int
    /// The lower-triangular factor L, row-major n×n (entries above the diagonal are zero).
    public private(set) var lower: [Double]
    /// The jitter added to the diagonal (0 when the matrix factored as given).
    public let jitter: Double

    /// Factors `matrix` (row-major, `dimension`×`dimension`, only the lower triangle is read).
    ///
    /// Throws ``LinearAlgebraError/notPositiveDefinite(jitter:)`` when even the largest jitter fails, and
    /// ``LinearAlgebraError/nonFiniteEntry`` for NaN or infinite entries.
    /// ```swift
    /// let nearlySingular: [Double] = [1, 1, 1, 1]
    /// let cholesky = try CholeskyFactorization(matrix: nearlySingular, dimension: 2)   // jitter > 0
    /// ```
    public init(
        matrix: [Double], dimension: Int, initialJitterRatio: Double = 1e-10, maximumJitter: Double = 1e-2
    ) throws(LinearAlgebraError) {
        precondition(matrix.count == dimension * dimension, "CholeskyFactorization: matrix must be n×n")
        for value in matrix where !value.isFinite { throw .nonFiniteEntry }
        self.dimension = dimension
        var meanDiagonal = 0.0
        for i in 0..<dimension { meanDiagonal += matrix[i * dimension + i] }
        meanDiagonal = dimension > 0 ? max(meanDiagonal / Double(dimension), 1e-300) : 1
        var factor = [Double](repeating: 0, count: dimension * dimension)
        var jitter = 0.0
        while true {
            if CholeskyFactorization.factor(matrix, dimension: dimension, jitter: jitter, into: &factor) {
                break
            }
            jitter = jitter == 0 ? initialJitterRatio * meanDiagonal : jitter * 10
            if jitter > maximumJitter * meanDiagonal * (1 + 1e-12) {
                throw .notPositiveDefinite(jitter: jitter / 10)
            }
        }
        self.lower = factor
        self.jitter = jitter
    }

    /// Returns false when a pivot is not positive.
    private static func factor(
        _ matrix: [Double], dimension n: Int, jitter: Double, into factor: inout [Double]
    )
        -> Bool
    {
        matrix.withUnsafeBufferPointer { a in
            factor.withUnsafeMutableBufferPointer { l in
                let base = l.baseAddress!
                for i in 0..<n {
                    let rowI = i * n
                    for j in 0...i {
                        let rowJ = j * n
                        var sum = a[rowI + j] - VectorKernels.dot(base + rowI, base + rowJ, count: j)
                        if i == j {
                            sum += jitter
                            guard sum > 0, sum.isFinite else { return false }
                            l[rowI + i] = sum.squareRoot()
                        } else {
                            l[rowI + j] = sum / l[rowJ + j]
                        }
                    }
                    for j in (i + 1)..<max(n, i + 1) { l[rowI + j] = 0 }
                }
                return true
            }
        }
    }

    /// log det(A + jitter·I) = 2 Σ log Lᵢᵢ.
    public var logDeterminant: Double {
        var sum = 0.0
        for i in 0..<dimension { sum += Foundation.log(lower[i * dimension + i]) }
        return 2 * sum
    }

    /// Solves L y = b (forward substitution).
    ///
    /// ```swift
    /// let y = cholesky.solveLower([1, 2])
    /// ```
    public func solveLower(_ b: [Double]) -> [Double] {
        solveLowerTriangular(lower, dimension: dimension, b)
    }

    /// Solves Lᵀ x = y (back substitution).
    ///
    /// ```swift
    /// let x = cholesky.solveUpper(cholesky.solveLower([1, 2]))
    /// ```
    public func solveUpper(_ y: [Double]) -> [Double] {
        solveLowerTransposed(lower, dimension: dimension, y)
    }

    /// Solves (A + jitter·I) x = b.
    ///
    /// ```swift
    /// let alpha = cholesky.solve(targets)
    /// ```
    public func solve(_ b: [Double]) -> [Double] {
        solveUpper(solveLower(b))
    }

    /// Solves L X = B for `columnCount` right-hand sides at once, B row-major n×`columnCount`; each step is an
    /// update of a contiguous row, so this is much faster than solving the columns one by one.
    ///
    /// ```swift
    /// // V = L⁻¹ K*, with K* n×m (training points × candidates)
    /// let v = cholesky.solveLower(matrix: crossKernel, columnCount: m)
    /// ```
    public func solveLower(matrix b: [Double], columnCount m: Int) -> [Double] {
        let n = dimension
        precondition(b.count == n * m, "solveLower(matrix:columnCount:) needs an n×m matrix")
        var x = b
        lower.withUnsafeBufferPointer { l in
            x.withUnsafeMutableBufferPointer { x in
                let base = x.baseAddress!
                for i in 0..<n {
                    let rowI = i * m
                    for k in 0..<i {
                        let coefficient = l[i * n + k]
                        if coefficient == 0 { continue }
                        VectorKernels.addScaled(-coefficient, base + k * m, to: base + rowI, count: m)
                    }
                    let inverse = 1 / l[i * n + i]
                    for c in 0..<m {
                        x[rowI + c] *= inverse
                    }
                }
            }
        }
        return x
    }

    /// The inverse (A + jitter·I)⁻¹ as a row-major n×n matrix, computed as L⁻ᵀ L⁻¹.
    ///
    /// ```swift
    /// let inverse = cholesky.inverse()
    /// ```
    public func inverse() -> [Double] {
        let n = dimension
        // W = L⁻¹ (lower triangular), by forward substitution on the identity, row by row.
        var w = [Double](repeating: 0, count: n * n)
        lower.withUnsafeBufferPointer { l in
            w.withUnsafeMutableBufferPointer { w in
                for i in 0..<n {
                    let inverseDiagonal = 1 / l[i * n + i]
                    // Row i of W: W[i, j] = (δᵢⱼ - Σ_{k=j}^{i-1} L[i,k] W[k,j]) / L[i,i], for j ≤ i.
                    let base = w.baseAddress!
                    for k in 0..<i {
                        let coefficient = l[i * n + k]
                        if coefficient == 0 { continue }
                        VectorKernels.addScaled(-coefficient, base + k * n, to: base + i * n, count: k + 1)
                    }
                    for j in 0..<i {
                        w[i * n + j] *= inverseDiagonal
                    }
                    w[i * n + i] = inverseDiagonal
                }
            }
        }
        // A⁻¹ = Wᵀ W: (A⁻¹)[i, j] = Σ_{k ≥ max(i,j)} W[k,i] W[k,j]; accumulate row by row of W.
        var result = [Double](repeating: 0, count: n * n)
        w.withUnsafeBufferPointer { w in
            result.withUnsafeMutableBufferPointer { r in
                let wBase = w.baseAddress!
                let rBase = r.baseAddress!
                for k in 0..<n {
                    let rowK = k * n
                    for i in 0...k {
                        let wki = w[rowK + i]
                        if wki == 0 { continue }
                        VectorKernels.addScaled(wki, wBase + rowK, to: rBase + i * n, count: i + 1)
                    }
                }
                for i in 0..<n {
                    for j in 0..<i {
                        r[j * n + i] = r[i * n + j]
                    }
                }
            }
        }
        return result
    }
}

/// Solves L y = b for a lower-triangular L (row-major n×n) by forward substitution.
///
/// ```swift
/// let y = solveLowerTriangular([2, 0, 1, 1], dimension: 2, [2, 3])   // [1, 2]
/// ```
public func solveLowerTriangular(_ lower: [Double], dimension n: Int, _ b: [Double]) -> [Double] {
    precondition(lower.count == n * n && b.count == n, "solveLowerTriangular: size mismatch")
    var y = b
    lower.withUnsafeBufferPointer { l in
        for i in 0..<n {
            var sum = y[i]
            let row = i * n
            for k in 0..<i { sum -= l[row + k] * y[k] }
            y[i] = sum / l[row + i]
        }
    }
    return y
}

/// Solves Lᵀ x = y for a lower-triangular L (row-major n×n) by back substitution.
///
/// ```swift
/// let x = solveLowerTransposed([2, 0, 1, 1], dimension: 2, [4, 2])   // [1, 2]
/// ```
public func solveLowerTransposed(_ lower: [Double], dimension n: Int, _ y: [Double]) -> [Double] {
    precondition(lower.count == n * n && y.count == n, "solveLowerTransposed: size mismatch")
    var x = y
    lower.withUnsafeBufferPointer { l in
        var i = n - 1
        while i >= 0 {
            let value = x[i] / l[i * n + i]
            x[i] = value
            // Column i of Lᵀ's contribution: subtract L[i, k] * x[i] from x[k] for k < i (row i is contiguous).
            let row = i * n
            for k in 0..<i { x[k] -= l[row + k] * value }
            i -= 1
        }
    }
    return x
}
