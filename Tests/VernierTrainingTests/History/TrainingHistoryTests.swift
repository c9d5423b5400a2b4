import Foundation
import Testing
import VernierTraining

@Suite struct TrainingHistoryTests {
    let history = TrainingHistory(
        stepLosses: [1, 0.5],
        epochs: [
            EpochRecord(
                epoch: 1, trainLoss: 0.75, trainMetrics: ["accuracy": 0.5], validationLoss: 0.8,
                validationMetrics: ["accuracy": 0.6], learningRate: 0.01, seconds: 0.1, samplesPerSecond: 200)
        ])

    @Test func csvHasOneRowPerEpoch() {
        let lines = history.csv.split(separator: "\n")
        #expect(
            lines[0] == "epoch,train_loss,val_loss,train_accuracy,val_accuracy,learning_rate,seconds,samples_per_second"
        )
        #expect(lines[1] == "1,0.75,0.8,0.5,0.6,0.01,0.1,200.0")
        #expect(history.epochs[0].value(named: "val_accuracy") == 0.6)
        #expect(history.epochs[0].value(named: "train_loss") == 0.75)
    }

    @Test func writesCSVAndJSONThatRoundTrip() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-history-\(UUID())")
        try history.write(to: directory)
        let data = try Data(contentsOf: directory.appendingPathComponent("history.json"))
        #expect(try JSONDecoder().decode(TrainingHistory.self, from: data) == history)
        let csv = try String(contentsOf: directory.appendingPathComponent("history.csv"), encoding: .utf8)
        #expect(csv == history.csv)
    }
}
