import Foundation

/// The eigendecomposition A = V diag(λ) Vᵀ of a real symmetric matrix stored row-major in a `[Double]`, by the
/// cyclic Jacobi method: plane rotations zero the off-diagonal entries sweep after sweep until their norm is
/// negligible next to the diagonal's. Accurate to working precision (also for tiny eigenvalues) and simple; meant
/// for small matrices (n up to a few dozen, e.g. CMA-ES covariance matrices), since each sweep costs O(n³).
///
/// Eigenvalues come in ascending order; column k of ``vectors`` is the unit eigenvector of ``values``[k].
///
/// ```swift
/// let eigen = SymmetricEigendecomposition(matrix: [2, 1, 1, 2], dimension: 2)
/// eigen.values        // [1, 3]
/// eigen.vectors       // row-major 2×2, columns ±(1, −1)/√2 and ±(1, 1)/√2
/// ```
public struct SymmetricEigendecomposition: Sendable {
    /// The order n of the matrix.
    public let dimension: Int
    /// The eigenvalues, ascending.
    public let values: [Double]
    /// The eigenvectors as the columns of a row-major n×n orthogonal matrix.
    public let vectors: [Double]
    /// The Jacobi sweeps performed.
    public let sweeps: Int

    /// Decomposes `matrix` (row-major, `dimension`×`dimension`; it is symmetrized as (A + Aᵀ)/2 first).
    ///
    /// Stops when the off-diagonal Frobenius norm is below `tolerance` × the Frobenius norm of A, or after
    /// `maximumSweeps` sweeps.
    /// ```swift
    /// let eigen = SymmetricEigendecomposition(matrix: covariance, dimension: n)
    /// let conditionNumber = eigen.values.last! / eigen.values.first!
    /// ```
    public init(matrix: [Double], dimension n: Int, tolerance: Double = 1e-15, maximumSweeps: Int = 100) {
        precondition(matrix.count == n * n, "SymmetricEigendecomposition: matrix must be n×n")
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n { a[i * n + j] = 0.5 * (matrix[i * n + j] + matrix[j * n + i]) }
        }
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        var total = 0.0
        for value in a { total += value * value }
        let threshold = tolerance * tolerance * total
        var sweep = 0
        while sweep < maximumSweeps {
            var offDiagonal = 0.0
            for i in 0..<n {
                for j in (i + 1)..<max(n, i + 1) { offDiagonal += 2 * a[i * n + j] * a[i * n + j] }
            }
            if offDiagonal <= threshold || !offDiagonal.isFinite { break }
            sweep += 1
            for p in 0..<n {
                for q in (p + 1)..<max(n, p + 1) {
                    let apq = a[p * n + q]
                    if apq == 0 { continue }
                    // The rotation angle that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.5.1).
                    let tau = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                    let t = (tau >= 0 ? 1 : -1) / (abs(tau) + (1 + tau * tau).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot()
                    let s = t * c
                    // A ← Jᵀ A J on rows and columns p and q.
                    for k in 0..<n {
                        let akp = a[k * n + p]
                        let akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k]
                        let aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    a[p * n + q] = 0
                    a[q * n + p] = 0
                    for k in 0..<n {
                        let vkp = v[k * n + p]
                        let vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<n).sorted { a[$0 * n + $0] < a[$1 * n + $1] }
        var sortedVectors = [Double](repeating: 0, count: n * n)
        for (column, source) in order.enumerated() {
            for row in 0..<n { sortedVectors[row * n + column] = v[row * n + source] }
        }
        self.dimension = n
        self.values = order.map { a[$0 * n + $0] }
        self.vectors = sortedVectors
        self.sweeps = sweep
    }

    /// V diag(f(λ)) Vᵀ, row-major: a function of the matrix (e.g. `{ 1 / $0.squareRoot() }` for A^(−1/2)).
    ///
    /// ```swift
    /// let inverseSquareRoot = eigen.reconstructed { 1 / $0.squareRoot() }
    /// ```
    public func reconstructed(applying function: (Double) -> Double) -> [Double] {
        let n = dimension
        let scaled = values.map(function)
        var result = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in i..<n {
                var sum = 0.0
                for k in 0..<n { sum += vectors[i * n + k] * scaled[k] * vectors[j * n + k] }
                result[i * n + j] = sum
                result[j * n + i] = sum
            }
        }
        return result
    }
}
