import Testing
import VernierTestSupport
import VernierTune

@Suite struct SamplerTests {
    static let space: SearchSpace = {
        try! SearchSpace([
            ParameterSpec(name: "width", distribution: .int(try! IntDistribution(low: 8, high: 32, step: 8))),
            ParameterSpec(
                name: "activation", distribution: .categorical(try! CategoricalDistribution(choices: ["relu", "tanh"]))),
            ParameterSpec(name: "dropout", distribution: .float(try! FloatDistribution(low: 0, high: 0.2, step: 0.1))),
        ])
    }()

    @Test func randomSamplerConforms() throws {
        try SamplerConformance.run(trials: 40) { RandomSampler(seed: $0) }
    }

    @Test func randomSamplerDependsOnSeed() throws {
        func values(seed: UInt64) throws -> [Double] {
            let study = try Study(
                name: "s", direction: .minimize, storage: InMemoryStorage(), sampler: RandomSampler(seed: seed))
            try study.optimize(trials: 5) { try $0.suggestFloat("x", in: 0...1) }
            return try study.trials().compactMap { $0.parameters["x"] }
        }
        #expect(try values(seed: 1) != values(seed: 2))
        #expect(try values(seed: 1) == values(seed: 1))
    }

    @Test func gridSamplerRunsEveryPointOnceAndResumes() throws {
        #expect(try SamplerTests.space.gridPoints().count == 24)
        try SamplerConformance.pointListExhaustion(space: SamplerTests.space, expectedPoints: 24) {
            try GridSampler(space: SamplerTests.space)
        }
        try SamplerConformance.pointListExhaustion(space: SamplerTests.space, expectedPoints: 24) {
            try GridSampler(space: SamplerTests.space, shuffleSeed: 5)
        }
    }

    @Test func gridSamplerStopsAtTheBudgetFirst() throws {
        let study = try Study(
            name: "g", direction: .minimize, storage: InMemoryStorage(),
            sampler: try GridSampler(space: SamplerTests.space))
        let summary = try study.optimize(trials: 5) { Double(try SamplerTests.space.suggest(in: $0).count) }
        #expect(summary.stopReason == .budget)
        #expect(try study.trials().filter { $0.state != .waiting }.count == 5)
    }

    @Test func explicitGridAndExtraParameters() throws {
        let sampler = GridSampler(points: [["lr": 0.1], ["lr": 0.01]], seed: 3)
        let study = try Study(name: "g", direction: .minimize, storage: InMemoryStorage(), sampler: sampler)
        try study.optimize { trial in
            try trial.suggestFloat("lr", in: 1e-3...1, log: true) + (try trial.suggestFloat("other", in: 0...1))
        }
        let trials = try study.trials()
        #expect(trials.map { $0.externalParameters["lr"] } == [.double(0.1), .double(0.01)])
        #expect(trials.allSatisfy { $0.parameters["other"] != nil })
    }

    @Test func oneAtATimeSamplerVariesOneParameterAroundTheBaseline() throws {
        let sampler = OneAtATimeSampler(
            baseline: ["width": 16, "activation": "relu", "dropout": 0.1],
            variations: [
                ParameterVariation(name: "width", values: [8, 16, 24, 32]),
                ParameterVariation(name: "activation", values: ["relu", "tanh"]),
                ParameterVariation(name: "dropout", values: [0, 0.1, 0.2]),
            ])
        try SamplerConformance.pointListExhaustion(space: SamplerTests.space, expectedPoints: 7) { sampler }
        let study = try Study(name: "oat", direction: .minimize, storage: InMemoryStorage(), sampler: sampler)
        try study.optimize { Double(try SamplerTests.space.suggest(in: $0).count) }
        let trials = try study.trials()
        #expect(trials.count == 7)
        #expect(trials[0].systemAttributes["oat_parameter"] == "baseline")
        for trial in trials.dropFirst() {
            let varied = try #require(trial.systemAttributes["oat_parameter"]?.stringValue)
            let parameters = trial.externalParameters
            for (name, value) in sampler.baseline where name != varied {
                #expect(parameters[name]?.doubleValue == value.doubleValue || parameters[name] == value)
            }
        }
    }
}

@Suite struct SobolSamplerTests {
    @Test func conforms() throws {
        try SamplerConformance.run(trials: 40) { SobolSampler(seed: $0) }
    }

    @Test func pointsFillTheSquareEvenly() throws {
        let study = try Study(
            name: "sobol", direction: .minimize, storage: InMemoryStorage(), sampler: SobolSampler(seed: 9))
        try study.optimize(trials: 65) { trial in
            try trial.suggestFloat("a", in: 0...1) + (try trial.suggestFloat("b", in: 0...1))
        }
        // Trials 1...64 are Sobol points: each quarter of the square [0,1)² holds exactly 16 of the 64 points
        // (a (t, m, s)-net property of the first 2^k points; trial 0 was random, so the window is 1...64 shifted).
        let trials = try study.trials().dropFirst()
        var quarters = [Int](repeating: 0, count: 4)
        for trial in trials {
            let a = trial.parameters["a"]!
            let b = trial.parameters["b"]!
            quarters[(a < 0.5 ? 0 : 1) + (b < 0.5 ? 0 : 2)] += 1
        }
        #expect(quarters.allSatisfy { $0 >= 14 && $0 <= 18 }, "\(quarters)")
    }
}
