import Foundation
import VernierData
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

    /// Heap allocations of one training step of the same CNN (Adam 1e-3, batch 64, cross-entropy, accuracy
    /// metric) in the steady state, as `Trainer.fit` runs it — on the engine the trainer chooses for it, the fused
    /// CNN step unless its support check refuses (the label then names the reason): the mean of steps 10 → 30 of
    /// the second epoch over 2,560 random images. Needs no data set.
    static func cnnAllocationsPerStep() throws -> BenchmarkRecord {
        var generator = Xoshiro256(seed: 1)
        let recipe = ModelRecipe.cnn(
            channels: 1, height: 28, width: 28, classes: 10, activation: .relu, output: nil, dropout: 0)
        let images = 64 * 40
        let train = TensorDataset(
            features: Tensor.randomUniform(shape: [images, 784], in: 0...1, using: &generator),
            targets: Tensor(shape: [images], scalars: (0..<images).map { Float($0 % 10) }))
        let probe = AllocationProbe(marks: [(2, 10), (2, 30)])
        let trainer = Trainer(loss: .crossEntropy, batchSize: 64, epochs: 2, metrics: [.accuracy], callbacks: [probe])
        var model = recipe.build(using: &generator) as! Sequential
        var optimizer = Adam(learningRate: 1e-3)
        let engine: String
        switch trainer.fusedSupport(model: model, optimizer: optimizer, data: train) {
        case .success: engine = "fused CNN step"
        case .failure(let reason): engine = "tape (\(reason))"
        }
        _ = try trainer.fit(&model, optimizer: &optimizer, on: train, using: &generator)
        let perStep = (probe.reading(epoch: 2, step: 30) - probe.reading(epoch: 2, step: 10)) / 20
        return BenchmarkRecord(
            name: "fashion_cnn_allocations_per_step", value: Swift.max(perStep, 0), unit: "allocations",
            reference: 0,
            referenceLabel: AllocationCounter.isAvailable
                ? "Trainer.fit step on the \(engine), CNN b64, Adam; target 0" : "counting unavailable")
    }
}
