import Foundation

/// Weak priors on Gaussian-process hyperparameters for maximum-a-posteriori fitting on inputs scaled to the
/// unit cube and standardized outputs.
///
/// - Each inverse squared length scale ρ = 1/ℓ² has log-density -a/ρ - aρ (a = `lengthScaleStrength`, 0.1):
///   a broad, log-symmetric bump around ℓ = 1 that keeps ℓ away from 0 and ∞ when the data say little.
/// - The signal variance σ_f² has a Gamma(2, 1) prior (mode 1, matching standardized outputs).
/// - The noise variance σ_n² has a Gamma(1.1, 30) prior (mean ≈ 0.04, favouring nearly noise-free fits) and is
///   kept above `minimumNoiseVariance` (1e-6) for conditioning.
/// These are the same qualitative choices Optuna's `GPSampler` makes; BoTorch uses comparable Gamma/log-normal
/// priors. Normalizing constants are omitted (they do not move the maximum).
///
/// ```swift
/// var prior = GaussianProcessPrior.default
/// prior.minimumNoiseVariance = 1e-8
/// ```
public struct GaussianProcessPrior: Sendable, Equatable {
    /// a in log p(ρ) = -a/ρ - aρ; 0 switches the length-scale prior off.
    public var lengthScaleStrength: Double
    /// Shape of the Gamma prior on σ_f².
    public var signalVarianceShape: Double
    /// Rate of the Gamma prior on σ_f².
    public var signalVarianceRate: Double
    /// Shape of the Gamma prior on σ_n².
    public var noiseVarianceShape: Double
    /// Rate of the Gamma prior on σ_n².
    public var noiseVarianceRate: Double
    /// The smallest noise variance the fit may use.
    public var minimumNoiseVariance: Double

    /// Creates a prior.
    ///
    /// ```swift
    /// let prior = GaussianProcessPrior(lengthScaleStrength: 0.1)
    /// ```
    public init(
        lengthScaleStrength: Double = 0.1, signalVarianceShape: Double = 2, signalVarianceRate: Double = 1,
        noiseVarianceShape: Double = 1.1, noiseVarianceRate: Double = 30, minimumNoiseVariance: Double = 1e-6
    ) {
        self.lengthScaleStrength = lengthScaleStrength
        self.signalVarianceShape = signalVarianceShape
        self.signalVarianceRate = signalVarianceRate
        self.noiseVarianceShape = noiseVarianceShape
        self.noiseVarianceRate = noiseVarianceRate
        self.minimumNoiseVariance = minimumNoiseVariance
    }

    /// The defaults described above.
    public static let `default` = GaussianProcessPrior()

    /// Log prior density (unnormalized) and its gradient with respect to (log ρ₁…log ρ_d, log σ_f², log σ_n²).
    func logDensity(
        inverseSquaredLengthScales rho: [Double], signalVariance: Double, noiseVariance: Double
    )
        -> (value: Double, gradient: [Double])
    {
        let d = rho.count
        var gradient = [Double](repeating: 0, count: d + 2)
        var value = 0.0
        let a = lengthScaleStrength
        for k in 0..<d {
            value += -a / rho[k] - a * rho[k]
            gradient[k] = a / rho[k] - a * rho[k]
        }
        value += (signalVarianceShape - 1) * Foundation.log(signalVariance) - signalVarianceRate * signalVariance
        gradient[d] = (signalVarianceShape - 1) - signalVarianceRate * signalVariance
        value += (noiseVarianceShape - 1) * Foundation.log(noiseVariance) - noiseVarianceRate * noiseVariance
        gradient[d + 1] = (noiseVarianceShape - 1) - noiseVarianceRate * noiseVariance
        return (value, gradient)
    }
}
