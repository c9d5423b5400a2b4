import Testing
import VernierExperiments
import VernierTune

@Suite struct StudyFileTests {
    @Test func parsesEveryField() throws {
        let file = try StudyFile.parse(
            """
            study: demo
            objective: branin
            metric: value
            direction: minimize
            sampler: grid
            trials: 12
            timeout: 30
            repeats: 2
            seed: 7
            storage: "memory:"
            parameters:
              x0: {type: float, low: -5, high: 10, values: [-5, 0, 5]}
              lr: {type: float, low: 1e-4, high: 1, log: true, baseline: 0.01}
              width: {type: int, low: 8, high: 128, step: 8}
              optimizer: {type: categorical, choices: [sgd, adam, "1"]}
            """)
        #expect(file.name == "demo")
        #expect(file.sampler == .grid)
        #expect(file.trials == 12 && file.repeats == 2 && file.seed == 7 && file.timeout == 30)
        #expect(file.space?.names == ["x0", "lr", "width", "optimizer"])
        #expect(file.space?["lr"] == .float(try FloatDistribution(low: 1e-4, high: 1, log: true)))
        #expect(file.space?["optimizer"] == .categorical(try CategoricalDistribution(choices: ["sgd", "adam", "1"])))
        #expect(file.values["x0"] == [-5, 0, 5])
        #expect(file.baseline["lr"] == .double(0.01))
    }

    @Test func errorsNameFileLineAndField() {
        func failure(_ text: String) -> StudyFileError? {
            do {
                _ = try StudyFile.parse(text, file: "s.yaml")
                return nil
            } catch let error as StudyFileError {
                return error
            } catch {
                return nil
            }
        }
        let lowHigh = failure("objective: sphere\nparameters:\n  x: {type: float, low: 2, high: 1}\n")
        #expect(lowHigh?.line == 3)
        #expect(lowHigh?.field == "parameters.x")
        #expect(lowHigh?.description.hasPrefix("s.yaml:3: parameters.x:") == true)
        let log = failure(
            "objective: sphere\nparameters:\n  lr:\n    type: float\n    low: 0\n    high: 1\n    log: true\n")
        #expect(log?.line == 4 && log?.message.contains("log") == true)
        let unknown = failure("objective: sphere\ntrails: 10\n")
        #expect(unknown?.line == 2 && unknown?.message.contains("unknown key 'trails'") == true)
        let empty = failure("objective: sphere\nparameters:\n  c: {type: categorical, choices: []}\n")
        #expect(empty?.line == 3 && empty?.message.contains("at least one choice") == true)
        let number = failure("objective: sphere\ntrials: many\n")
        #expect(number?.line == 2 && number?.field == "trials")
        let syntax = failure("objective: sphere\nparameters: [a\n")
        #expect(syntax?.line != nil)
        #expect(failure("metric: value\n")?.field == "objective")
        let value = failure(
            "objective: sphere\nparameters:\n  n: {type: int, low: 0, high: 4, step: 2, values: [0, 3]}\n")
        #expect(value?.field == "parameters.n.values[1]")
    }

    @Test func configurationRunsEverySampler() throws {
        for kind in SamplerKind.allCases {
            var configuration = StudySpec.Overrides(objective: "sphere")
            configuration.sampler = kind
            configuration.trials = kind == .grid ? nil : 8
            configuration.repeats = 2
            configuration.noise = 0.01
            let summary = try configuration.run(storage: InMemoryStorage()).summary
            #expect((summary.trials["complete"] ?? 0) > 0, "\(kind)")
            #expect(!summary.bestTrials.isEmpty)
            #expect((summary.impact != nil) == (kind == .sensitivity))
        }
        #expect(throws: RecipeOptionError.self) { _ = try StudySpec.Overrides(objective: "nope").resolved() }
    }
}
