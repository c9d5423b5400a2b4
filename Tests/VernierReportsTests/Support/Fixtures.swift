import Foundation
import Testing
import VernierTraining
import VernierTune

/// Builds trials for tests.
enum Fixtures {
    static let learningRate = Distribution.float(try! FloatDistribution(low: 1e-4, high: 1, log: true))
    static let momentum = Distribution.float(try! FloatDistribution(low: 0, high: 1))
    static let optimizer = Distribution.categorical(try! CategoricalDistribution(choices: ["sgd", "adam", "rmsprop"]))

    static func trial(
        _ number: Int, value: Double?, state: TrialState = .complete, parameters: [String: Double] = [:],
        distributions: [String: Distribution] = [:], intermediate: [Int: Double] = [:], start: Double? = nil,
        end: Double? = nil, worker: String? = nil
    ) -> FrozenTrial {
        FrozenTrial(
            trialID: Int64(number + 1), number: number, state: state, value: value, parameters: parameters,
            distributions: distributions, intermediateValues: intermediate,
            systemAttributes: worker.map { [AttributeKey.workerID.rawValue: .string($0)] } ?? [:],
            startDate: start.map { Date(timeIntervalSince1970: 1_000 + $0) },
            completeDate: end.map { Date(timeIntervalSince1970: 1_000 + $0) })
    }

    /// Eight trials over learning rate (log), momentum and optimizer, minimizing.
    static func study() -> [FrozenTrial] {
        let space = ["learning_rate": learningRate, "momentum": momentum, "optimizer": optimizer]
        let rows: [(Double, Double, Double, Double)] = [
            (0.1, 0.9, 0, 0.8), (0.01, 0.5, 1, 0.4), (0.001, 0.1, 2, 0.6), (0.3, 0.7, 1, 0.3),
            (0.0003, 0.2, 0, 0.9), (0.05, 0.95, 2, 0.35), (0.002, 0.4, 1, 0.5), (0.02, 0.6, 0, 0.45),
        ]
        return rows.enumerated().map { index, row in
            trial(
                index, value: row.3,
                parameters: ["learning_rate": row.0, "momentum": row.1, "optimizer": row.2], distributions: space,
                intermediate: [1: row.3 + 0.3, 2: row.3 + 0.1, 3: row.3], start: Double(index),
                end: Double(index) + 1.5,
                worker: index % 2 == 0 ? "a" : "b")
        }
    }

    static func history(epochs: Int = 5, nanAt: Int? = nil) -> TrainingHistory {
        TrainingHistory(
            stepLosses: (0..<(epochs * 4)).map { Float(1.0 / Double($0 + 1)) },
            epochs: (1...epochs).map { epoch in
                EpochRecord(
                    epoch: epoch, trainLoss: epoch == nanAt ? .nan : 1 / Double(epoch),
                    trainMetrics: ["accuracy": 0.5 + 0.08 * Double(epoch)], validationLoss: 1.2 / Double(epoch),
                    validationMetrics: ["accuracy": 0.45 + 0.08 * Double(epoch)], learningRate: 0.01, seconds: 0.5,
                    samplesPerSecond: 1000)
            })
    }
}

/// Compares `text` with `Snapshots/<name>.svg`; with `VERNIER_UPDATE_SNAPSHOTS=1` it rewrites the file instead.
func expectSnapshot(_ text: String, named name: String, filePath: String = #filePath) throws {
    let directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Snapshots")
    let url = directory.appendingPathComponent(name + ".svg")
    if ProcessInfo.processInfo.environment["VERNIER_UPDATE_SNAPSHOTS"] == "1" {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(text == expected, "SVG differs from \(url.path); rerun with VERNIER_UPDATE_SNAPSHOTS=1 if intended")
}
