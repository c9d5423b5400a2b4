import Foundation
import Testing
import VernierData
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierTensor
import VernierTraining

@Suite struct FusedGroupTrainerTests {
    let spirals = Spirals(train: 200, validation: 50, seed: 3)

    /// The sequential reference: the public Trainer on one configuration.
    func sequential(
        sizes: [Int], activation: Activation, output: Activation?, loss: Loss, member: FusedGroupMember, epochs: Int
    ) throws -> [Float] {
        var rng = Xoshiro256(seed: member.seed)
        var model = MLP(sizes: sizes, activation: activation, output: output, using: &rng)
        var trainer = Trainer(loss: loss, batchSize: 10, epochs: epochs, metrics: [])
        trainer.recordStepLosses = false
        trainer.usesFusedStep = false  // the autograd tape as the reference
        var optimizer = member.optimizer.makeOptimizer()
        _ = try trainer.fit(&model, optimizer: &optimizer, on: spirals.train, using: &rng)
        return model.parameters.flatMap(\.scalars)
    }

    func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).map { Swift.abs($0 - $1) }.max() ?? 0
    }

    @Test func agreesWithSequentialTrainerSGD() throws {
        let members = [
            FusedGroupMember(seed: 1, optimizer: .sgd(learningRate: 0.05)),
            FusedGroupMember(seed: 2, optimizer: .sgd(learningRate: 0.01, momentum: 0.9)),
            FusedGroupMember(seed: 3, optimizer: .sgd(learningRate: 0.02, weightDecay: 0.01)),
        ]
        let trainer = try FusedGroupTrainer(
            sizes: [2, 10, 1], activation: .relu, output: .sigmoid, loss: .meanSquaredError,
            batchSize: 10, members: members)
        let losses = try trainer.fit(on: spirals.train, epochs: 3)
        #expect(losses.count == 3 && losses.allSatisfy { $0.count == 3 && $0.allSatisfy(\.isFinite) })
        for (index, member) in members.enumerated() {
            let reference = try sequential(
                sizes: [2, 10, 1], activation: .relu, output: .sigmoid, loss: .meanSquaredError,
                member: member, epochs: 3)
            #expect(maxDifference(trainer.parameters(member: index), reference) <= 1e-5)
        }
    }

    @Test func agreesWithSequentialTrainerAdam() throws {
        let members = [
            FusedGroupMember(seed: 4, optimizer: .adam(learningRate: 0.01)),
            FusedGroupMember(seed: 5, optimizer: .adam(learningRate: 0.003, weightDecay: 1e-3)),
        ]
        let trainer = try FusedGroupTrainer(
            sizes: [2, 16, 16, 1], activation: .tanh, output: nil, loss: .binaryCrossEntropyWithLogits,
            batchSize: 10, members: members)
        _ = try trainer.fit(on: spirals.train, epochs: 2)
        for (index, member) in members.enumerated() {
            let reference = try sequential(
                sizes: [2, 16, 16, 1], activation: .tanh, output: nil, loss: .binaryCrossEntropyWithLogits,
                member: member, epochs: 2)
            #expect(maxDifference(trainer.parameters(member: index), reference) <= 1e-5)
        }
    }

    @Test func crossEntropyWithRMSPropMatchesTheFusedTrainerBitForBit() throws {
        // Three classes from the quadrant of each spirals point, as class indices.
        let points = spirals.train.features.scalars
        let labels = (0..<spirals.train.count).map { i in
            Float((points[2 * i] > 0 ? 1 : 0) + (points[2 * i + 1] > 0 ? 1 : 0))
        }
        let data = TensorDataset(features: spirals.train.features, targets: Tensor(labels))
        let members = [
            FusedGroupMember(seed: 7, optimizer: .rmsprop(learningRate: 0.01, momentum: 0.5, weightDecay: 1e-3)),
            FusedGroupMember(seed: 8, optimizer: .rmsprop(learningRate: 0.003)),
        ]
        let trainer = try FusedGroupTrainer(
            sizes: [2, 12, 3], activation: .relu, output: nil, loss: .crossEntropy,
            batchSize: 10, members: members)
        let losses = try trainer.fit(on: data, epochs: 2)
        #expect(losses.allSatisfy { $0.count == 2 && $0[1] < $0[0] })
        for (index, member) in members.enumerated() {
            var rng = Xoshiro256(seed: member.seed)
            var model = MLP(sizes: [2, 12, 3], activation: .relu, output: nil, using: &rng)
            var sequential = Trainer(loss: .crossEntropy, batchSize: 10, epochs: 2, metrics: [])
            sequential.recordStepLosses = false
            var optimizer = member.optimizer.makeOptimizer()
            _ = try sequential.fit(&model, optimizer: &optimizer, on: data, using: &rng)
            #expect(trainer.parameters(member: index) == model.parameters.flatMap(\.scalars))
        }
        #expect(throws: FusedUnsupported.self) {
            try FusedGroupTrainer(
                sizes: [2, 12, 3], activation: .relu, output: .sigmoid, loss: .crossEntropy,
                batchSize: 10, members: members)
        }
    }

    @Test func membersAreIndependentOfTheirNeighbours() throws {
        let members = (0..<4).map {
            FusedGroupMember(seed: UInt64($0), optimizer: .sgd(learningRate: 0.01 * Float($0 + 1)))
        }
        func make(_ members: [FusedGroupMember]) throws -> FusedGroupTrainer {
            try FusedGroupTrainer(
                sizes: [2, 8, 1], activation: .relu, output: .sigmoid, loss: .meanSquaredError,
                batchSize: 10, members: members)
        }
        let together = try make(members)
        _ = try together.fit(on: spirals.train, epochs: 2)
        let alone = try make([members[2]])
        _ = try alone.fit(on: spirals.train, epochs: 2)
        #expect(together.parameters(member: 2) == alone.parameters(member: 0))
        #expect(together.model(member: 2).parameters.flatMap(\.scalars) == alone.parameters(member: 0))
    }

    @Test func rejectsWhatTheFusedStepDoesNotImplement() {
        #expect(throws: FusedUnsupported.self) {
            try FusedGroupTrainer(
                sizes: [2, 8, 3], activation: .relu, output: nil, loss: .huber(delta: 1),
                batchSize: 10, members: [FusedGroupMember(seed: 0, optimizer: .sgd(learningRate: 0.1))])
        }
        #expect(throws: FusedUnsupported.self) {
            try FusedGroupTrainer(
                sizes: [2, 8, 1], activation: .gelu, output: nil, loss: .meanSquaredError,
                batchSize: 10, members: [FusedGroupMember(seed: 0, optimizer: .sgd(learningRate: 0.1))])
        }
        let trainer = try? FusedGroupTrainer(
            sizes: [3, 8, 1], activation: .relu, output: nil, loss: .meanSquaredError, batchSize: 10,
            members: [FusedGroupMember(seed: 0, optimizer: .sgd(learningRate: 0.1))])
        #expect(throws: FusedUnsupported.self) { try trainer?.fit(on: spirals.train, epochs: 1) }
    }
}
