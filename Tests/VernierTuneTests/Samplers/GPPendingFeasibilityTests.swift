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
        // Seed 5, 2026-12-06: (0.81, 0.89) then (1.0, 0.68); the probability of feasibility alone proposed the
        // first point again (distance 2e-7).
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
        // c(x) = 1 − 2x observed left of 0.45, all infeasible: feasibility is uncertain, likeliest on the right.
        let xs = [0.0, 0.1, 0.2, 0.3, 0.4]
        let model = try #require(
            FeasibilityModel.fit(
                inputs: xs, values: xs.map { [1 - 2 * $0] }, dimension: 1, categoricalDimensions: [false],
                options: GaussianProcessFitOptions(randomRestarts: 1, seed: 1), warmStarts: nil))
        // The running trial sits where the sampler would put it: the likeliest point.
        let grid = (0...100).map { Double($0) / 100 }
        let running = grid.max { model.logProbability(at: [$0]) < model.logProbability(at: [$1]) }!
        var generator = decisionGenerator(seed: 1, trialNumber: 0, label: "test")
        let term = try #require(PendingFeasibility.make(model: model, pending: [[running]], generator: &generator))
        // There the gain is far below the probability of feasibility, and the term peaks elsewhere (seed 1,
        // 2026-12-06: running at 0.64, P 0.88, term 0.0096 there and 0.018 at 0.80).
        #expect(term.logProbability(at: [running]) < model.logProbability(at: [running]) - 1)
        let peak = grid.max { term.logProbability(at: [$0]) < term.logProbability(at: [$1]) }!
        #expect(abs(peak - running) > 0.1, "the term peaks at \(peak), the running trial is at \(running)")
        let points = [0.5, 0.62, 0.8, 0.95]
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
