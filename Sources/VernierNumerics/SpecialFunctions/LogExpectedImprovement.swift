import Foundation

/// log E[max(f - best, 0)] for f ~ N(mean, standardDeviation²): the logarithm of expected improvement for
/// **maximization**, computed without underflow even when the improvement is astronomically unlikely.
///
/// Follows Ament, Daulton, Eriksson, Balandat and Bakshy, "Unexpected improvements to expected improvement for
/// Bayesian optimization" (NeurIPS 2023): EI = σ h(z) with z = (μ - best)/σ and h(z) = φ(z) + zΦ(z), and
/// - for z > -1, log h(z) directly;
/// - for -10 < z ≤ -1, log h(z) = -z²/2 - log(2π)/2 + log1mexp(log(erfcx(-z/√2)|z|) + log(π/2)/2);
/// - for z ≤ -10, the asymptotic series h(z) = φ(z)/z² · Σₖ (-1)ᵏ (2k+1)!! / z²ᵏ, which avoids the cancellation
///   the paper handles with a -2 log|z| cut-off and stays accurate for every finite z.
///
/// For minimization, pass `-mean` and `-best`.
///
/// ```swift
/// logExpectedImprovement(mean: 0, standardDeviation: 1, best: 0)    // log(1/√(2π)) = -0.9189...
/// logExpectedImprovement(mean: 0, standardDeviation: 1, best: 40)   // -807.68... (EI itself underflows)
/// ```
public func logExpectedImprovement(mean: Double, standardDeviation: Double, best: Double) -> Double {
    precondition(standardDeviation > 0, "logExpectedImprovement needs a positive standard deviation")
    let z = (mean - best) / standardDeviation
    return logH(z) + Foundation.log(standardDeviation)
}

/// log EI (see ``logExpectedImprovement(mean:standardDeviation:best:)``) with its partial derivatives with respect
/// to the mean and the standard deviation, for gradient-based acquisition optimization.
///
/// ```swift
/// let (value, dMean, dSD) = logExpectedImprovementWithGradient(mean: 0.2, standardDeviation: 0.5, best: 1)
/// ```
public func logExpectedImprovementWithGradient(
    mean: Double, standardDeviation: Double, best: Double
)
    -> (value: Double, meanDerivative: Double, standardDeviationDerivative: Double)
{
    precondition(standardDeviation > 0, "logExpectedImprovement needs a positive standard deviation")
    let z = (mean - best) / standardDeviation
    let logHValue = logH(z)
    // h'(z) = Φ(z), so d log h / dz = Φ(z) / h(z).
    let ratio = Foundation.exp(StandardNormal.logCDF(z) - logHValue)
    let meanDerivative = ratio / standardDeviation
    let standardDeviationDerivative = (1 - ratio * z) / standardDeviation
    return (logHValue + Foundation.log(standardDeviation), meanDerivative, standardDeviationDerivative)
}

/// log h(z) = log(φ(z) + zΦ(z)).
func logH(_ z: Double) -> Double {
    if z > -1 {
        if z > 8 {
            // Φ(z) = 1 up to 6e-16, φ(z) < 5e-15: h(z) = z + φ(z) - z(1 - Φ(z)).
            return Foundation.log(z + StandardNormal.pdf(z) - z * 0.5 * Foundation.erfc(z * 0.707_106_781_186_547_5))
        }
        return Foundation.log(StandardNormal.pdf(z) + z * StandardNormal.cdf(z))
    }
    if z > -10 {
        let a =
            Foundation.log(scaledComplementaryErrorFunction(-z * 0.707_106_781_186_547_5) * -z)
            + 0.225_791_352_644_727_4  // log(π/2)/2
        return -0.5 * z * z - StandardNormal.logSquareRootTwoPi + log1mexp(a)
    }
    if z == -.infinity { return -.infinity }
    // h(z) = φ(z)/z² (1 - 3/z² + 15/z⁴ - 105/z⁶ + ...): asymptotic, its smallest term is below 1e-20 for z ≤ -10.
    let inverseSquare = 1 / (z * z)
    var term = 1.0
    var sum = 1.0
    var k = 1.0
    while k < 40 {
        term *= -(2 * k + 1) * inverseSquare
        sum += term
        if abs(term) < 1e-17 * abs(sum) { break }
        k += 1
    }
    return StandardNormal.logPDF(z) - 2 * Foundation.log(-z) + Foundation.log(sum)
}
