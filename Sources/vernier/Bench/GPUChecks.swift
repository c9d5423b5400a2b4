import Foundation
import VernierCUDA
import VernierData
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierTensor
import VernierTraining

/// Correctness checks run by `vernier bench gpu` before its timings, so that a release binary carried to a GPU
/// machine (where there is no Swift toolchain to run the test suite) verifies the backend: GEMM in the four
/// transpose combinations against the CPU, and ``CUDAMLPTrainer`` against the CPU ``Trainer`` (iris, same seed).
/// Each check is a figure (an error or a difference; all should be below 1e-4) and prints PASS or FAIL.
enum GPUChecks {
    /// The largest error a check accepts.
    static let tolerance = 1e-4

    static func run(device: CUDADevice) throws -> [BenchmarkRecord] {
        var records: [BenchmarkRecord] = []
        records.append(try gemm(device: device))
        records += try trainer(device: device)
        for record in records {
            print(
                "  check \(record.name): \(record.value) \(record.value < tolerance ? "PASS" : "FAIL") (< \(tolerance))"
            )
        }
        return records
    }

    /// The largest absolute difference between ``CUDADevice/gemm`` and the CPU `matmul` over the four transpose
    /// combinations of a 37×23×51 product (with buffer offsets).
    static func gemm(device: CUDADevice) throws -> BenchmarkRecord {
        let (m, n, k) = (37, 23, 51)
        var rng = Xoshiro256(seed: 3)
        var largest = 0.0
        for (transposeA, transposeB) in [(false, false), (true, false), (false, true), (true, true)] {
            let a = Tensor.randomUniform(shape: transposeA ? [k, m] : [m, k], in: -1...1, using: &rng)
            let b = Tensor.randomUniform(shape: transposeB ? [n, k] : [k, n], in: -1...1, using: &rng)
            let expected = matmul(a, b, transposeA: transposeA, transposeB: transposeB)
            let aBuffer = try device.allocate(count: 5 + a.count)
            try aBuffer.upload(a.scalars, offset: 5)
            let bBuffer = try device.upload(b)
            let cBuffer = try device.allocate(count: 3 + m * n)
            try device.gemm(
                transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: aBuffer, aOffset: 5, b: bBuffer,
                c: cBuffer, cOffset: 3)
            for (got, want) in zip(try cBuffer.download(offset: 3), expected.scalars) {
                largest = Swift.max(largest, Double(abs(got - want)))
            }
        }
        return BenchmarkRecord(
            name: "cuda_check_gemm_max_abs_error", value: largest, unit: "abs", reference: tolerance,
            referenceLabel: "vs CPU matmul, 4 transpose combinations; must be < 1e-4")
    }

    /// Five epochs of a 4-16-16-3 ReLU MLP (Adam 0.01, batch 16) on iris, on the GPU and with the CPU `Trainer`
    /// from the same seed: the largest difference of the step losses and of the final parameters.
    static func trainer(device: CUDADevice) throws -> [BenchmarkRecord] {
        let iris = try Iris()
        let sizes = [4, 16, 16, 3]
        let (batchSize, epochs, learningRate): (Int, Int, Float) = (16, 5, 0.01)
        var cpuGenerator = Xoshiro256(seed: 11)
        var cpuModel = MLP(sizes: sizes, activation: .relu, using: &cpuGenerator)
        var optimizer = Adam(learningRate: learningRate)
        var cpuTrainer = Trainer(loss: .crossEntropy, batchSize: batchSize, epochs: epochs, metrics: [])
        cpuTrainer.recordStepLosses = true
        let history = try cpuTrainer.fit(&cpuModel, optimizer: &optimizer, on: iris.train, using: &cpuGenerator)

        var generator = Xoshiro256(seed: 11)
        let model = MLP(sizes: sizes, activation: .relu, using: &generator)
        var loader = DataLoader(iris.train, batchSize: batchSize, shuffle: true, using: &generator)
        let trainer = try CUDAMLPTrainer(
            device: device, sizes: sizes, parameters: model.parameters.flatMap(\.scalars), batchSize: batchSize,
            optimizer: .adam(learningRate: learningRate))
        try trainer.setTrainingData(features: iris.train.features, labels: iris.train.targets)
        var stepLosses: [Float] = []
        for _ in 0..<epochs {
            _ = loader.epoch()
            stepLosses += try trainer.trainEpoch(order: loader.currentOrder).stepLosses
        }
        var lossDifference =
            stepLosses.count == history.stepLosses.count ? 0.0 : Double.infinity
        for (gpu, cpu) in zip(stepLosses, history.stepLosses) {
            lossDifference = Swift.max(lossDifference, Double(abs(gpu - cpu)))
        }
        let expected = cpuModel.parameters.flatMap(\.scalars)
        let trained = try trainer.currentParameters()
        var parameterDifference = trained.count == expected.count ? 0.0 : Double.infinity
        for (gpu, cpu) in zip(trained, expected) {
            parameterDifference = Swift.max(parameterDifference, Double(abs(gpu - cpu)))
        }
        return [
            BenchmarkRecord(
                name: "cuda_check_iris_step_loss_max_diff", value: lossDifference, unit: "abs", reference: tolerance,
                referenceLabel: "CUDA vs CPU Trainer, 5 epochs; must be < 1e-4"),
            BenchmarkRecord(
                name: "cuda_check_iris_parameter_max_diff", value: parameterDifference, unit: "abs",
                reference: tolerance, referenceLabel: "CUDA vs CPU Trainer, 5 epochs; must be < 1e-4"),
        ]
    }
}
