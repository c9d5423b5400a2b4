import Foundation
import Testing
import VernierData
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierTensor
import VernierTraining

/// A fused group's members carry their own `OptimizerSettings`: every rule with a flat update trains in a group
/// (AdamW and Nesterov included), bit for bit as `Trainer`'s fused run, and members must share one rule.
@Suite struct FusedGroupRuleTests {
    let spirals = Spirals(train: 120, validation: 30, seed: 5)

    func sequential(_ member: FusedGroupMember, sizes: [Int]) throws -> [Float] {
        var rng = Xoshiro256(seed: member.seed)
        var model = MLP(sizes: sizes, activation: .tanh, output: nil, using: &rng)
        var trainer = Trainer(loss: .binaryCrossEntropyWithLogits, batchSize: 8, epochs: 2, metrics: [])
        trainer.recordStepLosses = false
        var optimizer = member.optimizer.makeOptimizer()
        _ = try trainer.fit(&model, optimizer: &optimizer, on: spirals.train, using: &rng)
        return model.parameters.flatMap(\.scalars)
    }

    @Test(arguments: [
        [OptimizerSettings.adamW(learningRate: 0.01), .adamW(learningRate: 0.003, weightDecay: 0.1)],
        [OptimizerSettings.sgd(learningRate: 0.05, momentum: 0.9, nesterov: true), .sgd(learningRate: 0.02)],
    ])
    func everyFlatRuleTrainsInAGroupAsTheFusedTrainerDoes(settings: [OptimizerSettings]) throws {
        let members = settings.enumerated().map { FusedGroupMember(seed: UInt64($0.offset + 1), optimizer: $0.element) }
        let trainer = try FusedGroupTrainer(
            sizes: [2, 8, 1], activation: .tanh, output: nil, loss: .binaryCrossEntropyWithLogits, batchSize: 8,
            members: members)
        _ = try trainer.fit(on: spirals.train, epochs: 2)
        for (index, member) in members.enumerated() {
            #expect(trainer.parameters(member: index) == (try sequential(member, sizes: [2, 8, 1])))
        }
    }

    @Test func membersMustShareOneRule() {
        let members = [
            FusedGroupMember(seed: 0, optimizer: .sgd(learningRate: 0.1)),
            FusedGroupMember(seed: 1, optimizer: .adam(learningRate: 0.01)),
        ]
        #expect(throws: FusedUnsupported.optimizer("adam in a group of sgd members")) {
            try FusedGroupTrainer(
                sizes: [2, 8, 1], activation: .relu, output: nil, loss: .meanSquaredError, batchSize: 8,
                members: members)
        }
        #expect(throws: FusedUnsupported.optimizer("adagrad (no flat-buffer update)")) {
            try FusedGroupTrainer(
                sizes: [2, 8, 1], activation: .relu, output: nil, loss: .meanSquaredError, batchSize: 8,
                members: [FusedGroupMember(seed: 0, optimizer: .adagrad(learningRate: 0.1))])
        }
    }
}
