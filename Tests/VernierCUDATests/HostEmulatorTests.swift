import Foundation
import Testing
import VernierData
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierTensor
import VernierTraining

@testable import VernierCUDA

/// The device code path on the host emulator (no GPU needed): ``CUDADevice/gemm`` and ``CUDAMLPTrainer`` run
/// through the same buffers, argument packing, GEMM plans and kernel sequence as on a GPU, with the kernels
/// emulated by Swift loops that mirror the CUDA C and with the packed arguments checked against the C
/// signatures. Agreement with the CPU `Trainer` here checks the algorithm and the plumbing; only the CUDA C
/// compilation and execution themselves are left to the GPU tests.
@Suite struct HostEmulatorTests {
    @Test func kernelSignaturesAreParsedFromTheSource() {
        #expect(CUDAKernelSource.parameters(of: .fill).map(\.type) == ["float*", "float", "int"])
        let crossEntropy = CUDAKernelSource.parameters(of: .softmaxCrossEntropy)
        #expect(
            crossEntropy.map(\.name) == [
                "logits", "labels", "order", "start", "rows", "classes", "delta", "loss", "correct",
            ])
        #expect(crossEntropy.last?.type == "unsigned int*")
        #expect(CUDAKernelSource.parameters(of: .adam).count == 11)
        for kernel in CUDAKernelSource.Kernel.allCases { #expect(!CUDAKernelSource.parameters(of: kernel).isEmpty) }
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func gemmMatchesTheCPU(transposeA: Bool, transposeB: Bool) throws {
        let device = CUDADevice.hostEmulator()
        let (m, n, k) = (7, 5, 6)
        var rng = Xoshiro256(seed: 3)
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
        let result = try cBuffer.download(offset: 3)
        for (got, want) in zip(result, expected.scalars) { #expect(abs(got - want) < 1e-5) }
    }

    @Test func wrongArgumentCountIsCaught() throws {
        let device = CUDADevice.hostEmulator()
        let buffer = try device.allocate(count: 4)
        var arguments = KernelArguments()
        arguments.append(buffer.address())
        arguments.append(Float(1))
        #expect(throws: CUDAError.invalidArgument("vernier_fill takes 3 parameters, 2 were packed")) {
            try device.launch(.fill, count: 4, arguments)
        }
        var outside = KernelArguments()
        outside.append(UInt64(16))
        outside.append(Float(1))
        outside.append(Int32(4))
        #expect(throws: CUDAError.self) { try device.launch(.fill, count: 4, outside) }
    }

    @Test func buffersAreFreedWithTheirLastReference() throws {
        let device = CUDADevice.hostEmulator()
        let backend = try #require(device.backend as? HostEmulatorBackend)
        do {
            let first = try device.upload([1, 2, 3])
            let second = try device.allocate(count: 10)
            try device.fill(second, value: 2)
            #expect(try second.download(offset: 8) == [2, 2])
            #expect(try first.download() == [1, 2, 3])
            #expect(backend.liveAllocations == 2)
        }
        #expect(backend.liveAllocations == 0)
    }

    /// The CUDA trainer's step sequence (on the emulator) against the CPU `Trainer` from the same seed.
    @Test(arguments: [(16, Float(0.01), Float(0)), (32, Float(0.005), Float(0.01))])
    func trainerAgreesWithTheCPUTrainer(batchSize: Int, learningRate: Float, weightDecay: Float) throws {
        let iris = try Iris()
        let sizes = [4, 16, 16, 3]
        let epochs = 4
        var cpuGenerator = Xoshiro256(seed: 11)
        var cpuModel = MLP(sizes: sizes, activation: .relu, using: &cpuGenerator)
        var optimizer = Adam(learningRate: learningRate, weightDecay: weightDecay)
        var cpuTrainer = Trainer(loss: .crossEntropy, batchSize: batchSize, epochs: epochs, metrics: [.accuracy])
        cpuTrainer.recordStepLosses = true
        let history = try cpuTrainer.fit(&cpuModel, optimizer: &optimizer, on: iris.train, using: &cpuGenerator)

        var generator = Xoshiro256(seed: 11)
        var model = MLP(sizes: sizes, activation: .relu, using: &generator)
        var loader = DataLoader(iris.train, batchSize: batchSize, shuffle: true, using: &generator)
        var initial: [Float] = []
        model.updateParameters { initial += $0.scalars }
        let trainer = try CUDAMLPTrainer(
            device: CUDADevice.hostEmulator(), sizes: sizes, parameters: initial, batchSize: batchSize,
            optimizer: .adam(learningRate: learningRate, weightDecay: weightDecay))
        try trainer.setTrainingData(features: iris.train.features, labels: iris.train.targets)
        var stepLosses: [Float] = []
        for epoch in 0..<epochs {
            _ = loader.epoch()
            let result = try trainer.trainEpoch(order: loader.currentOrder)
            stepLosses += result.stepLosses
            #expect(abs(result.meanLoss - history.epochs[epoch].trainLoss) < 1e-5, "epoch \(epoch + 1)")
            #expect(abs(result.accuracy - (history.epochs[epoch].trainMetrics["accuracy"] ?? -1)) < 1e-9)
        }
        #expect(trainer.step == history.stepLosses.count)
        #expect(stepLosses.count == history.stepLosses.count)
        for (emulated, cpu) in zip(stepLosses, history.stepLosses) { #expect(abs(emulated - cpu) < 1e-5) }
        var expected: [Float] = []
        cpuModel.updateParameters { expected += $0.scalars }
        let trained = try trainer.currentParameters()
        let largest = zip(trained, expected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(trained.count == expected.count)
        #expect(largest < 1e-5, "largest parameter difference \(largest)")
    }

    @Test func trainerRejectsBadInput() throws {
        let device = CUDADevice.hostEmulator()
        #expect(throws: CUDAError.self) {
            _ = try CUDAMLPTrainer(
                device: device, sizes: [2, 3], parameters: [0], batchSize: 2, optimizer: .adam(learningRate: 0.1))
        }
        let trainer = try CUDAMLPTrainer(
            device: device, sizes: [2, 3], parameters: [Float](repeating: 0, count: 9), batchSize: 2,
            optimizer: .adam(learningRate: 0.1))
        #expect(throws: CUDAError.invalidArgument("trainEpoch before setTrainingData")) {
            _ = try trainer.trainEpoch(order: [0, 1])
        }
        #expect(throws: CUDAError.invalidArgument("label 3.0 of sample 1 is not a class index in 0..<3")) {
            try trainer.setTrainingData(features: Tensor.zeros([2, 2]), labels: Tensor([0, 3]))
        }
        try trainer.setTrainingData(features: Tensor.zeros([2, 2]), labels: Tensor([0, 2]))
        #expect(throws: CUDAError.invalidArgument("order[1] = 5 is not a sample index in 0..<2")) {
            _ = try trainer.trainEpoch(order: [0, 5])
        }
    }
}

/// ``CUDAEngine`` under `Trainer`'s epoch loop, on the emulator, against the CPU run of the same recipe.
@Suite struct CUDAEngineTests {
    static func recipe(
        activation: Activation = .relu, loss: Loss = .crossEntropy,
        optimizer: OptimizerSettings = .adam(learningRate: 0.01)
    ) throws -> TrainingRecipe {
        let iris = try Iris()
        return TrainingRecipe(
            model: .mlp(sizes: [4, 16, 3], activation: activation, output: nil, dropout: 0), loss: loss,
            optimizer: optimizer, batchSize: 16, epochs: 3, metrics: [.accuracy], seed: 4,
            data: DatasetSplits(train: iris.train, validation: iris.test, test: iris.test))
    }

    @Test func theEngineRunsUnderTheTrainerLikeTheCPU() throws {
        let recipe = try Self.recipe()
        let (cpuModel, cpu) = try recipe.train(callbacks: [])
        var onDevice = recipe
        onDevice.device = .accelerator(CUDADevice.hostEmulator())
        let (trained, history) = try onDevice.train(callbacks: [])
        let model = try #require(trained as? MLP)
        #expect(history.epochs.count == 3)
        #expect(history.stepLosses.count == cpu.stepLosses.count)
        for (a, b) in zip(history.epochs, cpu.epochs) {
            #expect(abs(a.trainLoss - b.trainLoss) < 1e-5)
            #expect(abs((a.validationLoss ?? .nan) - (b.validationLoss ?? .nan)) < 1e-5)
            #expect(abs((a.trainMetrics["accuracy"] ?? -1) - (b.trainMetrics["accuracy"] ?? -2)) < 1e-9)
        }
        let largest =
            zip(model.parameters.flatMap(\.scalars), cpuModel.parameters.flatMap(\.scalars))
            .map { abs($0 - $1) }.max() ?? .infinity
        #expect(largest < 1e-5)
    }

    /// The recipe's device refuses what the engine does not implement, before anything trains (no callback runs).
    @Test func aRecipeOnTheDeviceIsRefusedWithEveryUnsupportedPart() throws {
        var recipe = try Self.recipe(activation: .tanh)
        recipe.device = .accelerator(CUDADevice.hostEmulator())
        let began = EpochCounter()
        #expect(throws: CUDAUnsupported(reasons: [.activation(.tanh)])) { try recipe.train(callbacks: [began]) }
        #expect(began.began == 0)
        #expect(recipe.device.unsupported(recipe) as? CUDAUnsupported == CUDAUnsupported(reasons: [.activation(.tanh)]))
        recipe.device = .cpu
        #expect(recipe.device.unsupported(recipe) == nil)
    }

    @Test func supportListsEveryUnsupportedPart() throws {
        #expect(throws: Never.self) { try CUDAEngine.support(try Self.recipe()).get() }
        let recipe = try Self.recipe(activation: .tanh, loss: .meanSquaredError, optimizer: .sgd(learningRate: 0.1))
        let unsupported = CUDAUnsupported(reasons: [.activation(.tanh), .loss(.meanSquaredError), .optimizer(.sgd)])
        #expect(throws: unsupported) { try CUDAEngine.support(recipe).get() }
        #expect(
            unsupported.description
                == "--device cuda trains MLPs with ReLU, cross-entropy and Adam; unsupported here: activation tanh "
                + "(needs relu), loss mse (needs cross-entropy), optimizer sgd (needs adam) (use --device cpu)")
    }
}

/// Counts `trainingWillBegin` calls.
final class EpochCounter: TrainingCallback, @unchecked Sendable {
    var began = 0
    func trainingWillBegin(epochs: Int, stepsPerEpoch: Int, samplesPerEpoch: Int) { began += 1 }
}
