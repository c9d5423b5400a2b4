import Testing
import VernierExperiments
import VernierNN
import VernierOptimizers
import VernierTune

/// Typed settings: one check per key kind on typed values, text read once at the edge, and a trial's parameters
/// reaching the recipe without text.
@Suite struct SettingValueTests {
    let spirals = SupervisedExperiment.spirals

    func key(_ name: String) throws -> ExperimentKey {
        try #require(spirals.keys.first { $0.name == name })
    }

    @Test func eachKindChecksTypedValues() throws {
        let epochs = try key("epochs")
        #expect(epochs.validated(.integer(30)) == .integer(30))
        #expect(epochs.validated(.number(30)) == .integer(30), "a whole number is an integer")
        #expect(epochs.validated(.number(2.5)) == nil)
        #expect(epochs.validated(.integer(-1)) == nil, "below the minimum")
        #expect(epochs.validated(.activation(.relu)) == nil, "another kind")
        let lr = try key("lr")
        #expect(lr.validated(.integer(3)) == .number(3))
        #expect(lr.validated(.number(-0.1)) == nil)
        #expect(lr.validated(.number(.infinity)) == nil)
        #expect(lr.validated(.choice("0.5")) == .number(0.5), "a categorical's text is read by the key")
        #expect(try key("momentum").validated(.auto) == .auto)
        #expect(try key("activation").validated(.choice("TANH")) == .activation(.tanh))
        #expect(try key("activation").validated(.none) == nil, "a hidden activation is required")
        #expect(try key("output").validated(.choice("none")) == SettingValue.none)
        #expect(try key("loss").validated(.choice("bce_logits")) == .loss(.binaryCrossEntropyWithLogits))
        #expect(try key("optimizer").validated(.choice("lbfgs")) == nil)
        let layers = try key("layers")
        #expect(layers.validated(.choice("auto, 8,1")) == .layerSizes([.auto, .size(8), .size(1)]))
        #expect(layers.validated(.layerSizes([.size(2), .auto, .size(1)])) == nil, "auto only first or last")
        #expect(layers.validated(.layerSizes([.size(2), .size(0), .size(1)])) == nil)
        #expect(layers.validated(.layerSizes([.size(2)])) == nil)
    }

    /// The canonical text of every default reads back as the same value (stored specs hold it).
    @Test func canonicalTextReadsBack() throws {
        for experiment in ExperimentRegistry.all {
            for key in experiment.keys {
                let value = try #require(key.defaultSetting, "\(experiment.name).\(key.name)")
                #expect(key.value(parsing: value.description) == value, "\(experiment.name).\(key.name)")
            }
        }
        #expect(SettingValue.number(0.1 + 0.2).description == "0.30000000000000004")
        #expect(SettingValue.number(0).description == "0" && SettingValue.number(1e-4).description == "0.0001")
    }

    @Test func typedErrorsNameTheKey() {
        #expect(
            throws: ConfigError.invalidValue(
                key: "epochs", value: "-1", expected: "a whole number ≥ 0, e.g. epochs=10", location: "parameters")
        ) {
            try spirals.configuration(settings: ["epochs": .integer(-1)], location: "parameters")
        }
        #expect(throws: ConfigError.self) { try spirals.configuration(settings: ["speed": .integer(1)]) }
    }

    /// A trial's parameter values map straight into typed settings and the recipe: a Double keeps every bit (the
    /// text route wrote -0.0 as "0"), an integer stays an integer, a categorical choice becomes its typed value.
    @Test func trialParametersReachTheRecipeWithoutText() throws {
        let parameters: [String: ParameterValue] = [
            "learning_rate": .double(-0.0), "batch_size": .int(16), "activation": .string("tanh"),
            "optimizer": .string("adam"), "hidden": .int(8), "epochs": .double(2),
        ]
        var settings: [String: SettingValue] = ["train-size": .integer(40), "validation-size": .integer(10)]
        for (name, value) in parameters {
            let (key, setting) = ExperimentTuning.setting(name: name, value: value)
            settings[key] = setting
        }
        guard case .number(let rate)? = settings["lr"] else {
            Issue.record("lr is not a number: \(String(describing: settings["lr"]))")
            return
        }
        #expect(rate.bitPattern == (-0.0 as Double).bitPattern)
        let configuration = try spirals.configuration(settings: settings, location: "parameters")
        #expect(configuration.value("activation") == .activation(.tanh))
        #expect(configuration.value("epochs") == .integer(2))
        let recipe = try spirals.recipe(configuration, seed: 3)
        #expect(recipe.optimizer.learningRate.bitPattern == (-0.0 as Float).bitPattern)
        #expect(recipe.optimizer.name == .adam)
        #expect(recipe.batchSize == 16 && recipe.epochs == 2)
        #expect(recipe.model == .mlp(sizes: [2, 8, 1], activation: .tanh, output: .sigmoid, dropout: 0))
        let rate2 = 0.1 + 0.2
        let (key, value) = ExperimentTuning.setting(name: "lr", value: .double(rate2))
        let exact = try spirals.recipe(try spirals.configuration(settings: [key: value]), seed: 0)
        #expect(exact.optimizer.learningRate == Float(rate2))
    }
}
