import Foundation
import Testing
import VernierExperiments

@Suite struct ExperimentConfigurationTests {
    let spirals = SupervisedExperiment.spirals

    @Test func defaultsAreTheWorkshops() throws {
        let configuration = try spirals.configuration([:])
        #expect(configuration.string("layers") == "2,10,1")
        #expect(configuration.string("activation") == "relu")
        #expect(configuration.string("output") == "auto")
        #expect(try spirals.outputActivation(configuration).activation == .sigmoid)
        #expect(configuration.string("loss") == "mse")
        #expect(configuration.string("optimizer") == "sgd")
        #expect(configuration.double("lr") == 0.01)
        #expect(configuration.integer("batch-size") == 10)
        #expect(configuration.integer("epochs") == 10)
    }

    @Test func overridesAreNormalized() throws {
        let configuration = try spirals.configuration(["activation": "TANH", "loss": "bce_logits", "layers": "2, 32,1"])
        #expect(configuration.string("activation") == "tanh")
        #expect(configuration.string("loss") == "bce-logits")
        #expect(configuration.string("layers") == "2,32,1")
        #expect(configuration.layerSizes("layers", input: 2, output: 1) == [2, 32, 1])
    }

    @Test func unknownKeysAndBadValuesListWhatIsValid() {
        #expect(throws: ConfigError.self) { try spirals.configuration(["speed": "3"]) }
        do {
            _ = try spirals.configuration(["speed": "3"], location: "--set")
        } catch {
            #expect(error.description.hasPrefix("--set: unknown key 'speed'; valid keys: layers, activation,"))
        }
        do {
            _ = try spirals.configuration(["optimizer": "lbfgs"])
        } catch {
            #expect(error.description.contains("optimizer: 'lbfgs' is not valid; expected one of sgd, momentum"))
        }
        #expect(throws: ConfigError.self) { try spirals.configuration(["epochs": "-1"]) }
        #expect(throws: ConfigError.self) { try spirals.configuration(["layers": "2,x,1"]) }
        #expect(throws: ConfigError.unknownExperiment("cifar", valid: ExperimentRegistry.names)) {
            try ExperimentRegistry.experiment(named: "cifar")
        }
    }

    @Test func yamlFilesWithLineNumbers() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-\(UUID()).yaml")
        try "layers: [2, 32, 32, 1]\nactivation: tanh\nlr: 0.05\n".write(to: url, atomically: true, encoding: .utf8)
        let configuration = try spirals.configuration(yamlFile: url.path, overrides: ["epochs": "3"])
        #expect(configuration.string("layers") == "2,32,32,1")
        #expect(configuration.double("lr") == 0.05)
        #expect(configuration.integer("epochs") == 3)
        try "activation: tanh\nbatchsize: 5\n".write(to: url, atomically: true, encoding: .utf8)
        do {
            _ = try spirals.configuration(yamlFile: url.path)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("\(url.path):2: unknown key 'batchsize'"))
        }
    }

    @Test func everyExperimentHasDocumentedKeys() {
        #expect(ExperimentRegistry.names == ["spirals", "cubic", "iris", "fashion-mnist", "mnist", "csv"])
        for experiment in ExperimentRegistry.all {
            for key in experiment.keys {
                #expect(!key.help.isEmpty)
                #expect(
                    key.normalize(key.defaultValue) != nil || key.defaultValue.isEmpty, "\(experiment.name).\(key.name)"
                )
            }
        }
    }

    @Test func expectationsPrintWholeMinimumsAsIntegers() {
        func expectation(_ kind: ExperimentKey.Kind, default value: String) -> String {
            ExperimentKey("k", default: value, kind: kind, help: "").expectation
        }
        #expect(expectation(.number(minimum: 0), default: "0.01") == "a number ≥ 0, e.g. k=0.01")
        #expect(expectation(.numberOrAuto(minimum: 0), default: "") == "auto or a number ≥ 0, e.g. k=0.9")
        #expect(expectation(.number(minimum: 0.5), default: "1") == "a number ≥ 0.5, e.g. k=1")
        #expect(expectation(.integer(minimum: 1), default: "3") == "a whole number ≥ 1, e.g. k=3")
    }
}
