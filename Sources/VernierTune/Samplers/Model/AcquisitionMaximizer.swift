import Foundation
import VernierNumerics

/// Maximizes log expected improvement over the unit-cube encoding of a search space: a scrambled Sobol sweep of
/// candidates snapped to valid values, then L-BFGS-B polishing of the numerical coordinates from the best
/// candidates (and from the best observed point), snapping discrete coordinates again at the end.
///
/// With constraints the acquisition is log EI + log P(every constraint holds) (``FeasibilityModel``); with no
/// feasible incumbent (`best == nil`) it is the log probability of feasibility alone, or, while trials are running,
/// the log probability that the point is feasible and no running trial is (``PendingFeasibility``).
struct AcquisitionMaximizer {
    let process: GaussianProcessRegressor
    let parameters: [EncodedParameter]
    /// The best standardized feasible observation (the process models a function to maximize); `nil` when no
    /// observation is feasible, which leaves out the expected-improvement term.
    let best: Double?
    /// The constraints' term (`nil` without constraints).
    var feasibility: (any FeasibilityTerm)? = nil
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

    /// The acquisition at one point: log EI (0 without a feasible incumbent) plus the log probability of
    /// feasibility under constraints.
    func acquisition(_ point: [Double]) -> Double {
        var value = 0.0
        if let best {
            let (mean, variance) = process.predict(at: point)
            value = logExpectedImprovement(
                mean: mean, standardDeviation: max(variance, Self.varianceFloor).squareRoot(), best: best)
        }
        if let feasibility { value += feasibility.logProbability(at: point) }
        return value
    }

    /// The acquisition at many points (row-major, m × dimension).
    func acquisitions(_ points: [Double], count: Int) -> [Double] {
        var scores = [Double](repeating: 0, count: count)
        if let best {
            let (means, variances) = process.predict(points)
            for j in 0..<count {
                scores[j] = logExpectedImprovement(
                    mean: means[j], standardDeviation: max(variances[j], Self.varianceFloor).squareRoot(), best: best)
            }
        }
        if let feasibility {
            let logProbabilities = feasibility.logProbabilities(points)
            for j in 0..<count { scores[j] += logProbabilities[j] }
        }
        return scores
    }

    /// The acquisition at one point and its gradient with respect to every coordinate (0 for categorical ones).
    func acquisitionWithGradient(_ point: [Double]) -> (value: Double, gradient: [Double]) {
        var value = 0.0
        var gradient = [Double](repeating: 0, count: dimension)
        if let best {
            let p = process.predictWithGradient(at: point)
            let variance = max(p.variance, Self.varianceFloor)
            let sd = variance.squareRoot()
            let (logEI, dMean, dSD) = logExpectedImprovementWithGradient(
                mean: p.mean, standardDeviation: sd, best: best)
            value = logEI
            let varianceActive = p.variance > Self.varianceFloor
            for k in 0..<dimension where !parameters[k].isCategorical {
                let sdGradient = varianceActive ? p.varianceGradient[k] / (2 * sd) : 0
                gradient[k] = dMean * p.meanGradient[k] + dSD * sdGradient
            }
        }
        if let feasibility {
            let (logProbability, feasibilityGradient) = feasibility.logProbabilityWithGradient(at: point)
            value += logProbability
            for k in 0..<dimension where !parameters[k].isCategorical { gradient[k] += feasibilityGradient[k] }
        }
        return (value, gradient)
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
        let scores = acquisitions(candidates, count: candidateCount)
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
                let (value, pointGradient) = acquisitionWithGradient(point)
                var gradient = [Double](repeating: 0, count: numerical.count)
                for (index, k) in numerical.enumerated() { gradient[index] = -pointGradient[k] * lengthScales[index] }
                return (-value, gradient)
            }
            var point = start
            for (index, k) in numerical.enumerated() {
                point[k] = min(max(result.point[index] * lengthScales[index], 0), 1)
            }
            point = snapped(point)
            let score = acquisition(point)
            if score > bestScore {
                bestScore = score
                bestPoint = point
            }
        }
        return bestPoint
    }
}
