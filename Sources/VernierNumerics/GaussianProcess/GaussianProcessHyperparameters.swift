import Foundation

/// The hyperparameters of a Gaussian process with a Matérn-5/2 ARD kernel: one length scale per input
/// dimension, the signal variance σ_f² and the observation-noise variance σ_n².
///
/// ``logParameters`` orders them as `[log ℓ₁, …, log ℓ_d, log σ_f², log σ_n²]`, the coordinates in which
/// ``GaussianProcessRegressor/logMarginalLikelihood(inputs:targets:dimension:hyperparameters:categoricalDimensions:)``
/// reports its gradient.
///
/// ```swift
/// let hyperparameters = GaussianProcessHyperparameters(
///     lengthScales: [0.3, 1.2], signalVariance: 1, noiseVariance: 1e-4)
/// let theta = hyperparameters.logParameters   // 4 numbers
/// ```
public struct GaussianProcessHyperparameters: Sendable, Equatable, Codable {
    /// One length scale per input dimension (positive).
    public var lengthScales: [Double]
    /// The prior variance of the latent function, σ_f² (positive).
    public var signalVariance: Double
    /// The variance of the observation noise, σ_n² (positive).
    public var noiseVariance: Double

    /// Creates hyperparameters.
    ///
    /// ```swift
    /// let defaults = GaussianProcessHyperparameters(lengthScales: [1, 1, 1], signalVariance: 1, noiseVariance: 1e-2)
    /// ```
    public init(lengthScales: [Double], signalVariance: Double, noiseVariance: Double) {
        precondition(lengthScales.allSatisfy { $0 > 0 }, "GaussianProcessHyperparameters: length scales must be > 0")
        precondition(signalVariance > 0 && noiseVariance > 0, "GaussianProcessHyperparameters: variances must be > 0")
        self.lengthScales = lengthScales
        self.signalVariance = signalVariance
        self.noiseVariance = noiseVariance
    }

    /// Creates hyperparameters from `[log ℓ₁, …, log ℓ_d, log σ_f², log σ_n²]`.
    ///
    /// ```swift
    /// let h = GaussianProcessHyperparameters(logParameters: [0, 0, -4.6])   // ℓ = 1, σ_f² = 1, σ_n² ≈ 0.01
    /// ```
    public init(logParameters: [Double]) {
        precondition(logParameters.count >= 2, "GaussianProcessHyperparameters needs d + 2 log-parameters")
        let d = logParameters.count - 2
        self.init(
            lengthScales: logParameters[0..<d].map { Foundation.exp($0) },
            signalVariance: Foundation.exp(logParameters[d]), noiseVariance: Foundation.exp(logParameters[d + 1]))
    }

    /// `[log ℓ₁, …, log ℓ_d, log σ_f², log σ_n²]`.
    public var logParameters: [Double] {
        lengthScales.map { Foundation.log($0) } + [Foundation.log(signalVariance), Foundation.log(noiseVariance)]
    }

    /// The number of input dimensions.
    public var dimension: Int { lengthScales.count }
}
