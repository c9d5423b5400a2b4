import Testing
import VernierExperiments
import VernierNN
import VernierTune

/// Built-in experiments as tunable objectives: registry, settings, baselines, intermediate values, test score.
@Suite struct ExperimentObjectivesTests {
    /// Small, fast spirals settings for the tests.
    static let small = ["epochs": "3", "train-size": "200", "validation-size": "100", "test-size": "100"]

    @Test func experimentsAreRegisteredNextToTestFunctions() throws {
        let names = TunableObjectiveRegistry.all.map(\.name)
        for name in ["branin", "spirals", "iris", "cubic", "fashion-mnist", "mnist"] {
            #expect(names.contains(name), "missing objective \(name)")
        }
        let spirals = try #require(TunableObjectiveRegistry.objective(named: "spirals"))
        #expect(spirals.direction == .maximize)
        #expect(spirals.metric == "val_accuracy")
        #expect(spirals.evaluateTest != nil)
        #expect(TunableObjectiveRegistry.objective(named: "cubic")?.direction == .minimize)
    }

    @Test func parameterNamesMapToExperimentKeys() {
        #expect(ExperimentTuning.setting(name: "batch_size", value: .int(32)) == ("batch-size", .integer(32)))
        #expect(
            ExperimentTuning.setting(name: "hidden", value: "64,32")
                == ("layers", .layerSizes([.auto, .size(64), .size(32), .auto])))
        #expect(ExperimentTuning.setting(name: "learning_rate", value: .double(0.5)) == ("lr", .number(0.5)))
        #expect(ExperimentTuning.setting(name: "epochs", value: .double(3)) == ("epochs", .number(3)))
    }

    /// The tuning defaults are written as the typed values their keys hold (no text a key reads at run time),
    /// and each key exists: a default `.choice("tanh")` or a misspelt key would fail here.
    @Test func tuningDefaultsAreTheirKeysTypedValues() throws {
        let tunings: [String: ExperimentTuning] = [
            "spirals": .spirals, "iris": .iris, "cubic": .cubic, "csv": .csv, "fashion-mnist": .images,
        ]
        for (name, tuning) in tunings {
            let experiment = try ExperimentRegistry.experiment(named: name)
            for (key, value) in tuning.settings {
                let declared = try #require(experiment.keys.first { $0.name == key }, "\(name) has no key \(key)")
                #expect(declared.validated(value) == value, "\(name).\(key) = \(value)")
            }
        }
        #expect(ExperimentTuning.spirals.settings["loss"] == .loss(.binaryCrossEntropyWithLogits))
    }

    /// The epoch budget a pruner gets is the tuning default's recipe epochs (no data loaded to know it).
    @Test func theEpochBudgetIsTheDefaultRecipesEpochs() throws {
        #expect(try #require(TunableObjectiveRegistry.objective(named: "spirals")).epochBudget == 30)
        #expect(try #require(TunableObjectiveRegistry.objective(named: "fashion-mnist")).epochBudget == 3)
        #expect(try #require(TunableObjectiveRegistry.objective(named: "branin")).epochBudget == nil)
    }

    @Test func sensitivityBaselineIsTheTuningConfiguration() throws {
        let baseline = try StudySpec.Overrides(objective: "spirals").runner().objective.baseline
        #expect(baseline["optimizer"] == "adam")
        #expect(baseline["activation"] == "tanh")
        #expect(baseline["layers"] == "2,32,32,1")
        #expect(baseline["batch-size"] == 10)
        #expect(baseline["lr"]?.doubleValue == 0.01)
    }

    @Test func builtInStudiesHaveTheWorkshopSizes() throws {
        var spirals = StudySpec.Overrides(objective: "spirals")
        spirals.sampler = .sensitivity
        let spiralsPlan = try spirals.runner().plan
        // Baseline plus 4 learning rates, 5 batch sizes, 2 activations, 3 optimizers, 3 layer lists, 1 loss, 2 epochs.
        #expect(spiralsPlan.plannedTrialCount == 21)
        #expect(spiralsPlan.objective.baseline["loss"] == "bce-logits")
        #expect(spiralsPlan.objective.baseline["epochs"] == 30)
        var iris = StudySpec.Overrides(objective: "iris")
        iris.sampler = .grid
        let irisPlan = try iris.runner().plan
        #expect(irisPlan.plannedTrialCount == 8)
        #expect(irisPlan.spec.space.names.sorted() == ["batch-size", "epochs", "lr"])
    }

    @Test func aSensitivityStudyReportsEveryEpochAndScoresTheTestSet() throws {
        var configuration = StudySpec.Overrides(objective: "spirals")
        configuration.settings = Self.small
        configuration.sampler = .sensitivity
        configuration.space = try SearchSpace([
            ParameterSpec(name: "lr", distribution: .categorical(try CategoricalDistribution(choices: [0.01, 0.1])))
        ])
        let storage = InMemoryStorage()
        let (runner, summary) = try configuration.run(storage: storage)
        let study = try runner.makeStudy(storage: storage)
        let trials = try study.trials()
        #expect(trials.count == 2)
        for trial in trials {
            #expect(trial.state == .complete)
            #expect(trial.intermediateValues.keys.sorted() == [1, 2, 3])
            #expect(trial.userAttributes["epochs"]?.intValue == 3)
            let value = try #require(trial.value)
            #expect(value >= 0 && value <= 1)
            #expect(trial.intermediateValues[3] == value)
        }
        let test = try #require(summary.testValue)
        #expect(test >= 0 && test <= 1)
    }

    @Test func settingsAreValidatedWithTheValidKeys() throws {
        func spirals(_ settings: [String: String]) throws -> StudySpec {
            var recipe = StudySpec.Overrides(objective: "spirals")
            recipe.settings = settings
            return try recipe.resolved()
        }
        #expect(throws: RecipeOptionError.self) { try spirals(["lrr": "1"]) }
        do {
            _ = try spirals(["epochs": "-3"])
            Issue.record("a negative epoch count was accepted")
        } catch let error as RecipeOptionError {
            #expect(error.description.contains("epochs"))
        }
        var branin = StudySpec.Overrides(objective: "branin")
        branin.settings = ["epochs": "3"]
        #expect(throws: RecipeOptionError(option: "", message: RecipeError.noSettings("branin").description)) {
            try branin.resolved()
        }
    }

    @Test func studyFilesNameExperimentsSamplersAndSettings() throws {
        let file = try StudyFile.parse(
            """
            study: iris-tpe
            experiment: iris
            sampler: {name: tpe, seed: 7}
            trials: 3
            test: false
            set: {epochs: 2}
            parameters:
              lr: {type: float, low: 1.0e-3, high: 1.0e-1, log: true}
              batch_size: {type: categorical, choices: [16, 32]}
            """, file: "iris.yaml")
        #expect(file.objective == "iris")
        #expect(file.sampler == .tpe)
        #expect(file.seed == 7)
        #expect(file.settings == ["epochs": "2"])
        #expect(file.test == false)
        #expect(try file.resolved().test == false)
        let summary = try file.run(storage: InMemoryStorage()).summary
        #expect(summary.testValue == nil)
        #expect(summary.bestValue != nil)

        let bad = try StudyFile.parse("experiment: iris\nset:\n  epochz: 2\n", file: "bad.yaml")
        do {
            _ = try bad.resolved()
            Issue.record("an unknown setting was accepted")
        } catch let error as StudyFileError {
            #expect(error.file == "bad.yaml")
            #expect(error.line == 3)
            #expect(error.description.contains("epochz"))
        }
    }
}
