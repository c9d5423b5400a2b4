import Foundation
import Testing

@testable import VernierNumerics

@Suite struct ParzenEstimatorTests {
    @Test func continuousDensityIntegratesToOne() {
        let estimator = ParzenEstimator(
            observations: [[0.1], [0.15], [0.8]], weights: [1, 2, 1],
            dimensions: [.numerical(low: 0, high: 1, step: nil)])
        var integral = 0.0
        let steps = 20_000
        for i in 0..<steps {
            let x = (Double(i) + 0.5) / Double(steps)
            integral += exp(estimator.logDensity([x])) / Double(steps)
        }
        #expect(abs(integral - 1) < 1e-6)
    }

    @Test func discreteAndCategoricalProbabilitiesSumToOne() {
        let estimator = ParzenEstimator(
            observations: [[2, 0], [4, 2], [4, 2]], weights: [1, 1, 1],
            dimensions: [.numerical(low: 0, high: 10, step: 2), .categorical(count: 3)])
        var total = 0.0
        for x in stride(from: 0.0, through: 10, by: 2) {
            for c in 0..<3 { total += exp(estimator.logDensity([x, Double(c)])) }
        }
        #expect(abs(total - 1) < 1e-12)
        // Category 2 was seen twice, category 1 never.
        let categoryOnly = ParzenEstimator(
            observations: [[0], [2], [2]], weights: [1, 1, 1], dimensions: [.categorical(count: 3)])
        let probabilities = (0..<3).map { exp(categoryOnly.logDensity([Double($0)])) }
        #expect(probabilities[2] > probabilities[0] && probabilities[0] > probabilities[1])
        // Kernels: each observation row is [1 + 1/4, 1/4, 1/4]/1.75 on its category; prior is uniform.
        let expectedUnseen = (3 * (0.25 / 1.75) + 1.0 / 3) / 4
        #expect(abs(probabilities[1] - expectedUnseen) < 1e-12)
    }

    @Test func bandwidthsFollowTheScottAndNeighbourRules() {
        let values = [0.2, 0.5, 0.9]
        // With 3 observations the magic clip 1/min(100, 1 + 4) = 0.2 exceeds 0.2 · 3^(-1/6).
        let scott = ParzenEstimatorSettings(bandwidthRule: .scott)
        let few = ParzenEstimator.numericalKernels(
            values: values, low: 0, high: 1, step: nil, dimensionCount: 2, settings: scott)
        #expect(few.standardDeviations.prefix(3).allSatisfy { abs($0 - 0.2) < 1e-15 })
        #expect(few.standardDeviations[3] == 1)
        #expect(few.means == [0.2, 0.5, 0.9, 0.5])
        let many = ParzenEstimator.numericalKernels(
            values: (0..<30).map { Double($0) / 30 }, low: 0, high: 2, step: nil, dimensionCount: 2, settings: scott)
        let expected = 0.2 * pow(30.0, -1.0 / 6.0) * 2
        #expect(many.standardDeviations.prefix(30).allSatisfy { abs($0 - expected) < 1e-15 })
        // Neighbour rule: sorted [0.1, 0.5, 0.6, 0.95] between sentinels 0 and 1; the ends use their inner gap;
        // magic clip 1/min(100, 1 + 5) = 1/6.
        let neighbour = ParzenEstimator.numericalKernels(
            values: [0.6, 0.1, 0.95, 0.5], low: 0, high: 1, step: nil, dimensionCount: 1,
            settings: ParzenEstimatorSettings())
        let sigmas = neighbour.standardDeviations
        #expect(abs(sigmas[0] - 0.35) < 1e-15)  // 0.6: max(0.1, 0.35)
        #expect(abs(sigmas[1] - 0.4) < 1e-15)  // 0.1: inner gap to 0.5
        #expect(abs(sigmas[2] - 0.35) < 1e-15)  // 0.95: inner gap to 0.6
        #expect(abs(sigmas[3] - 0.4) < 1e-15)  // 0.5: max(0.4, 0.1)
        let clipped = ParzenEstimator.numericalKernels(
            values: [0.5, 0.51], low: 0, high: 1, step: nil, dimensionCount: 1, settings: ParzenEstimatorSettings())
        #expect(clipped.standardDeviations.prefix(2).allSatisfy { abs($0 - 0.25) < 1e-15 })
    }

    @Test func samplesRespectBoundsStepsAndConcentrateNearObservations() {
        let estimator = ParzenEstimator(
            observations: Array(repeating: [0.3, 40, 1], count: 30), weights: Array(repeating: 1, count: 30),
            dimensions: [
                .numerical(low: 0, high: 1, step: nil), .numerical(low: 10, high: 100, step: 10),
                .categorical(count: 4),
            ])
        var generator = SplitMixBits(seed: 8)
        let samples = estimator.sample(count: 2000, using: &generator)
        #expect(samples.allSatisfy { $0[0] >= 0 && $0[0] <= 1 })
        #expect(samples.allSatisfy { $0[1] >= 10 && $0[1] <= 100 && $0[1].truncatingRemainder(dividingBy: 10) == 0 })
        #expect(samples.allSatisfy { [0, 1, 2, 3].contains($0[2]) })
        let nearFirst = samples.filter { abs($0[0] - 0.3) < 0.25 }.count
        #expect(nearFirst > 1500)
        let categoryOne = samples.filter { $0[2] == 1 }.count
        #expect(categoryOne > 1600)
        var again = SplitMixBits(seed: 8)
        #expect(estimator.sample(count: 2000, using: &again) == samples)
    }

    @Test func batchedDrawsAndDensitiesMatchThePointByPointProcedure() {
        let dimensions: [ParzenDimension] = [
            .numerical(low: -5, high: 10, step: nil), .numerical(low: 0, high: 3, step: 0.25),
            .categorical(count: 3), .numerical(low: log(1e-4), high: 0, step: nil),
        ]
        var source = SplitMixBits(seed: 3)
        let observations = (0..<40).map { _ in
            [
                -5 + 15 * source.unitUniform(), (12 * source.unitUniform()).rounded() * 0.25,
                Double(Int(3 * source.unitUniform())), log(1e-4) * source.unitUniform(),
            ]
        }
        let estimator = ParzenEstimator(
            observations: observations, weights: (0..<40).map { 0.5 + Double($0) / 40 }, dimensions: dimensions)
        // The draws, by the straightforward procedure: kernel by weight, then each coordinate on its own.
        var generator = SplitMixBits(seed: 11)
        var expected: [Double] = []
        var cumulative = estimator.weights
        for k in 1..<cumulative.count { cumulative[k] += cumulative[k - 1] }
        for _ in 0..<50 {
            let u = generator.unitUniform() * cumulative[cumulative.count - 1]
            let kernel = min(cumulative.firstIndex { $0 > u } ?? (cumulative.count - 1), estimator.kernelCount - 1)
            for (column, dimension) in dimensions.enumerated() {
                switch dimension {
                case .numerical(let low, let high, let step):
                    let half = (step ?? 0) / 2
                    let mu = estimator.means[column][kernel]
                    let sigma = estimator.standardDeviations[column][kernel]
                    let z = StandardNormal.sampleTruncated(
                        from: (low - half - mu) / sigma, to: (high + half - mu) / sigma, using: &generator)
                    var x = mu + sigma * z
                    if let step { x = low + ((x - low) / step).rounded() * step }
                    expected.append(min(max(x, low), high))
                case .categorical(let count):
                    var v = generator.unitUniform()
                    var chosen = count - 1
                    for c in 0..<count {
                        v -= estimator.categoryProbabilities[column][kernel * count + c]
                        if v < 0 {
                            chosen = c
                            break
                        }
                    }
                    expected.append(Double(chosen))
                }
            }
        }
        var again = SplitMixBits(seed: 11)
        let flat = estimator.sampleFlat(count: 50, using: &again)
        #expect(flat == expected)
        var rows = SplitMixBits(seed: 11)
        #expect(estimator.sample(count: 50, using: &rows).flatMap { $0 } == flat)
        // One batch gives each point the density it has alone.
        let batched = estimator.logDensities(flat: flat)
        #expect(batched.count == 50)
        for p in 0..<50 {
            #expect(batched[p] == estimator.logDensity(Array(flat[(4 * p)..<(4 * p + 4)])))
        }
    }

    @Test func emptyObservationsGiveThePriorAlone() {
        let estimator = ParzenEstimator(
            observations: [], weights: [],
            dimensions: [.numerical(low: -1, high: 1, step: nil), .categorical(count: 2)])
        #expect(estimator.kernelCount == 1)
        #expect(abs(exp(estimator.logDensity([0.3, 1])) * 2 - exp(estimator.logDensity([0.3, 0])) * 2) < 1e-15)
    }
}
