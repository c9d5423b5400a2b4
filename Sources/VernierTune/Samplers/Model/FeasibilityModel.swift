import Foundation
import VernierNumerics

/// The Gaussian processes of a study's constraints, one per constraint, and the log probability that all of them
/// hold at a point (the constraints are modelled as independent, as in Gardner et al., "Bayesian optimization with
/// inequality constraints", ICML 2014, and Optuna's `GPSampler`).
///
/// Each process models the standardized *negated* constraint value, so that higher is more feasible; a
/// constraint holds (value ≤ 0) where the modelled value is at least ``ConstraintProcess/threshold``, the
/// standardized image of 0.
struct FeasibilityModel {
    /// One process per constraint, in the trials' constraint order.
    let constraints: [ConstraintProcess]

    /// The fitted log-hyperparameters of every constraint's process, for the next trial's warm start.
    var logHyperparameters: [[Double]] { constraints.map(\.process.hyperparameters.logParameters) }

    /// Fits one process per constraint on `values` (one row of constraint values per input point, every row of the
    /// same length) at `inputs` (row-major, `values.count` × `dimension`, unit-cube encoded). A constraint whose
    /// process cannot be factored is left out (it then constrains nothing); `nil` when no process remains.
    static func fit(
        inputs: [Double], values: [[Double]], dimension: Int, categoricalDimensions: [Bool],
        options: GaussianProcessFitOptions, warmStarts: [GaussianProcessHyperparameters]?
    ) -> FeasibilityModel? {
        guard let count = values.first?.count, count > 0 else { return nil }
        var constraints: [ConstraintProcess] = []
        for index in 0..<count {
            // Negated so that higher is better, like the objective's process; standardized.
            let negated = values.map { -$0[index] }
            let mean = negated.reduce(0, +) / Double(negated.count)
            var variance = 0.0
            for value in negated { variance += (value - mean) * (value - mean) }
            let scale = max((variance / Double(negated.count)).squareRoot(), 1e-12)
            let targets = negated.map { ($0 - mean) / scale }
            var constraintOptions = options
            constraintOptions.seed = options.seed &+ UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15
            let warmStart = warmStarts.flatMap { index < $0.count ? $0[index] : nil }
            if warmStart == nil { constraintOptions.randomRestarts = max(constraintOptions.randomRestarts, 1) }
            let hyperparameters = GaussianProcessRegressor.fitHyperparameters(
                inputs: inputs, targets: targets, dimension: dimension, categoricalDimensions: categoricalDimensions,
                options: constraintOptions, warmStart: warmStart)
            guard
                let process = try? GaussianProcessRegressor(
                    inputs: inputs, targets: targets, dimension: dimension, hyperparameters: hyperparameters,
                    categoricalDimensions: categoricalDimensions)
            else { continue }
            constraints.append(ConstraintProcess(process: process, threshold: -mean / scale))
        }
        return constraints.isEmpty ? nil : FeasibilityModel(constraints: constraints)
    }

    /// log P(every constraint holds) at one point.
    func logProbability(at point: [Double]) -> Double {
        var total = 0.0
        for constraint in constraints { total += constraint.logProbability(at: point) }
        return total
    }

    /// log P(every constraint holds) at many points (row-major, m × dimension).
    func logProbabilities(_ points: [Double]) -> [Double] {
        var totals = [Double](repeating: 0, count: points.count / max(constraints[0].process.dimension, 1))
        for constraint in constraints {
            let (means, variances) = constraint.process.predict(points)
            for j in totals.indices {
                totals[j] += logProbabilityOfImprovement(
                    mean: means[j],
                    standardDeviation: max(variances[j], AcquisitionMaximizer.varianceFloor).squareRoot(),
                    threshold: constraint.threshold)
            }
        }
        return totals
    }

    /// log P(every constraint holds) at one point and its gradient with respect to the point's coordinates
    /// (categorical coordinates get 0).
    func logProbabilityWithGradient(at point: [Double]) -> (value: Double, gradient: [Double]) {
        var total = 0.0
        var gradient = [Double](repeating: 0, count: point.count)
        for constraint in constraints {
            let p = constraint.process.predictWithGradient(at: point)
            let variance = max(p.variance, AcquisitionMaximizer.varianceFloor)
            let sd = variance.squareRoot()
            let (value, dMean, dSD) = logProbabilityOfImprovementWithGradient(
                mean: p.mean, standardDeviation: sd, threshold: constraint.threshold)
            total += value
            let varianceActive = p.variance > AcquisitionMaximizer.varianceFloor
            for k in gradient.indices {
                let sdGradient = varianceActive ? p.varianceGradient[k] / (2 * sd) : 0
                gradient[k] += dMean * p.meanGradient[k] + dSD * sdGradient
            }
        }
        return (total, gradient)
    }

    /// The log-hyperparameters stored by the latest trial before `number` with one array of `dimension + 2` finite
    /// values per constraint of `count` (a study whose constraint count or space changed starts cold).
    static func latestHyperparameters(
        in trials: [FrozenTrial], before number: Int, dimension: Int, count: Int
    ) -> [GaussianProcessHyperparameters]? {
        var latest: (number: Int, values: [[Double]])? = nil
        for candidate in trials where candidate.number < number {
            guard case .array(let rows)? = candidate.systemAttributes[GPSampler.constraintHyperparameterKey],
                rows.count == count
            else { continue }
            let values = rows.map { row -> [Double] in
                guard case .array(let items) = row else { return [] }
                return items.compactMap(\.doubleValue)
            }
            guard values.allSatisfy({ $0.count == dimension + 2 && $0.allSatisfy(\.isFinite) }) else { continue }
            if latest == nil || candidate.number > latest!.number { latest = (candidate.number, values) }
        }
        return latest?.values.map { GaussianProcessHyperparameters(logParameters: $0) }
    }
}

/// One constraint's process and the standardized value at which the constraint is exactly 0.
struct ConstraintProcess {
    /// Models the standardized negated constraint value.
    let process: GaussianProcessRegressor
    /// The constraint holds where the modelled value is at least this.
    let threshold: Double

    /// log P(the constraint holds) at `point`: log Φ((μ − threshold)/σ).
    func logProbability(at point: [Double]) -> Double {
        let (mean, variance) = process.predict(at: point)
        return logProbabilityOfImprovement(
            mean: mean, standardDeviation: max(variance, AcquisitionMaximizer.varianceFloor).squareRoot(),
            threshold: threshold)
    }
}
