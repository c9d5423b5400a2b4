import Foundation
import VernierExperiments
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierTensor
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

    /// Heap allocations of one training step of the same CNN (the tape step of ``TapeEngine``: forward, loss,
    /// gradient, Adam) on a fixed batch of 64 random images, after 20 warm-up steps: what the step allocates in
    /// the steady state (tape nodes, tensors' storage, the convolutions' per-share scratch). Needs no data set.
    static func cnnAllocationsPerStep() -> BenchmarkRecord {
        var generator = Xoshiro256(seed: 1)
        let recipe = ModelRecipe.cnn(
            channels: 1, height: 28, width: 28, classes: 10, activation: .relu, output: nil, dropout: 0)
        let features = Tensor.randomUniform(shape: [64, 784], in: 0...1, using: &generator)
        let labels = Tensor(shape: [64], scalars: (0..<64).map { Float($0 % 10) })
        let perStep = countStepAllocations(of: recipe.build(using: &generator), features, labels)
        return BenchmarkRecord(
            name: "fashion_cnn_allocations_per_step", value: perStep, unit: "allocations",
            referenceLabel: AllocationCounter.isAvailable ? "tape step, CNN b64, Adam" : "counting unavailable")
    }

    /// The mean allocations of 50 steps of `model` on one batch, after 20 warm-up steps (the model's concrete
    /// type opened once, as ``TrainingRecipe`` does).
    private static func countStepAllocations<Model: Layer>(
        of model: Model, _ features: Tensor, _ labels: Tensor
    ) -> Double {
        var model = model
        var optimizer = Adam(learningRate: 1e-3)
        var context = ForwardContext(isTraining: true, seed: 1)
        func step() {
            let (_, gradient) = valueAndGradient(at: &model, context: &context) { model, context in
                crossEntropy(logits: model(features, context: &context), labels: labels)
            }
            optimizer.update(&model, along: gradient)
        }
        for _ in 0..<20 { step() }
        let steps = 50
        let before = AllocationCounter.count
        for _ in 0..<steps { step() }
        return Double(AllocationCounter.count - before) / Double(steps)
    }
}
