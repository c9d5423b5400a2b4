import Foundation
import VernierNumerics

/// log P(a point is feasible while no running trial is), the acquisition of ``GPSampler`` while no trial is feasible
/// (nor probably feasible) and other workers' trials are running: a point next to a running trial gains little,
/// since where that trial turns out feasible the search is over and where it does not its neighbour is unlikely to
/// be. This is Optuna's q-probability of feasibility (`qLogCEI` without an incumbent), with the candidate's
/// probability computed exactly given each fantasy instead of sampled and smoothed.
///
/// Each constraint's process is conditioned on the running trials' observations; their joint predictive
/// distribution is sampled `sampleCount` times (a fixed draw, so the term is smooth and deterministic). Given a
/// sample, the candidate's value is normal with the conditioned variance and a mean linear in the sample
/// (`believer` mean plus `weights` times the sample's offsets from the believed values). Samples in which some
/// running trial satisfies every constraint contribute nothing; the term is the log of the mean over samples of
/// the product of the constraints' probabilities. Without running trials the term equals the model's.
struct PendingFeasibility: FeasibilityTerm {
    /// One constraint conditioned on the running trials.
    struct Constraint {
        /// The process on the completed trials and the running ones at their posterior means.
        let believer: GaussianProcessRegressor
        /// One process per running trial with target 1 there and 0 elsewhere: the mean's sensitivity to that
        /// trial's observation.
        let weights: [GaussianProcessRegressor]
        /// The constraint holds where the modelled value is at least this.
        let threshold: Double
        /// Per kept sample, the running trials' sampled observations minus their posterior means.
        let offsets: [[Double]]
    }

    let constraints: [Constraint]
    /// The samples drawn, kept or not (the mean's denominator).
    let drawn: Int
    let dimension: Int

    /// Conditions `model` on running trials at `pending` (unit-cube points), drawing `sampleCount` joint samples
    /// of their observations from `generator`; `nil` when a conditioned process cannot be factored (the caller
    /// then keeps `model`).
    static func make(
        model: FeasibilityModel, pending: [[Double]], sampleCount: Int = 64,
        generator: inout some RandomNumberGenerator
    ) -> PendingFeasibility? {
        guard !pending.isEmpty, sampleCount > 0 else { return nil }
        let m = pending.count
        var samples: [[[Double]]] = []  // constraint × sample × pending: sampled minus mean
        var conditioned: [(believer: GaussianProcessRegressor, weights: [GaussianProcessRegressor])] = []
        for constraint in model.constraints {
            let process = constraint.process
            guard let joint = try? jointPredictive(of: process, at: pending) else { return nil }
            var offsets: [[Double]] = []
            for _ in 0..<sampleCount {
                let z = (0..<m).map { _ in generator.nextNormal() }
                offsets.append((0..<m).map { a in (0...a).reduce(0.0) { $0 + joint.lower[a * m + $1] * z[$1] } })
            }
            samples.append(offsets)
            let inputs = process.inputs + pending.joined()
            func regressor(_ targets: [Double]) -> GaussianProcessRegressor? {
                try? GaussianProcessRegressor(
                    inputs: inputs, targets: targets, dimension: process.dimension,
                    hyperparameters: process.hyperparameters, categoricalDimensions: process.categoricalDimensions)
            }
            guard let believer = regressor(process.targets + joint.means) else { return nil }
            var weights: [GaussianProcessRegressor] = []
            for j in 0..<m {
                var unit = [Double](repeating: 0, count: process.count + m)
                unit[process.count + j] = 1
                guard let weight = regressor(unit) else { return nil }
                weights.append(weight)
            }
            conditioned.append((believer, weights))
        }
        // A sample in which some running trial satisfies every constraint leaves nothing to gain.
        let kept = (0..<sampleCount).filter { s in
            !(0..<m).contains { j in
                model.constraints.indices.allSatisfy { i in
                    let mean = conditioned[i].believer.targets[conditioned[i].believer.count - m + j]
                    return mean + samples[i][s][j] >= model.constraints[i].threshold
                }
            }
        }
        // Every sample feasible somewhere: the candidate's own probability is all that distinguishes points.
        let used = kept.isEmpty ? Array(0..<sampleCount) : kept
        return PendingFeasibility(
            constraints: model.constraints.indices.map { i in
                Constraint(
                    believer: conditioned[i].believer, weights: conditioned[i].weights,
                    threshold: model.constraints[i].threshold, offsets: used.map { samples[i][$0] })
            },
            drawn: sampleCount, dimension: model.constraints[0].process.dimension)
    }

    /// The posterior means at `points` and the lower Cholesky factor of the covariance of noisy observations there.
    private static func jointPredictive(
        of process: GaussianProcessRegressor, at points: [[Double]]
    ) throws(LinearAlgebraError) -> (means: [Double], lower: [Double]) {
        let m = points.count
        let kernel = process.kernel
        let rows = (0..<process.count).map {
            Array(process.inputs[($0 * process.dimension)..<(($0 + 1) * process.dimension)])
        }
        let cross = points.map { point in rows.map { kernel(point, $0) } }
        let solved = cross.map { process.cholesky.solve($0) }
        var covariance = [Double](repeating: 0, count: m * m)
        for a in 0..<m {
            for b in 0...a {
                var value = kernel(points[a], points[b])
                for t in 0..<process.count { value -= cross[a][t] * solved[b][t] }
                if a == b { value += process.hyperparameters.noiseVariance }
                covariance[a * m + b] = value
                covariance[b * m + a] = value
            }
        }
        let means = cross.map { row in zip(row, process.alpha).reduce(0.0) { $0 + $1.0 * $1.1 } }
        return (means, try CholeskyFactorization(matrix: covariance, dimension: m).lower)
    }

    /// log of the mean of exp(`totals`) over the samples drawn.
    private func logMean(_ totals: [Double]) -> Double {
        let top = totals.max() ?? -Double.infinity
        guard top.isFinite else { return top }
        var sum = 0.0
        for total in totals { sum += Foundation.exp(total - top) }
        return top + Foundation.log(sum / Double(drawn))
    }

    func logProbability(at point: [Double]) -> Double {
        logProbabilities(point)[0]
    }

    func logProbabilities(_ points: [Double]) -> [Double] {
        let count = points.count / max(dimension, 1)
        let samples = constraints[0].offsets.count
        var totals = [[Double]](repeating: [Double](repeating: 0, count: samples), count: count)
        for constraint in constraints {
            let (means, variances) = constraint.believer.predict(points)
            let weights = constraint.weights.map { $0.predict(points).mean }
            for p in 0..<count {
                let sd = max(variances[p], AcquisitionMaximizer.varianceFloor).squareRoot()
                for (s, offsets) in constraint.offsets.enumerated() {
                    var mean = means[p]
                    for j in offsets.indices { mean += weights[j][p] * offsets[j] }
                    totals[p][s] += logProbabilityOfImprovement(
                        mean: mean, standardDeviation: sd, threshold: constraint.threshold)
                }
            }
        }
        return totals.map(logMean)
    }

    func logProbabilityWithGradient(at point: [Double]) -> (value: Double, gradient: [Double]) {
        let samples = constraints[0].offsets.count
        var totals = [Double](repeating: 0, count: samples)
        var gradients = [[Double]](repeating: [Double](repeating: 0, count: point.count), count: samples)
        for constraint in constraints {
            let p = constraint.believer.predictWithGradient(at: point)
            let weights = constraint.weights.map { $0.predictWithGradient(at: point) }
            let sd = max(p.variance, AcquisitionMaximizer.varianceFloor).squareRoot()
            let varianceActive = p.variance > AcquisitionMaximizer.varianceFloor
            for (s, offsets) in constraint.offsets.enumerated() {
                var mean = p.mean
                var meanGradient = p.meanGradient
                for j in offsets.indices {
                    mean += weights[j].mean * offsets[j]
                    for k in meanGradient.indices { meanGradient[k] += weights[j].meanGradient[k] * offsets[j] }
                }
                let (value, dMean, dSD) = logProbabilityOfImprovementWithGradient(
                    mean: mean, standardDeviation: sd, threshold: constraint.threshold)
                totals[s] += value
                for k in point.indices {
                    let sdGradient = varianceActive ? p.varianceGradient[k] / (2 * sd) : 0
                    gradients[s][k] += dMean * meanGradient[k] + dSD * sdGradient
                }
            }
        }
        let value = logMean(totals)
        var gradient = [Double](repeating: 0, count: point.count)
        guard value.isFinite else { return (value, gradient) }
        // d log mean exp(tₛ) = Σₛ softmax(t)ₛ dtₛ.
        let top = totals.max()!
        var sum = 0.0
        for total in totals { sum += Foundation.exp(total - top) }
        for s in 0..<samples {
            let share = Foundation.exp(totals[s] - top) / sum
            for k in gradient.indices { gradient[k] += share * gradients[s][k] }
        }
        return (value, gradient)
    }
}
