import Foundation
import Testing
import VernierNumerics
import VernierTestSupport

@testable import VernierTune

@Suite struct CMAESSamplerTests {
    /// A study on `f` over `n` floats in `bounds`; returns the study after `trials` trials.
    static func run(
        _ sampler: any Sampler, trials: Int, dimension n: Int = 4, bounds: ClosedRange<Double> = -5...5,
        storage: any Storage = InMemoryStorage(), f: @escaping ([Double]) -> Double = sphere
    ) throws -> Study {
        let study = try Study(name: "es", direction: .minimize, storage: storage, sampler: sampler)
        try study.optimize(trials: trials) { trial in
            f(try (0..<n).map { try trial.suggestFloat("x\($0)", in: bounds) })
        }
        return study
    }

    static func sphere(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 } }

    /// Σ 10^(3 i/(n−1)) x_i²: axis scales spanning a factor 1000.
    static func ellipsoid(_ x: [Double]) -> Double {
        var total = 0.0
        for (i, value) in x.enumerated() {
            total += pow(10, 3 * Double(i) / Double(x.count - 1)) * value * value
        }
        return total
    }

    @Test func conformsToTheSamplerContract() throws {
        try SamplerConformance.run(trials: 30) { CMAESSampler(seed: $0) }
    }

    @Test func sameSeedGivesTheSameSuggestions() throws {
        let first = try Self.run(CMAESSampler(seed: 5), trials: 40).trials().map(\.parameters)
        let second = try Self.run(CMAESSampler(seed: 5), trials: 40).trials().map(\.parameters)
        let other = try Self.run(CMAESSampler(seed: 6), trials: 40).trials().map(\.parameters)
        #expect(first == second)
        #expect(first != other)
    }

    @Test func aNewSamplerOnTheSameStorageContinuesLikeAnUninterruptedRun() throws {
        let uninterrupted = try Self.run(CMAESSampler(seed: 2), trials: 60).trials().map(\.parameters)
        let storage = InMemoryStorage()
        _ = try Self.run(CMAESSampler(seed: 2), trials: 27, storage: storage)
        // A fresh sampler has no cached state: it rebuilds the evolution state from the stored generations.
        let resumed = try Self.run(CMAESSampler(seed: 2), trials: 60, storage: storage).trials()
        #expect(resumed.map(\.parameters) == uninterrupted)
        #expect(resumed.last!.systemAttributes[CMAESSampler.generationKey]!.intValue! >= 6)
    }

    @Test func convergesOnSphereAndEllipsoidInAFewHundredEvaluations() throws {
        let sphere = try Self.run(CMAESSampler(seed: 1), trials: 300).bestValue()
        #expect(sphere < 1e-4, "sphere best \(sphere)")
        let ellipsoid = try Self.run(CMAESSampler(seed: 1), trials: 400, f: Self.ellipsoid).bestValue()
        #expect(ellipsoid < 1e-2, "ellipsoid best \(ellipsoid)")
        let random = try Self.run(CMAESSampler(seed: 1), trials: 1).bestValue()
        #expect(random > 1e-2)
    }

    @Test func mixedSpaceSamplesCategoricalsIndependentlyAndFloatsJointly() throws {
        let study = try Study(
            name: "mixed", direction: .minimize, storage: InMemoryStorage(), sampler: CMAESSampler(seed: 3))
        try study.optimize(trials: 60) { trial in
            let kind = try trial.suggestCategorical("kind", ["a", "b", "c"])
            let x = try trial.suggestFloat("x", in: -2...2)
            let y = try trial.suggestFloat("y", in: 1e-3...10, log: true)
            let units = try trial.suggestInt("units", in: 1...9)
            return x * x + pow(log10(y), 2) + Double(units) / 10 + (kind == "b" ? 0 : 1)
        }
        let trials = try study.trials()
        let kinds = Set(trials.compactMap { $0.externalParameters["kind"] })
        #expect(kinds == [.string("a"), .string("b"), .string("c")])
        // Every trial after the first (whose relative space is still empty) is a CMA-ES candidate in 3-D.
        for trial in trials.dropFirst() {
            guard case .array(let x)? = trial.systemAttributes[CMAESSampler.candidateKey] else {
                Issue.record("trial \(trial.number) has no CMA-ES candidate")
                continue
            }
            #expect(x.count == 3)
            #expect((1...9).contains(trial.externalParameters["units"]!.intValue!))
        }
        #expect(try study.bestValue() < 0.5)
    }

    @Test func oneDimensionalSpacesFallBackToIndependentSampling() throws {
        let study = try Self.run(CMAESSampler(seed: 0), trials: 12, dimension: 1)
        let random = try Self.run(RandomSampler(seed: 0), trials: 12, dimension: 1)
        let trials = try study.trials()
        #expect(trials.allSatisfy { $0.systemAttributes[CMAESSampler.generationKey] == nil })
        #expect(trials.map(\.parameters) == (try random.trials()).map(\.parameters))
    }

    @Test func restartsWithADoubledPopulationWhenSigmaCollapses() throws {
        // A coarse σ tolerance makes the collapse happen within the budget.
        let sampler = CMAESSampler(seed: 4, sigmaTolerance: 1e-2)
        let study = try Self.run(sampler, trials: 250, dimension: 3)
        let parameters = (0..<3).map {
            EncodedParameter(name: "x\($0)", distribution: .float(try! FloatDistribution(low: -5, high: 5)))
        }
        let search = try CMAESSampler(seed: 4, sigmaTolerance: 1e-2).rebuiltSearch(
            study: study, parameters: parameters)
        #expect(search.restart >= 1)
        #expect(search.state.populationSize == CMAEvolutionState.defaultPopulationSize(dimension: 3) << search.restart)
        #expect(search.state.sigma > 1e-2, "a restart starts again from σ₀")
        // Without restarts the run keeps its collapsed state.
        let plain = CMAESSampler(seed: 4, sigmaTolerance: 1e-2, restarts: false)
        let stuck = try plain.rebuiltSearch(
            study: try Self.run(plain, trials: 250, dimension: 3), parameters: parameters)
        #expect(stuck.restart == 0)
    }

    @Test func aFlatObjectiveTriggersARestart() throws {
        let sampler = CMAESSampler(seed: 1)
        let study = try Self.run(sampler, trials: 160, dimension: 2) { _ in 1 }
        let parameters = (0..<2).map {
            EncodedParameter(name: "x\($0)", distribution: .float(try! FloatDistribution(low: -5, high: 5)))
        }
        #expect(try sampler.rebuiltSearch(study: study, parameters: parameters).restart >= 1)
    }

    @Test func candidatesRespectTheBounds() throws {
        // The optimum lies outside the box, so the search presses against the corner.
        let study = try Study(
            name: "corner", direction: .minimize, storage: InMemoryStorage(), sampler: CMAESSampler(seed: 8))
        try study.optimize(trials: 120) { trial in
            let x = try trial.suggestFloat("x", in: 0...1)
            let y = try trial.suggestFloat("y", in: 1e-2...1e2, log: true)
            let n = try trial.suggestInt("n", in: 2...40, step: 2)
            return x + log10(y) + Double(n)
        }
        for trial in try study.trials() {
            let p = trial.externalParameters
            #expect((0...1).contains(p["x"]!.doubleValue!))
            #expect((1e-2...1e2).contains(p["y"]!.doubleValue!))
            #expect(p["n"]!.intValue! % 2 == 0 && (2...40).contains(p["n"]!.intValue!))
            if case .array(let x)? = trial.systemAttributes[CMAESSampler.candidateKey] {
                #expect(x.allSatisfy { (0...1).contains($0.doubleValue!) })
            }
        }
        let best = try study.bestTrial().externalParameters
        #expect(best["x"]!.doubleValue! < 0.5 && best["y"]!.doubleValue! < 0.02 && best["n"]!.intValue! == 2, "\(best)")
    }
}
