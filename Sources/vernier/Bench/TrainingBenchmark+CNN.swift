import Foundation
import VernierExperiments
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierTensor
import VernierTraining

extension TrainingBenchmark {
    /// The seeds whose 5-epoch test accuracies `fashion_cnn_test_accuracy_5ep` averages: one seed's accuracy
    /// scatters by about ±0.005 (seeds 0–9 range 0.897–0.911), the mean of three by 1/√3 of that (±0.003).
    static let cnnAccuracySeeds: [UInt64] = [0, 1, 2]

    /// The small CNN of `vernier train fashion-mnist --set model=cnn` (Conv 1→16 3×3 pad 1, ReLU, max-pool 2,
    /// Conv 16→32, ReLU, max-pool 2, Linear 1568→128, ReLU, Linear 128→10; Adam 1e-3, batch 64) on the 50,000
    /// training images, trained through the experiment's recipe exactly as the command trains it.
    /// `fashion_cnn_epoch_s`: seed 0's median epoch of epochs 2–3 (2–5 with `full`; training steps only,
    /// validation excluded); `fashion_cnn_validation_s`: one `evaluate` pass of that model over the 10,000
    /// validation images (median of 3); with `full`, `fashion_cnn_test_accuracy_5ep`: the mean test accuracy
    /// after 5 epochs of seeds ``cnnAccuracySeeds`` (seed 0's is the timed run), each seed's in its own row.
    /// Skipped (with a note) when the data set is not installed.
    static func fashionCNN(full: Bool) throws -> [BenchmarkRecord] {
        let experiment = SupervisedExperiment.fashionMNIST
        let configuration = try experiment.configuration(["model": "cnn", "epochs": full ? "5" : "3"])
        var recipe: TrainingRecipe
        do {
            recipe = try experiment.recipe(configuration, seed: cnnAccuracySeeds[0])
        } catch {
            print("  (fashion_cnn_* skipped: \(error))")
            return []
        }
        let run = try SupervisedExperiment.train(recipe, callbacks: [])
        let seconds = run.history.epochs.dropFirst().map(\.seconds).sorted()
        let validation = validationSeconds(run.model, recipe)
        var records = [
            BenchmarkRecord(
                name: "fashion_cnn_epoch_s", value: seconds[seconds.count / 2], unit: "s", reference: 9.2,
                referenceLabel: "PyTorch 9.2–11.0 (2 threads); target ≤ 4"),
            BenchmarkRecord(
                name: "fashion_cnn_validation_s", value: validation, unit: "s",
                referenceLabel: "evaluate on the 10,000 validation images, once per epoch"),
        ]
        guard full else { return records }
        var accuracies = [run.evaluateTest()["test_accuracy"] ?? 0]
        for seed in cnnAccuracySeeds.dropFirst() {
            recipe.seed = seed
            accuracies.append(
                try SupervisedExperiment.train(recipe, callbacks: []).evaluateTest()["test_accuracy"] ?? 0)
        }
        let perSeed = zip(cnnAccuracySeeds, accuracies).map { seed, accuracy in
            BenchmarkRecord(
                name: "fashion_cnn_test_accuracy_5ep_seed\(seed)", value: accuracy, unit: "fraction",
                referenceLabel: "seed \(seed)")
        }
        let values = accuracies.map { String(format: "%.4f", $0) }.joined(separator: ", ")
        records.append(
            BenchmarkRecord(
                name: "fashion_cnn_test_accuracy_5ep", value: accuracies.reduce(0, +) / Double(accuracies.count),
                unit: "fraction", reference: 0.90,
                referenceLabel: "mean of seeds \(cnnAccuracySeeds.map(String.init).joined(separator: ", ")): "
                    + "\(values); target ≥ 0.90"))
        return records + perSeed
    }

    /// The median seconds of 3 ``evaluate(_:on:loss:metrics:batchSize:)`` passes of `model` over the recipe's
    /// validation images: the validation every epoch of the run pays (with the default batch).
    private static func validationSeconds(_ model: any Layer, _ recipe: TrainingRecipe) -> Double {
        let times = (0..<3).map { _ in
            let start = DispatchTime.now().uptimeNanoseconds
            _ = evaluate(model, on: recipe.data.validation, loss: recipe.loss, metrics: recipe.metrics)
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        return times.sorted()[1]
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
