import Foundation
import VernierData
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierTensor
import VernierTraining

/// Reads the allocation counter at chosen steps of a training run (a step callback, so the reading sees
/// everything `Trainer.fit` does between two steps: loader, step, metrics, history, callbacks).
final class AllocationProbe: TrainingCallback {
    /// `(epoch, step)` → the allocation count after that step.
    private(set) var readings: [Int: UInt64] = [:]
    private let marks: Set<Int>

    /// Probes after the given `(epoch, step)` pairs.
    init(marks: [(epoch: Int, step: Int)]) {
        self.marks = Set(marks.map { $0.epoch * 1_000_000 + $0.step })
        readings.reserveCapacity(marks.count * 2)
    }

    var wantsStepEvents: Bool { true }

    func stepDidEnd(epoch: Int, step: Int, loss: Float) {
        let key = epoch * 1_000_000 + step
        if marks.contains(key) { readings[key] = AllocationCounter.count }
    }

    /// The count read after `(epoch, step)`.
    func reading(epoch: Int, step: Int) -> Double { Double(readings[epoch * 1_000_000 + step] ?? 0) }
}

extension TrainingBenchmark {
    /// The spirals workshop run (2-10-1 ReLU/sigmoid, MSE, SGD 0.01, batch 10, 4000 points, accuracy metric,
    /// 1000 validation points) through `Trainer.fit`, on the fused step (the default) and on the autograd tape
    /// (`usesFusedStep = false`): heap allocations per step in the steady state (steps 50 → 350 of epoch 2), per
    /// epoch of bookkeeping and validation (epoch 2 step 350 → epoch 3 step 50, minus 100 steps), and µs per step
    /// (median epoch / 400).
    static func trainerPath() throws -> [BenchmarkRecord] {
        let spirals = Spirals(train: 4000, validation: 1000, seed: 1234)
        var records: [BenchmarkRecord] = []
        for fused in [true, false] {
            let probe = AllocationProbe(marks: [(2, 50), (2, 350), (3, 50)])
            var rng = Xoshiro256(seed: 0)
            var model = MLP(sizes: [2, 10, 1], activation: .relu, output: .sigmoid, using: &rng)
            var optimizer = SGD(learningRate: 0.01)
            var trainer = Trainer(
                loss: .meanSquaredError, batchSize: 10, epochs: 6, metrics: [.accuracy], callbacks: [probe])
            trainer.usesFusedStep = fused
            let history = try trainer.fit(
                &model, optimizer: &optimizer, on: spirals.train, validation: spirals.validation, using: &rng)
            let perStep = (probe.reading(epoch: 2, step: 350) - probe.reading(epoch: 2, step: 50)) / 300
            let perEpoch = probe.reading(epoch: 3, step: 50) - probe.reading(epoch: 2, step: 350) - 100 * perStep
            let seconds = history.epochs.dropFirst().map(\.seconds).sorted()
            let prefix = fused ? "trainer" : "tape_trainer"
            let label = AllocationCounter.isAvailable ? nil : "counting unavailable"
            records += [
                BenchmarkRecord(
                    name: "\(prefix)_allocations_per_step", value: Swift.max(perStep, 0), unit: "allocations",
                    reference: fused ? 0 : nil,
                    referenceLabel: label ?? (fused ? "Trainer.fit, fused step; target 0" : "Trainer.fit on the tape")),
                BenchmarkRecord(
                    name: "\(prefix)_allocations_per_epoch", value: Swift.max(perEpoch, 0), unit: "allocations",
                    referenceLabel: label ?? "epoch bookkeeping + validation of 1000 points"),
                BenchmarkRecord(
                    // The issue's `sgd_step_2_10_1_b10_us` is a training step as `Trainer.fit` runs it.
                    name: fused ? "sgd_step_2_10_1_b10_us" : "tape_trainer_sgd_step_2_10_1_b10_us",
                    value: seconds[seconds.count / 2] / 400 * 1e6,
                    unit: "µs", reference: 500, referenceLabel: "PyTorch 500; target ≤ 5"),
            ]
        }
        return records
    }
}
