import Foundation

/// Gaussian-process regression with a Matérn-5/2 ARD kernel and Gaussian noise: the posterior mean and variance
/// of the latent function at new points (Rasmussen and Williams, "Gaussian Processes for Machine Learning", 2006,
/// algorithm 2.1).
///
/// Inputs are stored row-major in one `[Double]` (n points × ``dimension``). The kernel matrix K + σ_n² I is
/// factored once with ``CholeskyFactorization`` (adaptive jitter); predictions cost O(n·d + n²) per point, and
/// ``predict(_:)`` handles many candidates at once with a row-oriented triangular solve.
/// Use ``fit(inputs:targets:dimension:categoricalDimensions:prior:options:warmStart:)`` to choose the
/// hyperparameters by maximum a posteriori.
///
/// ```swift
/// let inputs: [Double] = [0.1, 0.4, 0.9]          // three 1-D points
/// let gp = try GaussianProcessRegressor(
///     inputs: inputs, targets: [1.0, -0.5, 0.3], dimension: 1,
///     hyperparameters: GaussianProcessHyperparameters(lengthScales: [0.3], signalVariance: 1, noiseVariance: 1e-6))
/// let (mean, variance) = gp.predict(at: [0.5])
/// ```
public struct GaussianProcessRegressor: Sendable {
    /// The training inputs, row-major n × ``dimension``.
    public let inputs: [Double]
    /// The training targets (length n).
    public let targets: [Double]
    /// The number of input coordinates.
    public let dimension: Int
    /// The hyperparameters in use.
    public let hyperparameters: GaussianProcessHyperparameters
    /// Which dimensions are categorical (Hamming distance); empty means none.
    public let categoricalDimensions: [Bool]
    /// The factorization of K + σ_n² I.
    public let cholesky: CholeskyFactorization
    /// α = (K + σ_n² I)⁻¹ y.
    public let alpha: [Double]
    private let inverseSquaredLengthScales: [Double]

    /// The number of training points.
    public var count: Int { targets.count }

    /// The kernel described by the hyperparameters.
    public var kernel: MaternKernel {
        MaternKernel(
            lengthScales: hyperparameters.lengthScales, signalVariance: hyperparameters.signalVariance,
            categoricalDimensions: categoricalDimensions)
    }

    /// Conditions the process on `targets` observed at `inputs` (row-major, n × `dimension`).
    ///
    /// Throws ``LinearAlgebraError`` when the kernel matrix cannot be factored even with jitter.
    /// ```swift
    /// let gp = try GaussianProcessRegressor(inputs: x, targets: y, dimension: 2, hyperparameters: h)
    /// ```
    public init(
        inputs: [Double], targets: [Double], dimension: Int, hyperparameters: GaussianProcessHyperparameters,
        categoricalDimensions: [Bool] = []
    ) throws(LinearAlgebraError) {
        precondition(dimension >= 1, "GaussianProcessRegressor: dimension must be at least 1")
        precondition(inputs.count == targets.count * dimension, "GaussianProcessRegressor: inputs must be n × d")
        precondition(hyperparameters.dimension == dimension, "GaussianProcessRegressor: one length scale per dimension")
        self.inputs = inputs
        self.targets = targets
        self.dimension = dimension
        self.hyperparameters = hyperparameters
        self.categoricalDimensions = categoricalDimensions
        self.inverseSquaredLengthScales = hyperparameters.lengthScales.map { 1 / ($0 * $0) }
        let n = targets.count
        var matrix = [Double](repeating: 0, count: n * n)
        let sigma2 = hyperparameters.signalVariance
        let rho = hyperparameters.lengthScales.map { 1 / ($0 * $0) }
        for i in 0..<n {
            for j in 0..<i {
                var squared = 0.0
                for k in 0..<dimension {
                    let difference = inputs[i * dimension + k] - inputs[j * dimension + k]
                    if !categoricalDimensions.isEmpty && categoricalDimensions[k] {
                        squared += difference == 0 ? 0 : rho[k]
                    } else {
                        squared += difference * difference * rho[k]
                    }
                }
                let value = sigma2 * maternValue(squaredDistance: squared)
                matrix[i * n + j] = value
                matrix[j * n + i] = value
            }
            matrix[i * n + i] = sigma2 + hyperparameters.noiseVariance
        }
        self.cholesky = try CholeskyFactorization(matrix: matrix, dimension: n)
        self.alpha = cholesky.solve(targets)
    }

    /// Cross-covariances k(x, xᵢ) for all training points.
    func crossCovariance(_ point: [Double]) -> [Double] {
        let n = count
        let d = dimension
        var result = [Double](repeating: 0, count: n)
        let sigma2 = hyperparameters.signalVariance
        let categorical = !categoricalDimensions.isEmpty
        inputs.withUnsafeBufferPointer { x in
            for i in 0..<n {
                var sum = 0.0
                for k in 0..<d {
                    let difference = point[k] - x[i * d + k]
                    if categorical && categoricalDimensions[k] {
                        sum += difference == 0 ? 0 : inverseSquaredLengthScales[k]
                    } else {
                        sum += difference * difference * inverseSquaredLengthScales[k]
                    }
                }
                result[i] = sigma2 * maternValue(squaredDistance: sum)
            }
        }
        return result
    }

    /// Posterior mean and variance of the latent function (noise excluded) at one point.
    ///
    /// ```swift
    /// let (mean, variance) = gp.predict(at: [0.3, 0.7])
    /// ```
    public func predict(at point: [Double]) -> (mean: Double, variance: Double) {
        precondition(point.count == dimension, "GaussianProcessRegressor.predict: wrong dimension")
        let k = crossCovariance(point)
        let v = cholesky.solveLower(k)
        let mean = dot(k, alpha)
        let variance = hyperparameters.signalVariance - dot(v, v)
        return (mean, max(variance, 0))
    }

    /// Posterior means and variances at many points (row-major, m × ``dimension``), computed with one batched
    /// triangular solve.
    ///
    /// ```swift
    /// let (means, variances) = gp.predict(candidates)   // candidates.count == m * dimension
    /// ```
    public func predict(_ points: [Double]) -> (mean: [Double], variance: [Double]) {
        precondition(points.count % dimension == 0, "GaussianProcessRegressor.predict: points must be m × d")
        let m = points.count / dimension
        let n = count
        let d = dimension
        // K* as n × m (training index major), so the solve updates contiguous rows.
        var cross = [Double](repeating: 0, count: n * m)
        let sigma2 = hyperparameters.signalVariance
        let categorical = !categoricalDimensions.isEmpty
        inputs.withUnsafeBufferPointer { x in
            points.withUnsafeBufferPointer { p in
                cross.withUnsafeMutableBufferPointer { c in
                    var squared = [Double](repeating: 0, count: m)
                    for i in 0..<n {
                        for j in 0..<m { squared[j] = 0 }
                        for k in 0..<d {
                            let xi = x[i * d + k]
                            let scale = inverseSquaredLengthScales[k]
                            if categorical && categoricalDimensions[k] {
                                for j in 0..<m where p[j * d + k] != xi { squared[j] += scale }
                            } else {
                                for j in 0..<m {
                                    let difference = p[j * d + k] - xi
                                    squared[j] += difference * difference * scale
                                }
                            }
                        }
                        for j in 0..<m {
                            c[i * m + j] = sigma2 * maternValue(squaredDistance: squared[j])
                        }
                    }
                }
            }
        }
        var means = [Double](repeating: 0, count: m)
        for i in 0..<n {
            let a = alpha[i]
            for j in 0..<m { means[j] += a * cross[i * m + j] }
        }
        let v = cholesky.solveLower(matrix: cross, columnCount: m)
        var variances = [Double](repeating: sigma2, count: m)
        for i in 0..<n {
            for j in 0..<m { variances[j] -= v[i * m + j] * v[i * m + j] }
        }
        for j in 0..<m { variances[j] = max(variances[j], 0) }
        return (means, variances)
    }

    /// Posterior mean and variance at one point with their gradients with respect to the point's coordinates
    /// (categorical coordinates get a zero gradient).
    ///
    /// ```swift
    /// let p = gp.predictWithGradient(at: [0.3, 0.7])
    /// // p.meanGradient.count == 2
    /// ```
    public func predictWithGradient(
        at point: [Double]
    ) -> (
        mean: Double, variance: Double, meanGradient: [Double], varianceGradient: [Double]
    ) {
        precondition(point.count == dimension, "GaussianProcessRegressor.predictWithGradient: wrong dimension")
        let n = count
        let d = dimension
        let sigma2 = hyperparameters.signalVariance
        var k = [Double](repeating: 0, count: n)
        var slopes = [Double](repeating: 0, count: n)
        let categorical = !categoricalDimensions.isEmpty
        for i in 0..<n {
            var sum = 0.0
            for c in 0..<d {
                let difference = point[c] - inputs[i * d + c]
                if categorical && categoricalDimensions[c] {
                    sum += difference == 0 ? 0 : inverseSquaredLengthScales[c]
                } else {
                    sum += difference * difference * inverseSquaredLengthScales[c]
                }
            }
            k[i] = sigma2 * maternValue(squaredDistance: sum)
            slopes[i] = sigma2 * maternSlope(squaredDistance: sum)
        }
        let beta = cholesky.solve(k)
        let mean = dot(k, alpha)
        let variance = max(sigma2 - dot(k, beta), 0)
        var meanGradient = [Double](repeating: 0, count: d)
        var varianceGradient = [Double](repeating: 0, count: d)
        // ∂k_i/∂x_c = -slope_i · 2 (x_c - x_ic) / ℓ_c².
        for c in 0..<d where !(categorical && categoricalDimensions[c]) {
            var meanSum = 0.0
            var varianceSum = 0.0
            let scale = 2 * inverseSquaredLengthScales[c]
            for i in 0..<n {
                let derivative = -slopes[i] * scale * (point[c] - inputs[i * d + c])
                meanSum += alpha[i] * derivative
                varianceSum += beta[i] * derivative
            }
            meanGradient[c] = meanSum
            varianceGradient[c] = -2 * varianceSum
        }
        return (mean, variance, meanGradient, varianceGradient)
    }
}
