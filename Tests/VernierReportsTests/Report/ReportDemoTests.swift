import Foundation
import Testing
import VernierRandom
import VernierReports
import VernierTensor
import VernierTraining
import VernierTrainingReports

/// A training report with every extra (decision regions, predictions, confusion matrix, weight images, run
/// comparison). With `VERNIER_REPORT_DEMO_DIR` set it writes `training-report.html` there (for screenshots).
@Suite struct ReportDemoTests {
    @Test func trainingReportWithEveryExtra() throws {
        var random = Xoshiro256(seed: 7)
        var features: [Float] = []
        var labels: [Int] = []
        for index in 0..<150 {
            let label = index % 3
            let radius = Double(index) / 150 * 4 + 0.3
            let angle = Double(index) / 150 * 9 + Double(label) * 2.09
            features += [
                Float(radius * cos(angle) + random.nextNormal() * 0.1),
                Float(radius * sin(angle) + random.nextNormal() * 0.1),
            ]
            labels.append(label)
        }
        let points = Tensor(shape: [150, 2], scalars: features)
        let regions = DecisionRegions(points: points, labels: labels, resolution: 100) { grid in
            // A stand-in "model": the class of the nearest training point, softened.
            let count = grid.shape[0]
            var output: [Float] = []
            output.reserveCapacity(count * 3)
            for cell in 0..<count {
                let x = grid.scalars[2 * cell]
                let y = grid.scalars[2 * cell + 1]
                var best = (Float.infinity, 0)
                for index in 0..<150 {
                    let dx = features[2 * index] - x
                    let dy = features[2 * index + 1] - y
                    let distance = dx * dx + dy * dy
                    if distance < best.0 { best = (distance, labels[index]) }
                }
                let sure = Float(0.95 - min(Double(best.0), 1) * 0.5)
                output += (0..<3).map { $0 == best.1 ? sure : (1 - sure) / 2 }
            }
            return Tensor(shape: [count, 3], scalars: output)
        }
        let xs = (0..<80).map { -2 + 4 * Double($0) / 79 }
        let ys = xs.map { $0 * $0 * $0 - 2 * $0 + random.nextNormal() * 0.4 }
        let fit = RegressionFit(x: xs, y: ys) { input in
            Tensor(shape: [input.shape[0]], scalars: input.scalars.map { $0 * $0 * $0 - 1.9 * $0 })
        }
        let matrix = ConfusionMatrix(
            actual: labels,
            predicted: labels.enumerated().map { $0.offset % 11 == 0 ? ($0.element + 1) % 3 : $0.element },
            classNames: ["red", "green", "blue"])
        let weights = Tensor(
            shape: [784, 4],
            scalars: (0..<(784 * 4)).map { index in
                let pixel = index / 4
                let unit = index % 4
                let (row, column) = (Double(pixel / 28) - 13.5, Double(pixel % 28) - 13.5)
                return Float(sin(row / 4 + Double(unit)) * cos(column / (3 + Double(unit))))
            })
        func run(_ rate: Double) -> TrainingHistory {
            TrainingHistory(
                epochs: (1...20).map {
                    EpochRecord(
                        epoch: $0, trainLoss: 2 * exp(-rate * Double($0)) + 0.05, learningRate: 0.01, seconds: 0.1,
                        samplesPerSecond: 1)
                })
        }
        let comparison = RunComparison(runs: [("SGD", run(0.05)), ("Adam", run(0.3)), ("RMSProp", run(0.2))])
        let extras = [
            ReportSection(title: "Decision regions", plot: regions, width: 520, height: 440),
            ReportSection(title: "Predictions vs targets", plot: fit, width: 520, height: 440),
            ReportSection(title: "Confusion matrix", plot: matrix, includesTable: true, width: 420, height: 360),
            ReportSection(title: "First-layer weights", plot: WeightImages(weights: weights), width: 520, height: 360),
            ReportSection(title: "Optimizers", plot: comparison),
        ]
        var history = Fixtures.history(epochs: 30)
        history.stepLosses = (0..<600).map { Float(2 * exp(-Double($0) / 150) + 0.05 + random.nextUniform() * 0.3) }
        let html = TrainingReport.html(history: history, extras: extras, title: "Spirals (demo)")
        #expect(html.contains("Decision regions") && html.contains("First-layer weights"))
        #expect(html.utf8.count < 1_500_000)
        if let directory = ProcessInfo.processInfo.environment["VERNIER_REPORT_DEMO_DIR"] {
            try html.write(toFile: directory + "/training-report.html", atomically: true, encoding: .utf8)
            try StudyReport.report(name: "demo", direction: .minimize, trials: Fixtures.study()).html()
                .write(toFile: directory + "/fixture-study-report.html", atomically: true, encoding: .utf8)
        }
    }
}
