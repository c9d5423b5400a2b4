import Testing
import VernierExperiments
import VernierLab

/// A lab's keys become its typed settings once, before anything runs: lists parsed, cross-key checks made, and
/// the configurations of the networks it trains validated.
@Test func labSettingsAreReadOnceBeforeTheRun() throws {
    let optimizers = OptimizersLab()
    let runs = try optimizers.settings(try optimizers.configuration(["optimizers": "sgd,adam"])).runs
    #expect(runs.map(\.name) == ["mlp sgd", "mlp adam", "cnn adam", "cnn adam + augment"])
    #expect(runs[3].configuration.value("augment") == .boolean(true))
    #expect(runs[1].configuration.value("lr") == .number(0.001))
    let minibatch = MinibatchLab()
    let sizes = try minibatch.settings(try minibatch.configuration(["batch-sizes": "1,0,5000", "train-size": "100"]))
    #expect(sizes.batchSizes == [1, 100, 100])
    // A bad list is refused before a batch trains (it used to be read after the timed runs).
    #expect(throws: ConfigError.self) { try minibatch.settings(try minibatch.configuration(["sizes": "a"])) }
    let momentum = MomentumLab()
    #expect(throws: ConfigError.self) { try momentum.settings(try momentum.configuration(["kappas": "0.5"])) }
}
