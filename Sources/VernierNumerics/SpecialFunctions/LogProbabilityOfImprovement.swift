import Foundation

/// log P(f ≥ threshold) for f ~ N(mean, standardDeviation²): log Φ((mean − threshold)/standardDeviation), finite
/// however unlikely the event (``StandardNormal/logCDF(_:)``). A Gaussian-process sampler adds it to log expected
/// improvement as the log probability that a constraint holds (the process models the negated constraint, so
/// "≥ threshold" is "the constraint is ≤ 0").
///
/// ```swift
/// logProbabilityOfImprovement(mean: 0, standardDeviation: 1, threshold: 0)    // log 0.5
/// logProbabilityOfImprovement(mean: 0, standardDeviation: 1, threshold: 40)   // -804.6… (Φ itself underflows)
/// ```
public func logProbabilityOfImprovement(mean: Double, standardDeviation: Double, threshold: Double) -> Double {
    precondition(standardDeviation > 0, "logProbabilityOfImprovement needs a positive standard deviation")
    return StandardNormal.logCDF((mean - threshold) / standardDeviation)
}

/// log P(f ≥ threshold) (see ``logProbabilityOfImprovement(mean:standardDeviation:threshold:)``) with its partial
/// derivatives with respect to the mean and the standard deviation: with z = (mean − threshold)/σ and the inverse
/// Mills ratio r = φ(z)/Φ(z), they are r/σ and −r z/σ.
///
/// ```swift
/// let (value, dMean, dSD) = logProbabilityOfImprovementWithGradient(mean: 0.2, standardDeviation: 0.5, threshold: 1)
/// ```
public func logProbabilityOfImprovementWithGradient(
    mean: Double, standardDeviation: Double, threshold: Double
)
    -> (value: Double, meanDerivative: Double, standardDeviationDerivative: Double)
{
    precondition(standardDeviation > 0, "logProbabilityOfImprovement needs a positive standard deviation")
    let z = (mean - threshold) / standardDeviation
    let logCDF = StandardNormal.logCDF(z)
    let ratio = Foundation.exp(StandardNormal.logPDF(z) - logCDF)
    return (logCDF, ratio / standardDeviation, -ratio * z / standardDeviation)
}
