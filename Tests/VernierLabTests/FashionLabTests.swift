import Foundation
import Testing
import VernierData
import VernierExperiments

@testable import VernierLab

private let fashionAvailable = FileManager.default.fileExists(
    atPath: MNIST.fashionDirectory + "/train-images-idx3-ubyte.gz")

@Test(.enabled(if: fashionAvailable, "needs the Debian package dataset-fashion-mnist"))
func linearWeightImagesLookLikeTheirClassMeans() throws {
    let lab = WeightsLab()
    let result = try lab.run(try lab.configuration(["train-limit": "1000", "epochs": "2"]))
    #expect(result.weights.count == 10 && result.weights[0].count == 784)
    #expect(result.correlations.count == 10)
    #expect(result.correlations.filter { $0 > 0.2 }.count >= 8, "\(result.correlations)")
    #expect(result.testAccuracy > 0.6)
}

@Test(.enabled(if: fashionAvailable, "needs the Debian package dataset-fashion-mnist"))
func adamBeatsPlainSGDAtTheSameSmallBudgetOnFashion() throws {
    let lab = OptimizersLab()
    let result = try lab.run(
        try lab.configuration([
            "train-limit": "1000", "epochs": "1", "cnn": "false", "optimizers": "sgd,adam", "sgd-lr": "0.01",
        ]))
    #expect(result.runs.map(\.name) == ["mlp sgd", "mlp adam"])
    #expect(result.runs[1].testAccuracy > result.runs[0].testAccuracy)
    #expect(result.runs[1].testAccuracy > 0.5)
}

@Test func optimizersLabRunsOnSpiralsAndRejectsUnknownOptimizers() throws {
    let lab = OptimizersLab()
    let result = try lab.run(
        try lab.configuration(["data": "spirals", "epochs": "2", "optimizers": "sgd,adam", "sgd-lr": "0.01"]))
    #expect(result.runs.count == 2)
    #expect(result.runs.allSatisfy { $0.testAccuracy > 0.3 && $0.testAccuracy <= 1 })
    #expect(throws: ConfigError.self) { try lab.run(try lab.configuration(["optimizers": "lion"])) }
}

/// Collects what a lab writes as progress.
private final class ProgressText: @unchecked Sendable {
    var text = ""
}

@Test func optimizersLabReportsEachRunAndItsEpochsAsItGoes() throws {
    let collected = ProgressText()
    let progress = LabProgress { collected.text += $0 }
    _ = try OptimizersLab().execute(
        ["data": "spirals", "epochs": "3", "optimizers": "sgd,adam"], writingTo: nil, progress: progress)
    let lines = collected.text.split(separator: "\n")
    #expect(lines.first == "[1/2] mlp sgd")
    #expect(lines.contains("[2/2] mlp adam"))
    #expect(lines.filter { $0.hasPrefix("  epoch ") }.count == 6, "\(collected.text)")
    let silent = try OptimizersLab().execute(
        ["data": "spirals", "epochs": "1", "optimizers": "sgd"], writingTo: nil, progress: .silent)
    #expect(silent.contains("mlp sgd"))
}
