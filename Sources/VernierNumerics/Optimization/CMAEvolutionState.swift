import Foundation

/// The state of a covariance matrix adaptation evolution strategy (CMA-ES) and its update, as in Hansen's
/// tutorial ("The CMA Evolution Strategy: A Tutorial", 2016): mean m, step size σ, covariance C = B D² Bᵀ,
/// evolution paths p_σ and p_c, with the tutorial's default population size λ = 4 + ⌊3 ln n⌋, μ = ⌊λ/2⌋ positive
/// recombination weights, negative weights for the other λ − μ (active CMA), and its learning rates
/// c_σ, d_σ, c_c, c₁, c_μ.
///
/// The state is a value: ``tell(_:)`` returns nothing but mutates it, so a caller can rebuild it by replaying the
/// same generations (``CMAESSampler`` does so from storage). Sampling is left to the caller:
/// ``candidate(standardNormal:)`` maps a standard normal vector z to m + σ B D z.
///
/// ```swift
/// var state = CMAEvolutionState(mean: [0.5, 0.5], sigma: 0.2)
/// var generation: [(point: [Double], loss: Double)] = []
/// for _ in 0..<state.populationSize {
///     let x = state.candidate(standardNormal: [rng.nextNormal(), rng.nextNormal()])
///     generation.append((x, sphere(x)))
/// }
/// state.tell(generation)
/// ```
public struct CMAEvolutionState: Sendable {
    /// The dimension n.
    public let dimension: Int
    /// λ: candidates per generation.
    public let populationSize: Int
    /// μ: candidates with positive recombination weights.
    public let parentCount: Int
    /// The λ recombination weights, best first (μ positive, summing to 1; the rest negative).
    public let weights: [Double]
    /// μ_eff = (Σ positive w)² / Σ positive w².
    public let effectiveParentCount: Double
    /// c_σ: the learning rate of the step-size path.
    public let stepSizeLearningRate: Double
    /// d_σ: the step-size damping.
    public let stepSizeDamping: Double
    /// c_c: the learning rate of the covariance path.
    public let pathLearningRate: Double
    /// c₁: the rank-one update's learning rate.
    public let rankOneLearningRate: Double
    /// c_μ: the rank-μ update's learning rate.
    public let rankMuLearningRate: Double
    /// E‖N(0, I)‖.
    public let expectedNorm: Double

    /// The mean m.
    public private(set) var mean: [Double]
    /// The step size σ.
    public private(set) var sigma: Double
    /// The covariance matrix C, row-major n×n.
    public private(set) var covariance: [Double]
    /// The step-size evolution path p_σ.
    public private(set) var sigmaPath: [Double]
    /// The covariance evolution path p_c.
    public private(set) var covariancePath: [Double]
    /// B: the eigenvectors of C as columns, row-major.
    public private(set) var eigenvectors: [Double]
    /// D: the square roots of C's eigenvalues, ascending.
    public private(set) var scales: [Double]
    /// Generations told so far.
    public private(set) var generation: Int

    /// A fresh state with C = I and zero paths. `populationSize` defaults to 4 + ⌊3 ln n⌋.
    ///
    /// ```swift
    /// let state = CMAEvolutionState(mean: Array(repeating: 0.5, count: 5), sigma: 1.0 / 6)   // λ = 8
    /// ```
    public init(mean: [Double], sigma: Double, populationSize: Int? = nil) {
        let n = mean.count
        precondition(n >= 1, "CMAEvolutionState: dimension must be at least 1")
        precondition(sigma > 0, "CMAEvolutionState: sigma must be positive")
        let lambda = populationSize ?? CMAEvolutionState.defaultPopulationSize(dimension: n)
        precondition(lambda >= 2, "CMAEvolutionState: population size must be at least 2")
        let mu = lambda / 2
        let dn = Double(n)
        // Raw weights w'_i = ln((λ + 1) / 2) − ln i (tutorial, eq. 49).
        let raw = (1...lambda).map { Foundation.log(Double(lambda + 1) / 2) - Foundation.log(Double($0)) }
        let positive = raw.prefix(mu)
        let positiveSum = positive.reduce(0, +)
        let muEff = positiveSum * positiveSum / positive.reduce(0) { $0 + $1 * $1 }
        let negative = raw.suffix(lambda - mu).filter { $0 < 0 }
        let negativeSum = negative.reduce(0, +)
        let negativeSquares = negative.reduce(0) { $0 + $1 * $1 }
        let muEffMinus = negativeSquares > 0 ? negativeSum * negativeSum / negativeSquares : 0
        let alphaCov = 2.0
        let c1 = alphaCov / ((dn + 1.3) * (dn + 1.3) + muEff)
        let cmu = min(
            1 - c1, alphaCov * (muEff - 2 + 1 / muEff) / ((dn + 2) * (dn + 2) + alphaCov * muEff / 2))
        let alphaMuMinus = 1 + c1 / cmu
        let alphaMuEffMinus = 1 + 2 * muEffMinus / (muEff + 2)
        let alphaPosDefMinus = (1 - c1 - cmu) / (dn * cmu)
        let negativeScale = min(alphaMuMinus, alphaMuEffMinus, alphaPosDefMinus)
        weights = raw.map { w in
            w >= 0 ? w / positiveSum : (negativeSum != 0 ? negativeScale * w / abs(negativeSum) : 0)
        }
        dimension = n
        self.populationSize = lambda
        parentCount = mu
        effectiveParentCount = muEff
        let cSigma = (muEff + 2) / (dn + muEff + 5)
        stepSizeLearningRate = cSigma
        stepSizeDamping = 1 + 2 * max(0, ((muEff - 1) / (dn + 1)).squareRoot() - 1) + cSigma
        pathLearningRate = (4 + muEff / dn) / (dn + 4 + 2 * muEff / dn)
        rankOneLearningRate = c1
        rankMuLearningRate = cmu
        expectedNorm = dn.squareRoot() * (1 - 1 / (4 * dn) + 1 / (21 * dn * dn))
        self.mean = mean
        self.sigma = sigma
        var identity = [Double](repeating: 0, count: n * n)
        for i in 0..<n { identity[i * n + i] = 1 }
        covariance = identity
        eigenvectors = identity
        scales = Array(repeating: 1, count: n)
        sigmaPath = Array(repeating: 0, count: n)
        covariancePath = Array(repeating: 0, count: n)
        generation = 0
    }

    /// λ = 4 + ⌊3 ln n⌋.
    public static func defaultPopulationSize(dimension: Int) -> Int {
        4 + Int((3 * Foundation.log(Double(max(dimension, 1)))).rounded(.down))
    }

    /// m + σ B D z for a standard normal vector z.
    public func candidate(standardNormal z: [Double]) -> [Double] {
        let n = dimension
        var x = mean
        for i in 0..<n {
            var sum = 0.0
            for k in 0..<n { sum += eigenvectors[i * n + k] * scales[k] * z[k] }
            x[i] += sigma * sum
        }
        return x
    }

    /// The condition number of C (largest over smallest eigenvalue).
    public var conditionNumber: Double {
        let smallest = scales.first! * scales.first!
        return smallest > 0 ? scales.last! * scales.last! / smallest : .infinity
    }

    /// The largest coordinate standard deviation σ √C_ii.
    public var largestCoordinateDeviation: Double {
        (0..<dimension).map { sigma * covariance[$0 * dimension + $0].squareRoot() }.max()!
    }

    /// C^(−1/2) y = B D⁻¹ Bᵀ y.
    func whitened(_ y: [Double]) -> [Double] {
        let n = dimension
        var projected = [Double](repeating: 0, count: n)
        for k in 0..<n {
            var sum = 0.0
            for i in 0..<n { sum += eigenvectors[i * n + k] * y[i] }
            projected[k] = sum / scales[k]
        }
        var result = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = 0.0
            for k in 0..<n { sum += eigenvectors[i * n + k] * projected[k] }
            result[i] = sum
        }
        return result
    }

    /// Updates the state with one generation of exactly λ evaluated candidates (any order; lower loss is better).
    ///
    /// ```swift
    /// state.tell(points.map { ($0, f($0)) })
    /// ```
    public mutating func tell(_ evaluated: [(point: [Double], loss: Double)]) {
        precondition(evaluated.count == populationSize, "CMAEvolutionState: tell needs λ candidates")
        let n = dimension
        let ranked = evaluated.enumerated().sorted {
            $0.element.loss != $1.element.loss ? $0.element.loss < $1.element.loss : $0.offset < $1.offset
        }
        let steps = ranked.map { entry in (0..<n).map { (entry.element.point[$0] - mean[$0]) / sigma } }
        generation += 1
        // Selection and recombination.
        var meanStep = [Double](repeating: 0, count: n)
        for i in 0..<parentCount {
            for k in 0..<n { meanStep[k] += weights[i] * steps[i][k] }
        }
        for k in 0..<n { mean[k] += sigma * meanStep[k] }
        // Step-size control.
        let cSigma = stepSizeLearningRate
        let whitenedStep = whitened(meanStep)
        let sigmaFactor = (cSigma * (2 - cSigma) * effectiveParentCount).squareRoot()
        for k in 0..<n { sigmaPath[k] = (1 - cSigma) * sigmaPath[k] + sigmaFactor * whitenedStep[k] }
        let sigmaPathNorm = sigmaPath.reduce(0) { $0 + $1 * $1 }.squareRoot()
        sigma *= Foundation.exp(min(1, (cSigma / stepSizeDamping) * (sigmaPathNorm / expectedNorm - 1)))
        // Covariance matrix adaptation.
        let correction = (1 - Foundation.pow(1 - cSigma, Double(2 * generation))).squareRoot()
        let stalled = sigmaPathNorm / correction >= (1.4 + 2 / Double(n + 1)) * expectedNorm
        let cc = pathLearningRate
        let pathFactor = stalled ? 0 : (cc * (2 - cc) * effectiveParentCount).squareRoot()
        for k in 0..<n { covariancePath[k] = (1 - cc) * covariancePath[k] + pathFactor * meanStep[k] }
        let c1 = rankOneLearningRate
        let cmu = rankMuLearningRate
        let delta = stalled ? cc * (2 - cc) : 0
        let weightSum = weights.reduce(0, +)
        var adjusted = weights
        for i in parentCount..<populationSize where weights[i] < 0 {
            let w = whitened(steps[i])
            let norm = w.reduce(0) { $0 + $1 * $1 }
            adjusted[i] = norm > 0 ? weights[i] * Double(n) / norm : 0
        }
        let decay = 1 + c1 * delta - c1 - cmu * weightSum
        for i in 0..<n {
            for j in i..<n {
                var rankMu = 0.0
                for r in 0..<populationSize { rankMu += adjusted[r] * steps[r][i] * steps[r][j] }
                let value =
                    decay * covariance[i * n + j] + c1 * covariancePath[i] * covariancePath[j] + cmu * rankMu
                covariance[i * n + j] = value
                covariance[j * n + i] = value
            }
        }
        updateEigendecomposition()
    }

    /// Recomputes B and D from C, flooring eigenvalues at a tiny positive value.
    private mutating func updateEigendecomposition() {
        let eigen = SymmetricEigendecomposition(matrix: covariance, dimension: dimension)
        eigenvectors = eigen.vectors
        let floor = 1e-300
        scales = eigen.values.map { max($0, floor).squareRoot() }
    }
}
