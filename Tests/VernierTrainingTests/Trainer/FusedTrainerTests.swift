import Foundation
import Testing
import VernierData
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierTensor
import VernierTraining

/// The fused, allocation-free step of `Trainer` against the autograd tape path (`usesFusedStep = false`).
@Suite struct FusedTrainerTests {
    let spirals = Spirals(train: 200, validation: 50, seed: 3)

    /// A 3-class problem: the class is which of three centres a 4-feature point is nearest to.
    static func threeClasses(count: Int, seed: UInt64) -> TensorDataset {
        var rng = Xoshiro256(seed: seed)
        var features: [Float] = []
        var labels: [Float] = []
        for index in 0..<count {
            let label = index % 3
            for feature in 0..<4 {
                let centre: Float = feature == label ? 2 : 0
                features.append(centre + Float.random(in: -1...1, using: &rng))
            }
            labels.append(Float(label))
        }
        return TensorDataset(features: Tensor(shape: [count, 4], scalars: features), targets: Tensor(labels))
    }

    struct Run {
        var history: TrainingHistory
        var weights: [Float]
        var next: UInt64
    }

    func run<Opt: Optimizer>(
        fused: Bool, sizes: [Int], activation: Activation, output: Activation?, loss: Loss, optimizer: Opt,
        data: TensorDataset, validation: TensorDataset? = nil, epochs: Int = 3, batchSize: Int = 10,
        metrics: [Metric] = [.accuracy]
    ) throws -> Run {
        var rng = Xoshiro256(seed: 11)
        var model = MLP(sizes: sizes, activation: activation, output: output, using: &rng)
        var optimizer = optimizer
        var trainer = Trainer(loss: loss, batchSize: batchSize, epochs: epochs, metrics: metrics)
        trainer.usesFusedStep = fused
        let history = try trainer.fit(&model, optimizer: &optimizer, on: data, validation: validation, using: &rng)
        return Run(history: history, weights: model.parameters.flatMap(\.scalars), next: rng.next())
    }

    func expectAgreement(_ fused: Run, _ tape: Run, tolerance: Float = 1e-4) {
        let difference = zip(fused.weights, tape.weights).map { Swift.abs($0 - $1) }.max() ?? 0
        #expect(fused.weights.count == tape.weights.count)
        #expect(difference <= tolerance, "largest weight difference \(difference)")
        #expect(fused.next == tape.next, "both paths draw the same numbers from the generator")
        #expect(fused.history.stepLosses.count == tape.history.stepLosses.count)
        #expect(fused.history.epochs.count == tape.history.epochs.count)
        for (a, b) in zip(fused.history.epochs, tape.history.epochs) {
            #expect(Swift.abs(a.trainLoss - b.trainLoss) <= 1e-4 * Swift.max(1, Swift.abs(b.trainLoss)))
            #expect(a.trainMetrics.keys.sorted() == b.trainMetrics.keys.sorted())
            for (key, value) in b.trainMetrics { #expect(Swift.abs((a.trainMetrics[key] ?? -1) - value) <= 0.02) }
            if let validation = b.validationLoss {
                #expect(
                    Swift.abs((a.validationLoss ?? .nan) - validation) <= 1e-4 * Swift.max(1, Swift.abs(validation)))
            }
        }
    }

    @Test func sgdMomentumMSESigmoidAgreesWithTape() throws {
        let optimizer = SGD(learningRate: 0.05, momentum: 0.9, nesterov: true, weightDecay: 1e-3)
        let arguments = (sizes: [2, 10, 1], activation: Activation.relu, output: Activation.sigmoid)
        let fused = try run(
            fused: true, sizes: arguments.sizes, activation: arguments.activation, output: arguments.output,
            loss: .meanSquaredError, optimizer: optimizer, data: spirals.train, validation: spirals.validation)
        let tape = try run(
            fused: false, sizes: arguments.sizes, activation: arguments.activation, output: arguments.output,
            loss: .meanSquaredError, optimizer: optimizer, data: spirals.train, validation: spirals.validation)
        expectAgreement(fused, tape)
    }

    @Test func adamBCELogitsTanhAgreesWithTape() throws {
        let optimizer = Adam(learningRate: 0.01, weightDecay: 1e-4)
        let fused = try run(
            fused: true, sizes: [2, 16, 16, 1], activation: .tanh, output: nil, loss: .binaryCrossEntropyWithLogits,
            optimizer: optimizer, data: spirals.train, validation: spirals.validation)
        let tape = try run(
            fused: false, sizes: [2, 16, 16, 1], activation: .tanh, output: nil, loss: .binaryCrossEntropyWithLogits,
            optimizer: optimizer, data: spirals.train, validation: spirals.validation)
        expectAgreement(fused, tape)
    }

    @Test func crossEntropyWithRMSPropAndAdamWAgreesWithTape() throws {
        let data = Self.threeClasses(count: 90, seed: 5)
        let rmsprop = RMSProp(learningRate: 0.01, momentum: 0.5, centered: true, weightDecay: 1e-3)
        expectAgreement(
            try run(
                fused: true, sizes: [4, 16, 3], activation: .relu, output: nil, loss: .crossEntropy,
                optimizer: rmsprop, data: data, batchSize: 16),
            try run(
                fused: false, sizes: [4, 16, 3], activation: .relu, output: nil, loss: .crossEntropy,
                optimizer: rmsprop, data: data, batchSize: 16))
        let adamW = AdamW(learningRate: 0.01, weightDecay: 0.05)
        expectAgreement(
            try run(
                fused: true, sizes: [4, 8, 8, 3], activation: .sigmoid, output: nil, loss: .crossEntropy,
                optimizer: adamW, data: data, batchSize: 32),
            try run(
                fused: false, sizes: [4, 8, 8, 3], activation: .sigmoid, output: nil, loss: .crossEntropy,
                optimizer: adamW, data: data, batchSize: 32))
    }

    @Test func fusedTrainingLearnsThreeClasses() throws {
        let data = Self.threeClasses(count: 300, seed: 8)
        let result = try run(
            fused: true, sizes: [4, 16, 3], activation: .relu, output: nil, loss: .crossEntropy,
            optimizer: Adam(learningRate: 0.01), data: data, epochs: 20, batchSize: 16)
        let accuracy = result.history.epochs.last?.trainMetrics["accuracy"] ?? 0
        #expect(accuracy >= 0.9, "train accuracy \(accuracy)")
    }

    /// The optimizer state lives in the optimizer on both paths: 2 fused epochs then 1 tape epoch with the same
    /// optimizer equals 3 tape epochs.
    @Test func optimizerStateCarriesAcrossPaths() throws {
        var rngA = Xoshiro256(seed: 2)
        var modelA = MLP(sizes: [2, 8, 1], activation: .relu, output: .sigmoid, using: &rngA)
        var rngB = rngA
        var modelB = modelA
        var adamA = Adam(learningRate: 0.01)
        var adamB = Adam(learningRate: 0.01)
        var trainer = Trainer(loss: .meanSquaredError, batchSize: 10, epochs: 2, metrics: [])
        let data = spirals.train
        _ = try trainer.fit(&modelA, optimizer: &adamA, on: data, using: &rngA)
        #expect(adamA.step == 40)
        trainer.epochs = 1
        trainer.usesFusedStep = false
        _ = try trainer.fit(&modelA, optimizer: &adamA, on: data, using: &rngA)
        trainer.epochs = 2
        _ = try trainer.fit(&modelB, optimizer: &adamB, on: data, using: &rngB)
        trainer.epochs = 1
        _ = try trainer.fit(&modelB, optimizer: &adamB, on: data, using: &rngB)
        #expect(adamA.step == adamB.step)
        let a = modelA.parameters.flatMap(\.scalars)
        let b = modelB.parameters.flatMap(\.scalars)
        #expect((zip(a, b).map { Swift.abs($0 - $1) }.max() ?? 1) <= 1e-4)
    }

    @Test func nonFiniteLossStopsTheFusedRunWithItsPosition() throws {
        var rng = Xoshiro256(seed: 1)
        var model = MLP(sizes: [2, 10, 1], activation: .relu, using: &rng)
        var optimizer = SGD(learningRate: 1e12)
        let trainer = Trainer(loss: .meanSquaredError, batchSize: 10, epochs: 3, metrics: [])
        #expect(throws: TrainingError.self) {
            _ = try trainer.fit(&model, optimizer: &optimizer, on: spirals.train, using: &rng)
        }
        do {
            var rng = Xoshiro256(seed: 1)
            var model = MLP(sizes: [2, 10, 1], activation: .relu, using: &rng)
            _ = try trainer.fit(&model, optimizer: &optimizer, on: spirals.train, using: &rng)
        } catch TrainingError.nonFiniteLoss(_, let epoch, let step, let learningRate) {
            #expect(epoch == 1 && step > 1 && step <= 20)
            #expect(learningRate == 1e12)
        }
    }
}
