import Foundation
import Testing

@testable import VernierNumerics

@Suite struct GaussianProcessRegressorTests {
    /// n random points in [0, 1]^d and a smooth function of them.
    static func data(count n: Int, dimension d: Int, seed: UInt64) -> (inputs: [Double], targets: [Double]) {
        var generator = SplitMixBits(seed: seed)
        let inputs = (0..<(n * d)).map { _ in generator.unitUniform() }
        let targets = (0..<n).map { i -> Double in
            var value = 0.0
            for k in 0..<d { value += sin(3 * Double(k + 1) * inputs[i * d + k]) }
            return value
        }
        return (inputs, targets)
    }

    @Test func logMarginalLikelihoodGradientMatchesFiniteDifferences() throws {
        let (inputs, targets) = Self.data(count: 15, dimension: 3, seed: 1)
        for categorical in [[], [false, false, true]] {
            var inputs = inputs
            if !categorical.isEmpty {
                for i in 0..<15 { inputs[i * 3 + 2] = Double(i % 3) }
            }
            let theta = [log(0.4), log(1.3), log(0.7), log(1.5), log(0.05)]
            let (_, gradient) = try GaussianProcessRegressor.logMarginalLikelihood(
                inputs: inputs, targets: targets, dimension: 3,
                hyperparameters: GaussianProcessHyperparameters(logParameters: theta),
                categoricalDimensions: categorical)
            for k in 0..<theta.count {
                let h = 1e-5
                var plus = theta
                plus[k] += h
                var minus = theta
                minus[k] -= h
                let up = try GaussianProcessRegressor.logMarginalLikelihood(
                    inputs: inputs, targets: targets, dimension: 3,
                    hyperparameters: GaussianProcessHyperparameters(logParameters: plus),
                    categoricalDimensions: categorical
                ).value
                let down = try GaussianProcessRegressor.logMarginalLikelihood(
                    inputs: inputs, targets: targets, dimension: 3,
                    hyperparameters: GaussianProcessHyperparameters(logParameters: minus),
                    categoricalDimensions: categorical
                ).value
                let numeric = (up - down) / (2 * h)
                #expect(
                    abs(gradient[k] - numeric) < 1e-5 * max(1, abs(numeric)),
                    "∂/∂θ\(k): analytic \(gradient[k]), numeric \(numeric)")
            }
        }
    }

    @Test func logMarginalLikelihoodOfOnePointIsTheGaussianLogDensity() throws {
        let h = GaussianProcessHyperparameters(lengthScales: [1], signalVariance: 2, noiseVariance: 0.5)
        let (value, _) = try GaussianProcessRegressor.logMarginalLikelihood(
            inputs: [0.3], targets: [1.5], dimension: 1, hyperparameters: h)
        let variance = 2.5
        #expect(abs(value - (-0.5 * 1.5 * 1.5 / variance - 0.5 * log(2 * Double.pi * variance))) < 1e-14)
    }

    @Test func kernelMatchesTheMaternFormula() {
        let kernel = MaternKernel(lengthScales: [0.5, 2], signalVariance: 1.5)
        let r = ((0.1 / 0.5) * (0.1 / 0.5) + (0.3 / 2) * (0.3 / 2)).squareRoot()
        let expected = 1.5 * (1 + sqrt(5) * r + 5 * r * r / 3) * exp(-sqrt(5) * r)
        #expect(abs(kernel([0, 0], [0.1, 0.3]) - expected) < 1e-15)
        let hamming = MaternKernel(lengthScales: [1, 1], signalVariance: 1, categoricalDimensions: [false, true])
        #expect(hamming([0.5, 0], [0.5, 2]) == hamming([0.5, 0], [0.5, 1]))
    }

    @Test func predictionsInterpolateAndRevertToThePrior() throws {
        let (inputs, targets) = Self.data(count: 20, dimension: 2, seed: 2)
        let gp = try GaussianProcessRegressor(
            inputs: inputs, targets: targets, dimension: 2,
            hyperparameters: GaussianProcessHyperparameters(
                lengthScales: [0.3, 0.3], signalVariance: 1, noiseVariance: 1e-8))
        for i in 0..<20 {
            let (mean, variance) = gp.predict(at: [inputs[2 * i], inputs[2 * i + 1]])
            #expect(abs(mean - targets[i]) < 1e-4)
            #expect(variance < 1e-5)
        }
        let far = gp.predict(at: [40, -40])
        #expect(abs(far.mean) < 1e-10)
        #expect(abs(far.variance - 1) < 1e-10)
    }

    @Test func batchedPredictionsMatchSinglePredictions() throws {
        let (inputs, targets) = Self.data(count: 25, dimension: 3, seed: 3)
        let gp = try GaussianProcessRegressor(
            inputs: inputs, targets: targets, dimension: 3,
            hyperparameters: GaussianProcessHyperparameters(
                lengthScales: [0.3, 0.5, 1], signalVariance: 2, noiseVariance: 1e-4))
        let (candidates, _) = Self.data(count: 17, dimension: 3, seed: 4)
        let (means, variances) = gp.predict(candidates)
        for j in 0..<17 {
            let single = gp.predict(at: Array(candidates[(3 * j)..<(3 * j + 3)]))
            #expect(abs(means[j] - single.mean) < 1e-12)
            #expect(abs(variances[j] - single.variance) < 1e-12)
        }
    }

    @Test func predictionGradientsMatchFiniteDifferences() throws {
        let (inputs, targets) = Self.data(count: 12, dimension: 2, seed: 5)
        let gp = try GaussianProcessRegressor(
            inputs: inputs, targets: targets, dimension: 2,
            hyperparameters: GaussianProcessHyperparameters(
                lengthScales: [0.4, 0.2], signalVariance: 1, noiseVariance: 1e-3))
        let point = [0.37, 0.61]
        let p = gp.predictWithGradient(at: point)
        let h = 1e-6
        for k in 0..<2 {
            var plus = point
            plus[k] += h
            var minus = point
            minus[k] -= h
            let up = gp.predict(at: plus)
            let down = gp.predict(at: minus)
            #expect(abs(p.meanGradient[k] - (up.mean - down.mean) / (2 * h)) < 1e-6)
            #expect(abs(p.varianceGradient[k] - (up.variance - down.variance) / (2 * h)) < 1e-6)
        }
    }

    @Test func fittingFindsAnIrrelevantDimensionAndPredictsWell() throws {
        // y depends on x₀ only: the fitted length scale of x₁ should be much longer than that of x₀.
        var generator = SplitMixBits(seed: 6)
        let n = 40
        let inputs = (0..<(2 * n)).map { _ in generator.unitUniform() }
        let targets = (0..<n).map { sin(6 * inputs[2 * $0]) }
        let gp = try GaussianProcessRegressor.fit(inputs: inputs, targets: targets, dimension: 2)
        let scales = gp.hyperparameters.lengthScales
        #expect(scales[1] > 3 * scales[0])
        let prediction = gp.predict(at: [0.5, 0.5])
        #expect(abs(prediction.mean - sin(3)) < 0.02)
        #expect(gp.hyperparameters.noiseVariance < 1e-3)
    }

    @Test func fittingIsDeterministicAndUsesTheWarmStart() throws {
        let (inputs, targets) = Self.data(count: 20, dimension: 2, seed: 7)
        let a = GaussianProcessRegressor.fitHyperparameters(inputs: inputs, targets: targets, dimension: 2)
        let b = GaussianProcessRegressor.fitHyperparameters(inputs: inputs, targets: targets, dimension: 2)
        #expect(a == b)
        let warm = GaussianProcessRegressor.fitHyperparameters(
            inputs: inputs, targets: targets, dimension: 2, options: GaussianProcessFitOptions(randomRestarts: 0),
            warmStart: a)
        for k in 0..<2 { #expect(abs(log(warm.lengthScales[k] / a.lengthScales[k])) < 0.05) }
    }
}
