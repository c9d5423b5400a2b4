import Foundation
import VernierExperiments
import VernierTraining

extension TrainingBenchmark {
    /// The small CNN of `vernier train fashion-mnist --set model=cnn` (Conv 1→16 3×3 pad 1, ReLU, max-pool 2,
    /// Conv 16→32, ReLU, max-pool 2, Linear 1568→128, ReLU, Linear 128→10; Adam 1e-3, batch 64) on the 50,000
    /// training images, trained through the experiment exactly as the command trains it: the median epoch of
    /// epochs 2–3 (training steps only, validation excluded); with `full`, 5 epochs, their median after the first
    /// and the test accuracy. Skipped (with a note) when the data set is not installed.
    static func fashionCNN(full: Bool) throws -> [BenchmarkRecord] {
        let experiment = SupervisedExperiment.fashionMNIST
        let configuration = try experiment.configuration(["model": "cnn", "epochs": full ? "5" : "3"])
        do {
            _ = try experiment.prepare(configuration)
        } catch {
            print("  (fashion_cnn_* skipped: \(error))")
            return []
        }
        let run = try experiment.train(configuration, seed: 0, callbacks: [])
        let seconds = run.history.epochs.dropFirst().map(\.seconds).sorted()
        var records = [
            BenchmarkRecord(
                name: "fashion_cnn_epoch_s", value: seconds[seconds.count / 2], unit: "s", reference: 9.2,
                referenceLabel: "PyTorch 9.2–11.0 (2 threads); target ≤ 4")
        ]
        if full {
            records.append(
                BenchmarkRecord(
                    name: "fashion_cnn_test_accuracy_5ep", value: run.evaluateTest()["test_accuracy"] ?? 0,
                    unit: "fraction", reference: 0.90, referenceLabel: "target ≥ 0.90"))
        }
        return records
    }
}
