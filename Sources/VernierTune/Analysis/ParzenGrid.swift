import Foundation

/// The Parzen estimate PED-ANOVA compares: a mixture over the grid points of one parameter, with one kernel per
/// occupied grid point (weighted by its count) and a uniform prior kernel of weight ``PEDANOVA/priorWeight``.
/// Numeric grids use discretised normal kernels truncated to the grid, with Scott's-rule bandwidth
/// (1.059 · min(IQR / 1.34, σ) · n^(−1/5), at least 0.5 / 1.64 grid steps); categorical grids use kernels that
/// put the observed choice's mass on it and spread the prior evenly.
///
/// ```swift
/// let pdf = ParzenGrid(counts: [0, 3, 1, 0], distribution: distribution).pdf   // sums to 1
/// ```
struct ParzenGrid {
    /// The probability of each grid point.
    let pdf: [Double]

    init(counts: [Int], distribution: Distribution) {
        let observed = counts.indices.filter { counts[$0] > 0 }
        let weights = observed.map { Double(counts[$0]) } + [PEDANOVA.priorWeight]
        let total = weights.reduce(0, +)
        let mixture = weights.map { $0 / total }
        if case .categorical = distribution {
            pdf = Self.categorical(choices: counts.count, observed: observed, mixture: mixture)
        } else {
            pdf = Self.numeric(points: counts.count, observed: observed, counts: counts, mixture: mixture)
        }
    }

    static func categorical(choices: Int, observed: [Int], mixture: [Double]) -> [Double] {
        let kernels = Double(observed.count + 1)
        let prior = PEDANOVA.priorWeight / kernels
        let rowSum = Double(choices) * prior + 1
        var pdf = Array(repeating: mixture.last! / Double(choices), count: choices)
        for (kernel, choice) in observed.enumerated() {
            for index in 0..<choices {
                pdf[index] += mixture[kernel] * (prior + (index == choice ? 1 : 0)) / rowSum
            }
        }
        return pdf
    }

    static func numeric(points: Int, observed: [Int], counts: [Int], mixture: [Double]) -> [Double] {
        let values = observed.map(Double.init)
        let weights = observed.map { Double(counts[$0]) }
        let weightSum = weights.reduce(0, +)
        let mean = zip(values, weights).map { $0 * $1 }.reduce(0, +) / weightSum
        let variance = zip(values, weights).map { ($0 - mean) * ($0 - mean) * $1 }.reduce(0, +)
        var sigma = (variance / max(1, weightSum - 1)).squareRoot()
        var cumulative: [Double] = []
        for weight in weights { cumulative.append((cumulative.last ?? 0) + weight) }
        let lowerQuartile = (weightSum / 4).rounded(.down)
        let upperQuartile = (weightSum * 3 / 4).rounded(.down)
        let q1 = cumulative.firstIndex { $0 >= lowerQuartile } ?? cumulative.count
        let q3 = cumulative.firstIndex { $0 > upperQuartile } ?? cumulative.count
        let iqr = values[min(values.count - 1, q3)] - values[q1]
        sigma = 1.059 * min(iqr / 1.34, sigma) * pow(weightSum, -0.2)
        sigma = max(sigma, 0.5 / 1.64)
        let high = Double(points - 1)
        let kernels = values.map { ($0, sigma) } + [(high / 2, high + 1)]
        var pdf = Array(repeating: 0.0, count: points)
        for ((mu, scale), weight) in zip(kernels, mixture) {
            let normaliser = gaussianMass(from: (-0.5 - mu) / scale, to: (high + 0.5 - mu) / scale)
            for point in 0..<points {
                let x = Double(point)
                let mass = gaussianMass(from: (x - 0.5 - mu) / scale, to: (x + 0.5 - mu) / scale)
                pdf[point] += weight * mass / normaliser
            }
        }
        return pdf
    }

    /// Φ(b) − Φ(a), computed on the side of zero where it does not cancel.
    static func gaussianMass(from a: Double, to b: Double) -> Double {
        if a >= 0 { return 0.5 * (erfc(a / 2.0.squareRoot()) - erfc(b / 2.0.squareRoot())) }
        if b <= 0 { return 0.5 * (erfc(-b / 2.0.squareRoot()) - erfc(-a / 2.0.squareRoot())) }
        return 1 - 0.5 * erfc(-a / 2.0.squareRoot()) - 0.5 * erfc(b / 2.0.squareRoot())
    }
}
