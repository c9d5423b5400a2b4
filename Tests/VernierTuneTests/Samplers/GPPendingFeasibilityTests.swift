import Foundation
import Testing
import VernierNumerics

@testable import VernierTune

@Suite struct GPPendingFeasibilityTests {
    /// Feasible only where x + y > 1.5 (the upper-right corner); the start-up trials all lie outside it.
    static func constraint(_ x: Double, _ y: Double) -> Double { 1.5 - x - y }

    /// A study whose four completed trials are all infeasible, sampled by a quick constrained GP.
    static func infeasibleStudy(seed: UInt64 = 5) throws -> Study {
        let study = try Study(
            name: "pending", direction: .minimize, storage: InMemoryStorage(),
            sampler: GPSampler(seed: seed, startupTrials: 4, candidateCount: 256, localSearchCount: 3))
        for (x, y) in [(0.1, 0.2), (0.5, 0.1), (0.2, 0.6), (0.45, 0.45)] {
            try study.enqueue(["x": .double(x), "y": .double(y)])
        }
        try study.optimize(trials: 4) { trial in
            let (x, y) = try Self.suggest(trial)
            try trial.setConstraints([Self.constraint(x, y)])
            return x * x + y * y
        }
        return study
    }

    static func suggest(_ trial: Trial) throws -> (Double, Double) {
        (try trial.suggestFloat("x", in: 0...1), try trial.suggestFloat("y", in: 0...1))
    }

    @Test func withNothingFeasibleASecondWorkerDoesNotProposeTheRunningTrialsPoint() throws {
        let study = try Self.infeasibleStudy()
        let first = try Self.suggest(try study.ask())
        let second = try Self.suggest(try study.ask())  // the first trial is still running
        let distance = max(abs(first.0 - second.0), abs(first.1 - second.1))
        // Seed 5, 2026-12-06: (1, 1) then (0.44, 1); the probability of feasibility alone proposed (1, 1) twice.
        #expect(distance > 0.1, "two workers' proposals coincide: \(first), \(second)")
    }

    @Test func aResumedStudyProposesWhatTheUninterruptedOneDid() throws {
        // Uninterrupted: one process asks twice. Resumed: the second ask comes from a fresh sampler on the same
        // storage (a second worker, or a restarted process), which must see the same running trial.
        func second(resumed: Bool) throws -> (Double, Double) {
            let study = try Self.infeasibleStudy()
            _ = try Self.suggest(try study.ask())
            let asker =
                resumed
                ? try Study.load(
                    name: "pending", storage: study.storage,
                    sampler: GPSampler(seed: 5, startupTrials: 4, candidateCount: 256, localSearchCount: 3))
                : study
            return try Self.suggest(try asker.ask())
        }
        #expect(try second(resumed: true) == (try second(resumed: false)))
    }

    /// The term is the model's probability lowered near the running point, and its batch form and gradient agree
    /// with the one-point form.
    @Test func theTermFallsNearTheRunningPointAndItsGradientIsExact() throws {
        // c(x) = 0.6 − x on [0, 1], observed left of 0.5: feasibility is likeliest at the right edge.
        let xs = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]
        let model = try #require(
            FeasibilityModel.fit(
                inputs: xs, values: xs.map { [0.6 - $0] }, dimension: 1, categoricalDimensions: [false],
                options: GaussianProcessFitOptions(randomRestarts: 1, seed: 1), warmStarts: nil))
        var generator = decisionGenerator(seed: 1, trialNumber: 0, label: "test")
        let term = try #require(PendingFeasibility.make(model: model, pending: [[0.9]], generator: &generator))
        // At the running point the gain is far below the probability of feasibility there.
        #expect(term.logProbability(at: [0.9]) < model.logProbability(at: [0.9]) - 1)
        let points = [0.55, 0.7, 0.8, 0.95]
        let batch = term.logProbabilities(points)
        for (index, x) in points.enumerated() {
            let single = term.logProbability(at: [x])
            #expect(abs(batch[index] - single) <= 1e-9 * max(1, abs(single)), "at \(x): \(batch[index]) vs \(single)")
            let (value, gradient) = term.logProbabilityWithGradient(at: [x])
            #expect(abs(value - single) <= 1e-9 * max(1, abs(single)))
            let h = 1e-6
            let numeric = (term.logProbability(at: [x + h]) - term.logProbability(at: [x - h])) / (2 * h)
            #expect(abs(gradient[0] - numeric) < 1e-4 * max(1, abs(numeric)), "at \(x): \(gradient[0]) vs \(numeric)")
        }
    }
}
