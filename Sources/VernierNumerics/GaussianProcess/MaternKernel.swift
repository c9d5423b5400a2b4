import Foundation

/// The Matérn-5/2 covariance with automatic relevance determination (one length scale per dimension):
/// k(x, x′) = σ_f² (1 + √5 r + 5r²/3) exp(-√5 r), with r² = Σ_d (x_d - x′_d)² / ℓ_d².
///
/// Dimensions marked in `categoricalDimensions` hold category indices; for them (x_d - x′_d)² is replaced by the
/// Hamming distance 𝟙[x_d ≠ x′_d], so every pair of different categories is equally far apart.
/// (Rasmussen and Williams, "Gaussian Processes for Machine Learning", 2006, eq. 4.17.)
///
/// ```swift
/// let kernel = MaternKernel(lengthScales: [0.5, 2], signalVariance: 1)
/// kernel([0, 0], [0.1, 0.3])   // ≈ 0.93
/// ```
public struct MaternKernel: Sendable, Equatable {
    /// One length scale per dimension.
    public var lengthScales: [Double]
    /// σ_f², the value of k(x, x).
    public var signalVariance: Double
    /// For each dimension, whether it is categorical (Hamming distance); empty means none is.
    public var categoricalDimensions: [Bool]

    /// Creates a kernel.
    ///
    /// ```swift
    /// let kernel = MaternKernel(lengthScales: [1, 1, 1], signalVariance: 2, categoricalDimensions: [false, false, true])
    /// ```
    public init(lengthScales: [Double], signalVariance: Double, categoricalDimensions: [Bool] = []) {
        precondition(
            categoricalDimensions.isEmpty || categoricalDimensions.count == lengthScales.count,
            "MaternKernel: categoricalDimensions needs one flag per dimension")
        self.lengthScales = lengthScales
        self.signalVariance = signalVariance
        self.categoricalDimensions = categoricalDimensions
    }

    /// The covariance of two points.
    ///
    /// ```swift
    /// kernel([0.2, 0.4], [0.2, 0.4])   // == signalVariance
    /// ```
    public func callAsFunction(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == lengthScales.count && b.count == lengthScales.count, "MaternKernel: wrong dimension")
        var squaredDistance = 0.0
        for d in 0..<a.count {
            let difference = a[d] - b[d]
            let term = isCategorical(d) ? (difference == 0 ? 0 : 1) : difference * difference
            squaredDistance += term / (lengthScales[d] * lengthScales[d])
        }
        return signalVariance * maternValue(squaredDistance: squaredDistance)
    }

    @inline(__always)
    func isCategorical(_ d: Int) -> Bool {
        !categoricalDimensions.isEmpty && categoricalDimensions[d]
    }

    /// The inverse squared length scales 1/ℓ_d².
    var inverseSquaredLengthScales: [Double] {
        lengthScales.map { 1 / ($0 * $0) }
    }
}

/// (1 + s + s²/3) e^{-s} with s = √(5 r²): the unit-variance Matérn-5/2 correlation.
@inline(__always)
func maternValue(squaredDistance: Double) -> Double {
    let s = (5 * squaredDistance).squareRoot()
    return (1 + s + s * s / 3) * Foundation.exp(-s)
}

/// -d/d(r²) of the unit-variance Matérn-5/2 correlation: (5/6)(1 + s) e^{-s}, finite at r = 0.
@inline(__always)
func maternSlope(squaredDistance: Double) -> Double {
    let s = (5 * squaredDistance).squareRoot()
    return 5.0 / 6.0 * (1 + s) * Foundation.exp(-s)
}
