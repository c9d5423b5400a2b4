import Foundation
import Testing
import VernierExperiments

@Suite struct SupervisedExperimentTests {
    @Test func runReportsEveryEpochAndReturnsMetrics() throws {
        let spirals = SupervisedExperiment.spirals
        let configuration = try spirals.configuration(["epochs": "3", "train-size": "400", "validation-size": "100"])
        var epochs: [Int] = []
        let metrics = try spirals.run(configuration, seed: 1) { epoch, metrics in
            epochs.append(epoch)
            #expect(metrics["val_accuracy"] != nil && metrics["train_loss"] != nil)
        }
        #expect(epochs == [1, 2, 3])
        #expect(metrics["val_accuracy"]! > 0.3)
        #expect(metrics["val_loss"] != nil)
        // The costs to trade: the model's parameter count (2·8+8 + 8·8+8 + 8+1 for 2,8,8,1) and the training time.
        let small = try spirals.configuration(["epochs": "1", "train-size": "50", "layers": "2,8,8,1"])
        #expect(try spirals.run(small, seed: 1)["parameters"] == 105)
        #expect((metrics["train_seconds"] ?? 0) > 0)
        // Same seed, same metrics; only the wall-clock time differs.
        var again = try spirals.run(configuration, seed: 1)
        var first = metrics
        again["train_seconds"] = nil
        first["train_seconds"] = nil
        #expect(again == first)
    }

    @Test func onEpochErrorsStopTraining() throws {
        struct Pruned: Error {}
        let cubic = SupervisedExperiment.cubic
        let configuration = try cubic.configuration(["epochs": "50"])
        var calls = 0
        #expect(throws: Pruned.self) {
            try cubic.run(configuration, seed: 0) { epoch, _ in
                calls += 1
                if epoch == 5 { throw Pruned() }
            }
        }
        #expect(calls == 5)
    }

    @Test func irisTestAccuracy() throws {
        let iris = SupervisedExperiment.iris
        let test = try iris.evaluateTest(try iris.configuration([:]), seed: 0)
        #expect(test["test_accuracy"]! >= 0.93)
        #expect(test["test_loss"] != nil)
    }

    @Test func csvClassificationAndErrors() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-\(UUID()).csv")
        var text = "a,b,kind\n"
        for index in 0..<60 {
            text += "\(index % 2 == 0 ? 1 : -1),\(Double(index) / 60),\(index % 2 == 0 ? "yes" : "no")\n"
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
        let csv = SupervisedExperiment.csv
        let configuration = try csv.configuration(["file": url.path, "label": "kind", "epochs": "30"])
        let run = try csv.train(configuration, seed: 0, callbacks: [])
        #expect(run.metrics["val_accuracy"]! >= 0.9)
        #expect(run.evaluateTest()["test_accuracy"] != nil)
        #expect(throws: ConfigError.self) { try csv.train(try csv.configuration([:]), seed: 0, callbacks: []) }
    }

    @Test func layerSizesMustFitTheData() throws {
        let iris = SupervisedExperiment.iris
        #expect(throws: ConfigError.self) {
            try iris.train(try iris.configuration(["layers": "4,16,1"]), seed: 0, callbacks: [])
        }
        #expect(throws: ConfigError.self) {
            try iris.train(try iris.configuration(["layers": "3,16,3"]), seed: 0, callbacks: [])
        }
        let cubic = SupervisedExperiment.cubic
        #expect(throws: ConfigError.self) {
            try cubic.train(try cubic.configuration(["loss": "cross-entropy"]), seed: 0, callbacks: [])
        }
        // Cross-entropy on the spirals turns the targets into class indices with two outputs.
        let spirals = SupervisedExperiment.spirals
        let configuration = try spirals.configuration([
            "layers": "2,8,2", "loss": "cross-entropy", "output": "none", "epochs": "1", "train-size": "100",
            "validation-size": "20",
        ])
        #expect(try spirals.train(configuration, seed: 0, callbacks: []).metrics["val_accuracy"] != nil)
    }
}
