import Foundation
import Testing
import VernierExperiments
import VernierTune

/// Several metrics and constraints from study files and configurations, down to the stored trials.
@Suite struct MultiObjectiveTuningTests {
    /// Small, fast spirals settings.
    static let small = ["train-size": "100", "validation-size": "50", "test-size": "50"]

    @Test func constraintsParseIntoTypedBounds() throws {
        let atMost = try MetricConstraint(parsing: "parameters <= 50000")
        #expect(atMost == MetricConstraint(metric: "parameters", relation: .atMost, bound: 50_000))
        #expect(atMost.value(of: 48_000) == -2000)
        #expect(atMost.description == "parameters <= 50000")
        let atLeast = try MetricConstraint(parsing: "val_accuracy>=0.9")
        #expect(atLeast.relation == .atLeast && atLeast.bound == 0.9)
        #expect(abs(atLeast.value(of: 0.8) - 0.1) < 1e-12)
        for bad in ["parameters < 5", "parameters <= many", "<= 5", "a <= 1 >= 2", "x <= inf"] {
            #expect(throws: MetricConstraintError.self, "\(bad)") { try MetricConstraint(parsing: bad) }
        }
    }

    @Test func studyFilesTakeListsOfMetricsDirectionsAndConstraints() throws {
        let file = try StudyFile.parse(
            """
            objective: spirals
            metric: [val_accuracy, parameters]
            direction: [maximize, minimize]
            constraints: ["train_seconds <= 100", "val_accuracy >= 0.1"]
            """)
        #expect(file.metrics == ["val_accuracy", "parameters"])
        #expect(file.directions == [.maximize, .minimize])
        #expect(file.constraints?.map(\.description) == ["train_seconds <= 100", "val_accuracy >= 0.1"])
        let spec = try file.resolved()
        #expect(spec.objectiveMetrics == ["val_accuracy", "parameters", "train_seconds", "val_accuracy"])
        #expect(try spec.makeObjective().metrics == spec.objectiveMetrics)
        #expect(try StudyFile.parse("objective: sphere\nmetric: value\n").metrics == ["value"])

        func failure(_ text: String) -> StudyFileError? {
            do {
                _ = try StudyFile.parse(text, file: "s.yaml").resolved()
                return nil
            } catch { return error as? StudyFileError }
        }
        let bad = failure("objective: spirals\nconstraints:\n  - parameters < 5\n")
        #expect(bad?.line == 3 && bad?.field == "constraints[0]", "\(String(describing: bad))")
        let unknown = failure("objective: spirals\nconstraints: [\"weight <= 5\"]\n")
        #expect(unknown?.field == "constraints" && unknown?.line == 2, "\(String(describing: unknown))")
        let count = failure("objective: spirals\nmetric: [val_accuracy, parameters]\ndirection: maximize\n")
        #expect(count?.field == "direction" && count?.message.contains("one direction per metric") == true)
        let gp = failure(
            "objective: spirals\nsampler: gp\nmetric: [val_accuracy, parameters]\ndirection: [maximize, minimize]\n")
        #expect(gp?.message.contains("gp sampler optimizes one metric") == true, "\(String(describing: gp))")
        for sampler in ["tpe", "nsga2"] {
            let text = "objective: spirals\nsampler: \(sampler)\nmetric: [val_accuracy, parameters]\n"
            #expect(failure(text + "direction: [maximize, minimize]\n") == nil, "\(sampler) takes several metrics")
        }
        let nsga = try StudyFile.parse(
            "objective: spirals\nsampler: nsga2\nmetric: [val_accuracy, parameters]\ndirection: [maximize, minimize]\n"
        ).runner().plan
        #expect(try nsga.makeSampler() is NSGAIISampler)
        let function = failure("objective: sphere\nmetric: [value, parameters]\ndirection: [minimize, minimize]\n")
        #expect(function?.message.contains("reports no metric 'parameters'") == true)
    }

    @Test func samplerKindsAgreeWithTheirSamplersOnSeveralObjectives() throws {
        for kind in SamplerKind.allCases {
            var spec = try StudyFile.parse("objective: spirals\n").resolved()
            spec.sampler = kind
            let sampler = try StudyPlan(spec: spec, objective: try spec.makeObjective()).makeSampler()
            #expect(kind.supportsSeveralObjectives == sampler.supportsSeveralObjectives, "\(kind)")
            let text =
                "objective: spirals\nsampler: \(kind.rawValue)\nmetric: [val_accuracy, parameters]\n"
                + "direction: [maximize, minimize]\n"
            let refused: Bool
            do {
                _ = try StudyFile.parse(text, file: "s.yaml").resolved()
                refused = false
            } catch { refused = true }
            #expect(refused == !kind.supportsSeveralObjectives, "\(kind)")
        }
        #expect(!SamplerKind.gp.supportsSeveralObjectives && SamplerKind.tpe.supportsSeveralObjectives)
    }

    @Test func spiralsTradesAccuracyAgainstParameters() throws {
        var options = StudySpec.Overrides()
        options.objective = "spirals"
        options.settings = Self.small
        options.metrics = ["val_accuracy", "parameters"]
        options.directions = [.maximize, .minimize]
        options.constraints = [try MetricConstraint(parsing: "parameters <= 1100")]
        options.trials = 4
        options.seed = 3
        let storage = InMemoryStorage()
        let (runner, summary) = try options.run(storage: storage)
        let study = try Study.load(name: runner.studyName, storage: storage)
        #expect(try study.metricNames() == ["val_accuracy", "parameters"])
        #expect(study.directions == [.maximize, .minimize])
        let trials = try study.trials(states: [.complete])
        #expect(trials.count == 4)
        for trial in trials {
            let values = try #require(trial.values)
            #expect(
                values.count == 2 && (0...1).contains(values[0]) && values[1] > 0 && values[1].rounded() == values[1])
            #expect(trial.constraints == [values[1] - 1100])
        }
        #expect(summary.objectives?.map(\.metric) == ["val_accuracy", "parameters"])
        #expect(summary.testValue == nil, "no single chosen configuration to test")
        let front = try study.bestTrials()
        #expect(!front.isEmpty && front.map(\.number) == summary.bestTrials.map(\.number))
        let anyFeasible = trials.contains { $0.isFeasible }
        let frontFeasible = front.allSatisfy { $0.isFeasible }
        #expect(anyFeasible && frontFeasible)
        #expect((summary.hypervolume ?? 0) > 0)
        let json = String(decoding: try summary.jsonData(), as: UTF8.self)
        #expect(json.contains("\"objectives\"") && json.contains("\"hypervolume\""))
        // The recipe stores the metrics, directions and constraints; a worker rebuilds the same objective.
        let rebuilt = try StudySpec(json: try runner.spec.json(), study: "s")
        #expect(try rebuilt.makeObjective().metrics == ["val_accuracy", "parameters", "parameters"])
        #expect(rebuilt.differences(from: runner.spec).isEmpty)
    }
}
