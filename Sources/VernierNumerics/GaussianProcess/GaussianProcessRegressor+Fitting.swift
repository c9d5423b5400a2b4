import Foundation

/// Settings of ``GaussianProcessRegressor/fit(inputs:targets:dimension:categoricalDimensions:prior:options:warmStart:)``.
///
/// ```swift
/// let options = GaussianProcessFitOptions(randomRestarts: 4, seed: 7)
/// ```
public struct GaussianProcessFitOptions: Sendable, Equatable {
    /// Random starting points tried in addition to the default start (ℓ = 1, σ_f² = 1, σ_n² = 0.01) and the warm
    /// start.
    public var randomRestarts: Int
    /// Seed of the random starting points.
    public var seed: UInt64
    /// Iteration limit of each L-BFGS-B run.
    public var maximumIterations: Int
    /// Projected-gradient tolerance of each L-BFGS-B run (in log-hyperparameter units).
    public var gradientTolerance: Double
    /// Allowed length scales (the unit cube is the natural scale of the inputs).
    public var lengthScaleRange: ClosedRange<Double>
    /// Allowed signal variances (outputs are expected to be standardized).
    public var signalVarianceRange: ClosedRange<Double>
    /// Allowed noise variances above the prior's minimum.
    public var noiseVarianceRange: ClosedRange<Double>

    /// Creates fitting options.
    ///
    /// ```swift
    /// let quick = GaussianProcessFitOptions(randomRestarts: 0, maximumIterations: 30)
    /// ```
    public init(
        randomRestarts: Int = 2, seed: UInt64 = 0, maximumIterations: Int = 100, gradientTolerance: Double = 1e-4,
        lengthScaleRange: ClosedRange<Double> = 0.005...100, signalVarianceRange: ClosedRange<Double> = 1e-3...1e3,
        noiseVarianceRange: ClosedRange<Double> = 1e-12...10
    ) {
        self.randomRestarts = randomRestarts
        self.seed = seed
        self.maximumIterations = maximumIterations
        self.gradientTolerance = gradientTolerance
        self.lengthScaleRange = lengthScaleRange
        self.signalVarianceRange = signalVarianceRange
        self.noiseVarianceRange = noiseVarianceRange
    }
}

extension GaussianProcessRegressor {
    /// Fits the hyperparameters by maximizing log marginal likelihood + log prior (maximum a posteriori) with
    /// ``LBFGSB`` in log-hyperparameter space from several starts (the warm start if given, the default start and
    /// `options.randomRestarts` seeded random starts), keeps the best, and conditions on the data.
    ///
    /// The noise variance is parameterized as `prior.minimumNoiseVariance + exp(θ)`. Starts whose kernel matrix
    /// cannot be factored are skipped; if every start fails, the default hyperparameters are used.
    /// ```swift
    /// let gp = try GaussianProcessRegressor.fit(inputs: x, targets: standardizedY, dimension: 3)
    /// print(gp.hyperparameters.lengthScales)
    /// ```
    public static func fit(
        inputs: [Double], targets: [Double], dimension: Int, categoricalDimensions: [Bool] = [],
        prior: GaussianProcessPrior = .default, options: GaussianProcessFitOptions = GaussianProcessFitOptions(),
        warmStart: GaussianProcessHyperparameters? = nil
    ) throws(LinearAlgebraError) -> GaussianProcessRegressor {
        let hyperparameters = fitHyperparameters(
            inputs: inputs, targets: targets, dimension: dimension, categoricalDimensions: categoricalDimensions,
            prior: prior, options: options, warmStart: warmStart)
        return try GaussianProcessRegressor(
            inputs: inputs, targets: targets, dimension: dimension, hyperparameters: hyperparameters,
            categoricalDimensions: categoricalDimensions)
    }

    /// The maximum-a-posteriori hyperparameters (see
    /// ``fit(inputs:targets:dimension:categoricalDimensions:prior:options:warmStart:)``), without conditioning.
    ///
    /// ```swift
    /// let h = GaussianProcessRegressor.fitHyperparameters(inputs: x, targets: y, dimension: 3)
    /// ```
    public static func fitHyperparameters(
        inputs: [Double], targets: [Double], dimension d: Int, categoricalDimensions: [Bool] = [],
        prior: GaussianProcessPrior = .default, options: GaussianProcessFitOptions = GaussianProcessFitOptions(),
        warmStart: GaussianProcessHyperparameters? = nil
    ) -> GaussianProcessHyperparameters {
        let problem = MarginalLikelihood(
            inputs: inputs, targets: targets, dimension: d, categoricalDimensions: categoricalDimensions)
        let minimumNoise = prior.minimumNoiseVariance
        // θ = (log ρ₁…log ρ_d, log σ_f², log(σ_n² - minimum)); ρ = 1/ℓ², so ℓ bounds swap.
        let rhoLower = -2 * Foundation.log(options.lengthScaleRange.upperBound)
        let rhoUpper = -2 * Foundation.log(options.lengthScaleRange.lowerBound)
        let rhoBounds = rhoLower...rhoUpper
        let signalLower = Foundation.log(options.signalVarianceRange.lowerBound)
        let signalUpper = Foundation.log(options.signalVarianceRange.upperBound)
        let signalBounds = signalLower...signalUpper
        let noiseLower = Foundation.log(options.noiseVarianceRange.lowerBound)
        let noiseUpper = Foundation.log(options.noiseVarianceRange.upperBound)
        let noiseBounds = noiseLower...noiseUpper
        let bounds = [ClosedRange<Double>](repeating: rhoBounds, count: d) + [signalBounds, noiseBounds]
        func clamp(_ theta: [Double]) -> [Double] {
            (0..<theta.count).map { min(max(theta[$0], bounds[$0].lowerBound), bounds[$0].upperBound) }
        }
        func objective(_ theta: [Double]) -> (value: Double, gradient: [Double]) {
            let rho = theta[0..<d].map { Foundation.exp($0) }
            let signal = Foundation.exp(theta[d])
            let noiseExcess = Foundation.exp(theta[d + 1])
            let noise = minimumNoise + noiseExcess
            guard
                let (likelihood, likelihoodGradient) = try? problem.evaluate(
                    inverseSquaredLengthScales: rho, signalVariance: signal, noiseVariance: noise)
            else {
                return (.infinity, [Double](repeating: 0, count: d + 2))
            }
            let (logPrior, priorGradient) = prior.logDensity(
                inverseSquaredLengthScales: rho, signalVariance: signal, noiseVariance: noise)
            var gradient = [Double](repeating: 0, count: d + 2)
            for k in 0..<(d + 2) { gradient[k] = -(likelihoodGradient[k] + priorGradient[k]) }
            // d/dθ_noise = d/d log σ_n² × (exp θ / σ_n²).
            gradient[d + 1] *= noiseExcess / noise
            return (-(likelihood + logPrior), gradient)
        }
        var starts: [[Double]] = []
        if let warmStart, warmStart.dimension == d {
            starts.append(
                clamp(
                    warmStart.lengthScales.map { -2 * Foundation.log($0) } + [
                        Foundation.log(warmStart.signalVariance),
                        Foundation.log(max(warmStart.noiseVariance - minimumNoise, 1e-12)),
                    ]))
        }
        let defaultStart = clamp([Double](repeating: 0, count: d) + [0, Foundation.log(1e-2)])
        starts.append(defaultStart)
        var generator = SplitMixBits(seed: options.seed)
        for _ in 0..<max(options.randomRestarts, 0) {
            var theta = [Double](repeating: 0, count: d + 2)
            for k in 0..<d { theta[k] = -2 * Foundation.log(0.05 + 1.95 * generator.unitUniform()) }
            theta[d] = Foundation.log(0.2) + generator.unitUniform() * Foundation.log(25)
            theta[d + 1] = Foundation.log(1e-6) + generator.unitUniform() * Foundation.log(1e5)
            starts.append(clamp(theta))
        }
        let optimizer = LBFGSB(
            maximumIterations: options.maximumIterations, gradientTolerance: options.gradientTolerance)
        var best: (theta: [Double], value: Double)? = nil
        for start in starts {
            let result = optimizer.minimize(from: start, bounds: bounds, objective)
            guard result.value.isFinite else { continue }
            if best == nil || result.value < best!.value {
                best = (result.point, result.value)
            }
        }
        let theta = best?.theta ?? defaultStart
        return GaussianProcessHyperparameters(
            lengthScales: theta[0..<d].map { Foundation.exp(-0.5 * $0) }, signalVariance: Foundation.exp(theta[d]),
            noiseVariance: minimumNoise + Foundation.exp(theta[d + 1]))
    }
}
