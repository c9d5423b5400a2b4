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
        candidateCount: Int, localSearchCount: Int, extraStarts: [[Double]], scrambleSeed: UInt64
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
        let order = (0..<candidateCount).sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        var bestPoint = Array(candidates[(order[0] * d)..<(order[0] * d + d)])
        var bestScore = scores[order[0]]
        let numerical = (0..<d).filter { !parameters[$0].isCategorical }
        guard !numerical.isEmpty else { return bestPoint }
        var starts = order.prefix(localSearchCount).map { Array(candidates[($0 * d)..<($0 * d + d)]) }
        starts += extraStarts
        let optimizer = LBFGSB(maximumIterations: 40, maximumEvaluations: 120, gradientTolerance: 1e-6)
        let bounds = [ClosedRange<Double>](repeating: 0...1, count: numerical.count)
        for start in starts {
            let result = optimizer.minimize(from: numerical.map { start[$0] }, bounds: bounds) { x in
                var point = start
                for (index, k) in numerical.enumerated() { point[k] = x[index] }
                let p = process.predictWithGradient(at: point)
                let variance = max(p.variance, Self.varianceFloor)
                let sd = variance.squareRoot()
                let (value, dMean, dSD) = logExpectedImprovementWithGradient(
                    mean: p.mean, standardDeviation: sd, best: best)
                var gradient = [Double](repeating: 0, count: numerical.count)
                let varianceActive = p.variance > Self.varianceFloor
                for (index, k) in numerical.enumerated() {
                    let sdGradient = varianceActive ? p.varianceGradient[k] / (2 * sd) : 0
                    gradient[index] = -(dMean * p.meanGradient[k] + dSD * sdGradient)
                }
                return (-value, gradient)
            }
            var point = start
            for (index, k) in numerical.enumerated() { point[k] = result.point[index] }
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
