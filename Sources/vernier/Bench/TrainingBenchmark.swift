import Foundation
import VernierData
import VernierExperiments
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierTensor
import VernierTraining

/// `vernier bench training`: the tutorial workloads of /work/shared/reference/training-peers.md (W1–W5), timed
/// through the public training API (``Trainer``, ``DataLoader``), beside the PyTorch CPU figures measured on the
/// same machine kind (median, 2 threads, "manual" batching: PyTorch's fastest variant).
///
/// Epoch figures cover the training steps only (validation excluded), as in the peer scripts. `benchmarks/peers/`
/// holds PyTorch scripts of the same workloads for a side-by-side run.
enum TrainingBenchmark: BenchmarkSuite {
    static let name = "training"
    static let summary = "SGD step, spirals epochs, cubic 2000 steps, iris grid, Fashion-MNIST MLP and CNN epochs"

    static func run(options: BenchmarkOptions) throws -> [BenchmarkRecord] {
        var records: [BenchmarkRecord] = []
        records.append(sgdStep())
        records.append(tapeAllocationsPerStep())
        records += try trainerPath()
        records += try fusedStep()
        records.append(
            try spiralsEpoch(
                name: "spirals_epoch_ms", sizes: [2, 10, 1], activation: .relu, output: .sigmoid,
                loss: .meanSquaredError,
                adam: false, peer: 239, target: 3))
        records.append(
            try spiralsEpoch(
                name: "spirals_tanh32_adam_epoch_ms", sizes: [2, 32, 32, 1], activation: .tanh, output: nil,
                loss: .binaryCrossEntropyWithLogits, adam: true, peer: 471, target: 8))
        records.append(try cubic())
        records.append(try irisGrid())
        records += try fashion(full: options.full)
        records.append(try cnnAllocationsPerStep())
        records += try fashionCNN(full: options.full)
        records += try fusedGroupStudy()
        return records
    }

    /// Heap allocations of one tape-based SGD step (the `tape_sgd_step_2_10_1_b10_us` step), after warm-up.
    static func tapeAllocationsPerStep() -> BenchmarkRecord {
        var rng = Xoshiro256(seed: 1)
        let batch = Spirals(train: 10, validation: 0, seed: 1).train.all
        var model = MLP(sizes: [2, 10, 1], activation: .relu, output: .sigmoid, using: &rng)
        var optimizer = SGD(learningRate: 0.01)
        var context = ForwardContext(isTraining: true, seed: 1)
        func step() {
            let (_, gradient) = valueAndGradient(at: &model, context: &context) { model, context in
                meanSquaredError(predicted: model(batch.features, context: &context), expected: batch.targets)
            }
            optimizer.update(&model, along: gradient)
        }
        for _ in 0..<100 { step() }
        let steps = 1000
        let before = AllocationCounter.count
        for _ in 0..<steps { step() }
        let allocations = Double(AllocationCounter.count - before) / Double(steps)
        return BenchmarkRecord(
            name: "tape_allocations_per_step", value: allocations, unit: "allocations",
            referenceLabel: AllocationCounter.isAvailable ? "autograd tape step, 2-10-1 b10" : "counting unavailable")
    }

    /// The fused, preallocated step (``FusedMLPEngine`` under ``Trainer``) on the spirals workload (2-10-1
    /// ReLU/sigmoid, MSE, SGD 0.01, batch 10, 4000 points, no validation): µs per step and ms per epoch (the
    /// training steps of epochs 2–4, as the epoch loop times them), and heap allocations per step in the steady
    /// state: the difference between 4-epoch runs on 4000 and on 2000 points, over the 800 steps more, so that
    /// set-up and per-epoch bookkeeping (the same count in both runs) cancel; the least of three such pairs, since
    /// the counter is process-wide and another thread's stray allocation would otherwise land in one pair.
    static func fusedStep() throws -> [BenchmarkRecord] {
        let spirals = Spirals(train: 4000, validation: 1000, seed: 1234)
        func run(_ data: TensorDataset) throws -> (allocations: UInt64, history: TrainingHistory) {
            var rng = Xoshiro256(seed: 0)
            var model = MLP(sizes: [2, 10, 1], activation: .relu, output: .sigmoid, using: &rng)
            var optimizer = SGD(learningRate: 0.01)
            var trainer = Trainer(loss: .meanSquaredError, batchSize: 10, epochs: 4, metrics: [])
            trainer.recordStepLosses = false
            let start = AllocationCounter.count
            let history = try trainer.fit(&model, optimizer: &optimizer, on: data, using: &rng)
            return (AllocationCounter.count - start, history)
        }
        _ = try run(spirals.train)
        let firstHalf = spirals.train.subset(0..<2000)
        var perStep = Double.infinity
        var seconds = 0.0
        for _ in 0..<3 {
            let half = try run(firstHalf)
            let full = try run(spirals.train)
            perStep = Swift.min(perStep, (Double(full.allocations) - Double(half.allocations)) / 800)
            // The time of one run (the last), as before: a minimum would flatter the row.
            seconds = full.history.epochs.dropFirst().map(\.seconds).reduce(0, +)
        }
        return [
            BenchmarkRecord(
                name: "allocations_per_step", value: Swift.max(perStep, 0), unit: "allocations",
                reference: 0,
                referenceLabel: AllocationCounter.isAvailable
                    ? "fused step, steady state; target 0" : "counting unavailable"),
            BenchmarkRecord(
                name: "fused_sgd_step_2_10_1_b10_us", value: seconds / 1200 * 1e6, unit: "µs", reference: 500,
                referenceLabel: "PyTorch 500; target ≤ 5"),
            BenchmarkRecord(
                name: "fused_spirals_epoch_ms", value: seconds / 3 * 1e3, unit: "ms", reference: 239,
                referenceLabel: "PyTorch 239; target ≤ 3"),
        ]
    }

    /// A 100-configuration spirals study (10 learning rates × 10 seeds; 2-10-1 ReLU/sigmoid, MSE, SGD, batch 10,
    /// 10 epochs on 4000 points), trained one configuration after another with ``Trainer`` (no validation), and
    /// as one group the way `vernier tune` trains it (``FusedTrainingPlan/train(_:observed:threads:onEpoch:)``:
    /// each configuration a ``Trainer`` run validated on the 1000 validation points after its last epoch,
    /// scheduled over every core by ``TrainingGroup``).
    static func fusedGroupStudy() throws -> [BenchmarkRecord] {
        let spirals = Spirals(train: 4000, validation: 1000, seed: 1234)
        let data = DatasetSplits(
            train: spirals.train, validation: spirals.validation, test: spirals.validation.subset([Int]()))
        let recipes = (0..<100).map { index in
            TrainingRecipe(
                model: .mlp(sizes: [2, 10, 1], activation: .relu, output: .sigmoid, dropout: 0),
                loss: .meanSquaredError, optimizer: .sgd(learningRate: 0.002 * Float(index / 10 + 1)), batchSize: 10,
                epochs: 10, metrics: [], seed: UInt64(index % 10), data: data)
        }
        var clock = DispatchTime.now().uptimeNanoseconds
        for recipe in recipes {
            var rng = Xoshiro256(seed: recipe.seed)
            var model = MLP(sizes: [2, 10, 1], activation: .relu, output: .sigmoid, using: &rng)
            var optimizer = SGD(learningRate: recipe.optimizer.learningRate)
            var trainer = Trainer(loss: .meanSquaredError, batchSize: 10, epochs: 10, metrics: [])
            trainer.recordStepLosses = false
            _ = try trainer.fit(&model, optimizer: &optimizer, on: spirals.train, using: &rng)
        }
        let sequential = Double(DispatchTime.now().uptimeNanoseconds - clock) / 1e9
        let plans = recipes.compactMap { FusedTrainingPlan($0, metric: "val_loss") }
        precondition(plans.count == recipes.count, "fused_group_spirals: a configuration has no fused plan")
        clock = DispatchTime.now().uptimeNanoseconds
        let outcomes = FusedTrainingPlan.train(
            plans, observed: plans.map { _ in false }, threads: ProcessInfo.processInfo.activeProcessorCount)
        let fusedGroup = Double(DispatchTime.now().uptimeNanoseconds - clock) / 1e9
        precondition(outcomes.allSatisfy { $0.epochsTrained == 10 }, "fused_group_spirals: a run stopped early")
        return [
            BenchmarkRecord(
                name: "sequential_spirals_100_configs_s", value: sequential, unit: "s", reference: 239,
                referenceLabel: "PyTorch ≈ 239 (100 configs × 10 epochs × 239 ms)"),
            BenchmarkRecord(
                name: "fused_group_spirals_100_configs_s", value: fusedGroup, unit: "s", reference: 5,
                referenceLabel: "target ≤ 5"),
        ]
    }

    /// One SGD step (forward, MSE, backward, update) of the 2-10-1 ReLU/sigmoid model on a batch of 10.
    static func sgdStep() -> BenchmarkRecord {
        var rng = Xoshiro256(seed: 1)
        let batch = Spirals(train: 10, validation: 0, seed: 1).train.all
        var model = MLP(sizes: [2, 10, 1], activation: .relu, output: .sigmoid, using: &rng)
        var optimizer = SGD(learningRate: 0.01)
        var context = ForwardContext(isTraining: true, seed: 1)
        let seconds = TensorBenchmark.measure {
            let (_, gradient) = valueAndGradient(at: &model, context: &context) { model, context in
                meanSquaredError(predicted: model(batch.features, context: &context), expected: batch.targets)
            }
            optimizer.update(&model, along: gradient)
        }
        return BenchmarkRecord(
            name: "tape_sgd_step_2_10_1_b10_us", value: seconds * 1e6, unit: "µs", reference: 500,
            referenceLabel: "raw autograd tape, no Trainer; PyTorch 500")
    }

    /// The median epoch time over 5 epochs of one spirals configuration (4000 points, batch 10: 400 steps).
    static func spiralsEpoch(
        name: String, sizes: [Int], activation: Activation, output: Activation?, loss: Loss, adam: Bool,
        peer: Double, target: Double
    ) throws -> BenchmarkRecord {
        let spirals = Spirals(train: 4000, validation: 1000, seed: 1234)
        var rng = Xoshiro256(seed: 0)
        var model = MLP(sizes: sizes, activation: activation, output: output, using: &rng)
        var trainer = Trainer(loss: loss, batchSize: 10, epochs: 6, metrics: [.accuracy])
        trainer.recordStepLosses = false
        let history: TrainingHistory
        if adam {
            var optimizer = Adam(learningRate: 0.01)
            history = try trainer.fit(&model, optimizer: &optimizer, on: spirals.train, using: &rng)
        } else {
            var optimizer = SGD(learningRate: 0.01)
            history = try trainer.fit(&model, optimizer: &optimizer, on: spirals.train, using: &rng)
        }
        // The first epoch warms caches and allocator pools up; the median of the rest is reported.
        let seconds = history.epochs.dropFirst().map(\.seconds).sorted()
        return BenchmarkRecord(
            name: name, value: seconds[seconds.count / 2] * 1e3, unit: "ms", reference: peer,
            referenceLabel: "PyTorch \(Int(peer)); target ≤ \(Int(target))")
    }

    /// 2000 full-batch Adam steps of the 1-100-1 ReLU regressor on the 80 cubic points.
    static func cubic() throws -> BenchmarkRecord {
        let cubic = Cubic(count: 80, seed: 42)
        var times: [Double] = []
        for round in 0..<3 {
            var rng = Xoshiro256(seed: UInt64(round))
            var model = MLP(sizes: [1, 100, 1], activation: .relu, using: &rng)
            var optimizer = Adam(learningRate: 0.01)
            var trainer = Trainer(loss: .meanSquaredError, batchSize: 80, epochs: 2000, metrics: [])
            trainer.shuffle = false
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try trainer.fit(&model, optimizer: &optimizer, on: cubic.train, using: &rng)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        return BenchmarkRecord(
            name: "cubic_2000_steps_ms", value: times.sorted()[1], unit: "ms", reference: 1820,
            referenceLabel: "PyTorch 1820; target ≤ 20")
    }

    /// The iris grid: learning rate {0.01, 0.001} × batch {16, 32} × epochs {50, 100}, 4-16-3 ReLU, Adam,
    /// cross-entropy, each trained from scratch and scored on the test split (3600 steps in all).
    static func irisGrid() throws -> BenchmarkRecord {
        let iris = try Iris()
        var times: [Double] = []
        for round in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            for learningRate: Float in [0.01, 0.001] {
                for batchSize in [16, 32] {
                    for epochs in [50, 100] {
                        var rng = Xoshiro256(seed: UInt64(round))
                        var model = MLP(sizes: [4, 16, 3], activation: .relu, using: &rng)
                        var optimizer = Adam(learningRate: learningRate)
                        let trainer = Trainer(loss: .crossEntropy, batchSize: batchSize, epochs: epochs, metrics: [])
                        _ = try trainer.fit(&model, optimizer: &optimizer, on: iris.train, using: &rng)
                        _ = evaluate(model, on: iris.test, loss: .crossEntropy, metrics: [.accuracy])
                    }
                }
            }
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        return BenchmarkRecord(
            name: "iris_grid_8_ms", value: times.sorted()[1], unit: "ms", reference: 4310,
            referenceLabel: "PyTorch 4310; target ≤ 50")
    }

    /// One epoch of the 784-200-100-50-10 MLP (Adam 1e-3, batch 64) on 50,000 Fashion-MNIST images; with `full`,
    /// 10 epochs and the test accuracy. Skipped (with a note) when the data set is not installed.
    static func fashion(full: Bool) throws -> [BenchmarkRecord] {
        let fashion: MNIST
        do {
            fashion = try MNIST.fashion()
        } catch {
            print("  (fashion_mlp_* skipped: \(error))")
            return []
        }
        var rng = Xoshiro256(seed: 0)
        var model = MLP(sizes: [784, 200, 100, 50, 10], activation: .relu, using: &rng)
        var optimizer = Adam(learningRate: 1e-3)
        var trainer = Trainer(loss: .crossEntropy, batchSize: 64, epochs: full ? 10 : 4, metrics: [.accuracy])
        trainer.recordStepLosses = false
        let history = try trainer.fit(&model, optimizer: &optimizer, on: fashion.train, using: &rng)
        let seconds = history.epochs.dropFirst().map(\.seconds).sorted()
        var records = [
            BenchmarkRecord(
                name: "fashion_mlp_epoch_s", value: seconds[seconds.count / 2], unit: "s", reference: 1.50,
                referenceLabel: "PyTorch 1.50 (fused Adam); target ≤ 0.75")
        ]
        if full {
            let test = evaluate(model, on: fashion.test, loss: .crossEntropy, metrics: [.accuracy])
            records.append(
                BenchmarkRecord(
                    name: "fashion_mlp_test_accuracy_10ep", value: test.metrics["accuracy"] ?? 0, unit: "fraction",
                    reference: 0.879, referenceLabel: "PyTorch 0.879; target ≥ 0.875"))
        }
        return records
    }
}
