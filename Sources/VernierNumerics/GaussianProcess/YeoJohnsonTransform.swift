import Foundation

/// The Yeo–Johnson power transform (Yeo and Johnson, Biometrika 2000) with its exponent λ fitted by maximum
/// likelihood, used to warp objective values before a Gaussian process models them (as HEBO does; Cowen-Rivers
/// et al., JAIR 2022): heavy-tailed values, such as a loss that spans several orders of magnitude, become close to
/// Gaussian, and the region of the best values gets more of the process's resolution.
///
/// The transform is applied to standardized values z:
/// ψ(z) = ((z + 1)^λ - 1) / λ for z ≥ 0 and -((1 - z)^(2-λ) - 1) / (2 - λ) for z < 0 (logarithms at λ = 0 and 2).
/// It is strictly increasing for every λ, so it never changes which value is best. λ maximizes the Gaussian
/// profile log-likelihood -n/2 · log σ̂²(λ) + (λ - 1) Σ sign(zᵢ) log(|zᵢ| + 1) over `lambdaRange` (golden-section
/// search; λ = 1 is the identity).
///
/// ```swift
/// let warp = YeoJohnsonTransform(fittedTo: [1, 2, 3, 1000])
/// let warped = warp.transform([1, 2, 3, 1000])   // increasing, the outlier pulled in, then standardized
/// ```
public struct YeoJohnsonTransform: Sendable, Equatable {
    /// The fitted exponent.
    public let lambda: Double
    /// Mean of the raw values (the transform works on standardized values).
    public let mean: Double
    /// Standard deviation of the raw values (at least 1e-12).
    public let scale: Double

    /// Fits λ to `values` (finite numbers; fewer than 3 distinct values give λ = 1).
    ///
    /// ```swift
    /// let warp = YeoJohnsonTransform(fittedTo: losses, lambdaRange: -2...2)
    /// ```
    public init(fittedTo values: [Double], lambdaRange: ClosedRange<Double> = -2...2) {
        precondition(!values.isEmpty, "YeoJohnsonTransform needs at least one value")
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        var variance = 0.0
        for value in values { variance += (value - mean) * (value - mean) }
        let scale = max((variance / n).squareRoot(), 1e-12)
        self.mean = mean
        self.scale = scale
        let z = values.map { ($0 - mean) / scale }
        guard Set(values).count >= 3 else {
            self.lambda = 1
            return
        }
        var logTerm = 0.0
        for value in z { logTerm += value >= 0 ? Foundation.log1p(value) : -Foundation.log1p(-value) }
        func negativeLogLikelihood(_ lambda: Double) -> Double {
            var sum = 0.0
            var sumSquares = 0.0
            for value in z {
                let psi = YeoJohnsonTransform.psi(value, lambda: lambda)
                sum += psi
                sumSquares += psi * psi
            }
            let m = sum / n
            let v = max(sumSquares / n - m * m, 1e-300)
            return 0.5 * n * Foundation.log(v) - (lambda - 1) * logTerm
        }
        // Golden-section search; the likelihood is unimodal in λ in practice.
        var a = lambdaRange.lowerBound
        var b = lambdaRange.upperBound
        let ratio = (5.0.squareRoot() - 1) / 2
        var c = b - ratio * (b - a)
        var d = a + ratio * (b - a)
        var fc = negativeLogLikelihood(c)
        var fd = negativeLogLikelihood(d)
        for _ in 0..<40 {
            if fc < fd {
                b = d
                d = c
                fd = fc
                c = b - ratio * (b - a)
                fc = negativeLogLikelihood(c)
            } else {
                a = c
                c = d
                fc = fd
                d = a + ratio * (b - a)
                fd = negativeLogLikelihood(d)
            }
        }
        let candidate = (a + b) / 2
        // Keep the identity unless the fit is clearly better (avoids needless warping of Gaussian-like data).
        self.lambda = negativeLogLikelihood(candidate) < negativeLogLikelihood(1) - 1e-9 ? candidate : 1
    }

    /// ψ of one standardized value.
    static func psi(_ z: Double, lambda: Double) -> Double {
        if z >= 0 {
            return abs(lambda) < 1e-12 ? Foundation.log1p(z) : (Foundation.pow(z + 1, lambda) - 1) / lambda
        }
        let power = 2 - lambda
        return abs(power) < 1e-12 ? -Foundation.log1p(-z) : -(Foundation.pow(1 - z, power) - 1) / power
    }

    /// The warped values of `values` (standardized, transformed; not re-standardized).
    ///
    /// ```swift
    /// let warped = warp.transform(losses)
    /// ```
    public func transform(_ values: [Double]) -> [Double] {
        values.map { YeoJohnsonTransform.psi(($0 - mean) / scale, lambda: lambda) }
    }
}
