import Foundation
import VernierNumerics

/// Maximizes log expected improvement over the unit-cube encoding of a search space: a scrambled Sobol sweep of
/// candidates snapped to valid values, then L-BFGS-B polishing of the numerical coordinates from the best
/// candidates (and from the best observed point), snapping discrete coordinates again at the end.
struct AcquisitionMaximizer {
    let process: GaussianProcessRegressor
    let parameters: [EncodedParameter]
    /// The best standardized observation (the process models a function to maximize).
    let best: Double
    static let varianceFloor = 1e-12

    var dimension: Int { parameters.count }

    /// Snaps a unit-cube point to valid parameter values (categorical coordinates hold indices).
    func snapped(_ point: [Double]) -> [Double] {
        (0..<dimension).map { k in
            let parameter = parameters[k]
            if parameter.isCategorical { return parameter.internalValue(fromTransformed: point[k]) }
            return parameter.unit(ofInternal: parameter.internalValue(fromUnit: point[k]))
        }
    }

    func logEI(_ point: [Double]) -> Double {
        let (mean, variance) = process.predict(at: point)
        return logExpectedImprovement(
            mean: mean, standardDeviation: max(variance, Self.varianceFloor).squareRoot(), best: best)
    }

    /// The maximizer found, in the unit-cube encoding (categorical coordinates as indices).
    func maximize(
        candidateCount: Int, localSearchCount: Int, extraStarts: [[Double]], scrambleSeed: UInt64,
        generator: inout some RandomNumberGenerator
    ) -> [Double] {
        let d = dimension
        var sobol = SobolSequence(dimension: min(d, SobolSequence.maximumDimension), scrambleSeed: scrambleSeed)
        var candidates = [Double]()
        candidates.reserveCapacity(candidateCount * d)
        var raw = [Double](repeating: 0, count: sobol.dimension)
        for _ in 0..<candidateCount {
            sobol.next(into: &raw)
            var point = [Double](repeating: 0, count: d)
            for k in 0..<d {
                let parameter = parameters[k]
                let u = k < raw.count ? raw[k] : 0.5
                point[k] =
                    parameter.isCategorical
                    ? parameter.internalValue(fromUnit: u)
                    : parameter.unit(ofInternal: parameter.internalValue(fromUnit: u))
            }
            candidates.append(contentsOf: point)
        }
        let (means, variances) = process.predict(candidates)
        var scores = [Double](repeating: 0, count: candidateCount)
        for j in 0..<candidateCount {
            scores[j] = logExpectedImprovement(
                mean: means[j], standardDeviation: max(variances[j], Self.varianceFloor).squareRoot(), best: best)
        }
        var bestIndex = 0
        for j in 1..<candidateCount where scores[j] > scores[bestIndex] { bestIndex = j }
        var bestPoint = Array(candidates[(bestIndex * d)..<(bestIndex * d + d)])
        var bestScore = scores[bestIndex]
        let numerical = (0..<d).filter { !parameters[$0].isCategorical }
        guard !numerical.isEmpty else { return bestPoint }
        // Local searches start from the best candidate, further candidates drawn without replacement with
        // probability ∝ exp(log EI - max log EI) (a roulette that favours good but distinct basins), and the
        // extra starts (the incumbent).
        var chosen = [bestIndex]
        var weights = scores.map { Foundation.exp($0 - bestScore) }
        weights[bestIndex] = 0
        for _ in 0..<max(localSearchCount - 1 - extraStarts.count, 0) {
            var total = 0.0
            for weight in weights { total += weight }
            guard total > 0, total.isFinite else { break }
            var u = Double(generator.next() >> 11) * 0x1p-53 * total
            var pick = -1
            for j in 0..<candidateCount where weights[j] > 0 {
                u -= weights[j]
                pick = j
                if u < 0 { break }
            }
            guard pick >= 0 else { break }
            chosen.append(pick)
            weights[pick] = 0
        }
        var starts = chosen.map { Array(candidates[($0 * d)..<($0 * d + d)]) }
        starts += extraStarts
        let optimizer = LBFGSB(maximumIterations: 100, maximumEvaluations: 200, gradientTolerance: 1e-6)
        // Preconditioning: optimize over z = x / ℓ, in which the kernel is isotropic.
        let lengthScales = numerical.map { process.hyperparameters.lengthScales[$0] }
        let bounds = lengthScales.map { 0...(1 / $0) }
        for start in starts {
            let initial = numerical.enumerated().map { index, k in start[k] / lengthScales[index] }
            let result = optimizer.minimize(from: initial, bounds: bounds) { z in
                var point = start
                for (index, k) in numerical.enumerated() { point[k] = min(max(z[index] * lengthScales[index], 0), 1) }
                let p = process.predictWithGradient(at: point)
                let variance = max(p.variance, Self.varianceFloor)
                let sd = variance.squareRoot()
                let (value, dMean, dSD) = logExpectedImprovementWithGradient(
                    mean: p.mean, standardDeviation: sd, best: best)
                var gradient = [Double](repeating: 0, count: numerical.count)
                let varianceActive = p.variance > Self.varianceFloor
                for (index, k) in numerical.enumerated() {
                    let sdGradient = varianceActive ? p.varianceGradient[k] / (2 * sd) : 0
                    gradient[index] = -(dMean * p.meanGradient[k] + dSD * sdGradient) * lengthScales[index]
                }
                return (-value, gradient)
            }
            var point = start
            for (index, k) in numerical.enumerated() {
                point[k] = min(max(result.point[index] * lengthScales[index], 0), 1)
            }
            point = snapped(point)
            let score = logEI(point)
            if score > bestScore {
                bestScore = score
                bestPoint = point
            }
        }
        return bestPoint
    }
}
