/// Errors of the dense linear-algebra routines.
///
/// ```swift
/// do {
///     _ = try CholeskyFactorization(matrix: [1, 2, 2, 1], dimension: 2, maximumJitter: 0)
/// } catch LinearAlgebraError.notPositiveDefinite(let jitter) {
///     print("failed even with jitter \(jitter)")
/// }
/// ```
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    /// The matrix is not (numerically) positive definite, even after adding `jitter` to its diagonal.
    case notPositiveDefinite(jitter: Double)
    /// The matrix contains NaN or infinity.
    case nonFiniteEntry

    /// A readable explanation.
    public var description: String {
        switch self {
        case .notPositiveDefinite(let jitter):
            return "matrix is not positive definite (largest diagonal jitter tried: \(jitter))"
        case .nonFiniteEntry:
            return "matrix has a NaN or infinite entry"
        }
    }
}
