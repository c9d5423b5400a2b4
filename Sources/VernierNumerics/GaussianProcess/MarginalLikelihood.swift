import Foundation

/// The log marginal likelihood of a Matérn-5/2 ARD Gaussian process and its gradient, for fixed training data.
///
/// Per-dimension squared differences of every pair of training points are computed once, so that repeated
/// evaluations during hyperparameter fitting cost one kernel-matrix fill, one Cholesky factorization and one
/// inverse (O(n³)) each. Gradient (Rasmussen and Williams, eq. 5.9):
/// ∂ log p(y)/∂θ = ½ tr((ααᵀ - K⁻¹) ∂K/∂θ).
struct MarginalLikelihood {
    let count: Int
    let dimension: Int
    let targets: [Double]
    /// Pair p = i(i-1)/2 + j (j < i) holds `dimension` squared differences (Hamming 0/1 for categoricals).
    let differences: [Double]

    init(inputs: [Double], targets: [Double], dimension: Int, categoricalDimensions: [Bool]) {
        let n = targets.count
        self.count = n
        self.dimension = dimension
        self.targets = targets
        var differences = [Double](repeating: 0, count: max(n * (n - 1) / 2, 0) * dimension)
        var pair = 0
        for i in 0..<n {
            for j in 0..<i {
                for k in 0..<dimension {
                    let difference = inputs[i * dimension + k] - inputs[j * dimension + k]
                    let categorical = !categoricalDimensions.isEmpty && categoricalDimensions[k]
                    differences[pair * dimension + k] =
                        categorical ? (difference == 0 ? 0 : 1) : difference * difference
                }
                pair += 1
            }
        }
        self.differences = differences
    }

    /// Value and gradient with respect to (log ρ₁…log ρ_d, log σ_f², log σ_n²), ρ = 1/ℓ².
    func evaluate(
        inverseSquaredLengthScales rho: [Double], signalVariance: Double, noiseVariance: Double
    )
        throws(LinearAlgebraError) -> (value: Double, gradient: [Double])
    {
        let n = count
        let d = dimension
        let pairCount = n * (n - 1) / 2
        var matrix = [Double](repeating: 0, count: n * n)
        var kernelValues = [Double](repeating: 0, count: pairCount)
        var slopes = [Double](repeating: 0, count: pairCount)
        differences.withUnsafeBufferPointer { differences in
            var pair = 0
            for i in 0..<n {
                for j in 0..<i {
                    var squared = 0.0
                    let base = pair * d
                    for k in 0..<d { squared += rho[k] * differences[base + k] }
                    let s = (5 * squared).squareRoot()
                    let e = Foundation.exp(-s)
                    let value = signalVariance * (1 + s + s * s / 3) * e
                    kernelValues[pair] = value
                    slopes[pair] = signalVariance * (5.0 / 6.0) * (1 + s) * e
                    matrix[i * n + j] = value
                    matrix[j * n + i] = value
                    pair += 1
                }
                matrix[i * n + i] = signalVariance + noiseVariance
            }
        }
        let cholesky = try CholeskyFactorization(matrix: matrix, dimension: n)
        let alpha = cholesky.solve(targets)
        let inverse = cholesky.inverse()
        let value =
            -0.5 * dot(targets, alpha) - 0.5 * cholesky.logDeterminant - 0.5 * Double(n) * 1.837_877_066_409_345_5
        var gradient = [Double](repeating: 0, count: d + 2)
        var signalSum = 0.0
        differences.withUnsafeBufferPointer { differences in
            inverse.withUnsafeBufferPointer { inverse in
                var pair = 0
                for i in 0..<n {
                    let ai = alpha[i]
                    for j in 0..<i {
                        let w = ai * alpha[j] - inverse[i * n + j]
                        signalSum += w * kernelValues[pair]
                        let factor = -w * slopes[pair]
                        let base = pair * d
                        for k in 0..<d { gradient[k] += factor * differences[base + k] }
                        pair += 1
                    }
                }
            }
        }
        var diagonalSum = 0.0
        for i in 0..<n { diagonalSum += alpha[i] * alpha[i] - inverse[i * n + i] }
        for k in 0..<d { gradient[k] *= rho[k] }
        gradient[d] = signalSum + 0.5 * signalVariance * diagonalSum
        gradient[d + 1] = 0.5 * noiseVariance * diagonalSum
        return (value, gradient)
    }
}

extension GaussianProcessRegressor {
    /// The log marginal likelihood log p(y | X, θ) of a zero-mean Matérn-5/2 ARD process with Gaussian noise,
    /// and its gradient with respect to ``GaussianProcessHyperparameters/logParameters``
    /// (`[log ℓ₁, …, log ℓ_d, log σ_f², log σ_n²]`).
    ///
    /// ```swift
    /// let (value, gradient) = try GaussianProcessRegressor.logMarginalLikelihood(
    ///     inputs: x, targets: y, dimension: 2, hyperparameters: h)
    /// ```
    public static func logMarginalLikelihood(
        inputs: [Double], targets: [Double], dimension: Int, hyperparameters: GaussianProcessHyperparameters,
        categoricalDimensions: [Bool] = []
    ) throws(LinearAlgebraError) -> (value: Double, gradient: [Double]) {
        precondition(inputs.count == targets.count * dimension, "logMarginalLikelihood: inputs must be n × d")
        precondition(hyperparameters.dimension == dimension, "logMarginalLikelihood: one length scale per dimension")
        let problem = MarginalLikelihood(
            inputs: inputs, targets: targets, dimension: dimension, categoricalDimensions: categoricalDimensions)
        var (value, gradient) = try problem.evaluate(
            inverseSquaredLengthScales: hyperparameters.lengthScales.map { 1 / ($0 * $0) },
            signalVariance: hyperparameters.signalVariance, noiseVariance: hyperparameters.noiseVariance)
        // log ρ = -2 log ℓ.
        for k in 0..<dimension { gradient[k] *= -2 }
        return (value, gradient)
    }
}
