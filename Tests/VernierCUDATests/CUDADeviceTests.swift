import Foundation
import Testing
import VernierCUDA
import VernierData
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierTensor
import VernierTraining

/// GPU tests: run only where `CUDA.isAvailable` (a driver, cuBLAS, NVRTC and a device); elsewhere they are
/// skipped with the reason.
@Suite(.serialized, .enabled(if: CUDA.isAvailable, "no CUDA device: \(CUDA.unavailableReason ?? "")"))
struct CUDADeviceTests {
    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func gemmMatchesTheCPU(transposeA: Bool, transposeB: Bool) throws {
        let device = try CUDA.device()
        let (m, n, k) = (37, 23, 51)
        var rng = Xoshiro256(seed: 3)
        let a = Tensor.randomUniform(shape: transposeA ? [k, m] : [m, k], in: -1...1, using: &rng)
        let b = Tensor.randomUniform(shape: transposeB ? [n, k] : [k, n], in: -1...1, using: &rng)
        let expected = matmul(transposeA ? a.transposed() : a, transposeB ? b.transposed() : b)
        // Offsets check the address arithmetic as well.
        let aBuffer = try device.allocate(count: 5 + a.count)
        try aBuffer.upload(a.scalars, offset: 5)
        let bBuffer = try device.upload(b)
        let cBuffer = try device.allocate(count: 3 + m * n)
        try device.gemm(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: aBuffer, aOffset: 5, b: bBuffer,
            c: cBuffer, cOffset: 3)
        let result = try cBuffer.download(offset: 3)
        for (got, want) in zip(result, expected.scalars) { #expect(abs(got - want) < 1e-4) }
    }

    @Test func fillAndDownloadRoundTrip() throws {
        let device = try CUDA.device()
        let buffer = try device.upload([1, 2, 3, 4, 5])
        try device.fill(buffer, offset: 1, count: 3, value: -2)
        #expect(try buffer.download() == [1, -2, -2, -2, 5])
    }

    @Test func trainerRejectsBadLabels() throws {
        let trainer = try CUDAMLPTrainer(
            device: CUDA.device(), sizes: [2, 3], parameters: [Float](repeating: 0, count: 9), batchSize: 2,
            optimizer: .adam(learningRate: 0.1))
        #expect(throws: CUDAError.self) {
            try trainer.setTrainingData(features: Tensor.zeros([2, 2]), labels: Tensor([0, 3]))
        }
    }

    /// The CUDA trainer against the CPU `Trainer` with the same seed: same initial weights, same batches, Adam;
    /// epoch losses and final weights agree to float tolerance.
    @Test func agreesWithTheCPUTrainer() throws {
        let iris = try Iris()
        let sizes = [4, 16, 16, 3]
        let (batchSize, epochs, learningRate): (Int, Int, Float) = (16, 5, 0.01)

        var cpuGenerator = Xoshiro256(seed: 11)
        var cpuModel = MLP(sizes: sizes, activation: .relu, using: &cpuGenerator)
        var optimizer = Adam(learningRate: learningRate)
        var cpuTrainer = Trainer(loss: .crossEntropy, batchSize: batchSize, epochs: epochs, metrics: [.accuracy])
        cpuTrainer.recordStepLosses = true
        let history = try cpuTrainer.fit(&cpuModel, optimizer: &optimizer, on: iris.train, using: &cpuGenerator)

        var generator = Xoshiro256(seed: 11)
        var model = MLP(sizes: sizes, activation: .relu, using: &generator)
        var loader = DataLoader(iris.train, batchSize: batchSize, shuffle: true, using: &generator)
        var initial: [Float] = []
        model.updateParameters { initial += $0.scalars }
        let trainer = try CUDAMLPTrainer(
            device: CUDA.device(), sizes: sizes, parameters: initial, batchSize: batchSize,
            optimizer: .adam(learningRate: learningRate))
        try trainer.setTrainingData(features: iris.train.features, labels: iris.train.targets)
        var stepLosses: [Float] = []
        for epoch in 0..<epochs {
            _ = loader.epoch()
            let result = try trainer.trainEpoch(order: loader.currentOrder)
            stepLosses += result.stepLosses
            #expect(abs(result.meanLoss - history.epochs[epoch].trainLoss) < 1e-4, "epoch \(epoch + 1)")
            #expect(abs(result.accuracy - (history.epochs[epoch].trainMetrics["accuracy"] ?? -1)) < 0.02)
        }
        #expect(stepLosses.count == history.stepLosses.count)
        for (gpu, cpu) in zip(stepLosses, history.stepLosses) { #expect(abs(gpu - cpu) < 1e-4) }
        var expected: [Float] = []
        cpuModel.updateParameters { expected += $0.scalars }
        let trained = try trainer.currentParameters()
        #expect(trained.count == expected.count)
        let largest = zip(trained, expected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(largest < 1e-4, "largest parameter difference \(largest)")
    }
}
