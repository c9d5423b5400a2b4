import Foundation
import Testing
import VernierData
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierTensor
import VernierTraining

/// A group only schedules runs: each member is the recipe's `Trainer` run (the fused MLP step), so it agrees with
/// the tape to float rounding, equals the sequential fused run bit for bit whatever its rule, and does not depend
/// on its neighbours or on the thread count.
@Suite struct TrainingGroupTests {
    static let spirals = Spirals(train: 200, validation: 50, seed: 3)
    static let splits = DatasetSplits(
        train: spirals.train, validation: spirals.validation, test: spirals.validation.subset([Int]()))

    static func recipe(
        _ member: FusedGroupMember, sizes: [Int], activation: Activation = .relu, output: Activation? = .sigmoid,
        loss: Loss = .meanSquaredError, batchSize: Int = 10, epochs: Int, data: DatasetSplits = splits
    ) -> TrainingRecipe {
        TrainingRecipe(
            model: .mlp(sizes: sizes, activation: activation, output: output, dropout: 0), loss: loss,
            optimizer: member.optimizer, batchSize: batchSize, epochs: epochs, metrics: [], seed: member.seed,
            data: data)
    }

    /// The members' trained parameters, the group run on `threads` threads as a study runs it.
    static func group(_ recipes: [TrainingRecipe], threads: Int = 2) throws -> [[Float]] {
        try TrainingGroup.run(count: recipes.count, threads: threads) { index in
            Result { () throws -> [Float] in
                var trainer = recipes[index].trainer()
                trainer.recordStepLosses = false
                trainer.computeTrainMetrics = false
                trainer.validatesEveryEpoch = false
                return try recipes[index].train(with: trainer).model.parameters.flatMap(\.scalars)
            }
        }
        .map { try $0.get() }
    }

    /// The sequential reference: the public `Trainer` on one configuration (`tape`: the autograd tape).
    static func sequential(_ recipe: TrainingRecipe, tape: Bool) throws -> [Float] {
        var rng = Xoshiro256(seed: recipe.seed)
        guard case .mlp(let sizes, let activation, let output, _) = recipe.model else { return [] }
        var model = MLP(sizes: sizes, activation: activation, output: output, using: &rng)
        var trainer = Trainer(loss: recipe.loss, batchSize: recipe.batchSize, epochs: recipe.epochs, metrics: [])
        trainer.recordStepLosses = false
        trainer.usesFusedStep = !tape
        var optimizer = recipe.optimizer.makeOptimizer()
        _ = try trainer.fit(&model, optimizer: &optimizer, on: recipe.data.train, using: &rng)
        return model.parameters.flatMap(\.scalars)
    }

    func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        #expect(a.count == b.count)
        return zip(a, b).map { Swift.abs($0 - $1) }.max() ?? .infinity
    }

    @Test func membersAgreeWithTheTapeToFloatRounding() throws {
        let sgd = [
            FusedGroupMember(seed: 1, optimizer: .sgd(learningRate: 0.05)),
            FusedGroupMember(seed: 2, optimizer: .sgd(learningRate: 0.01, momentum: 0.9)),
            FusedGroupMember(seed: 3, optimizer: .sgd(learningRate: 0.02, weightDecay: 0.01)),
        ].map { Self.recipe($0, sizes: [2, 10, 1], epochs: 3) }
        let adam = [
            FusedGroupMember(seed: 4, optimizer: .adam(learningRate: 0.01)),
            FusedGroupMember(seed: 5, optimizer: .adam(learningRate: 0.003, weightDecay: 1e-3)),
        ].map {
            Self.recipe(
                $0, sizes: [2, 16, 16, 1], activation: .tanh, output: nil, loss: .binaryCrossEntropyWithLogits,
                epochs: 2)
        }
        let recipes = sgd + adam
        for (recipe, trained) in zip(recipes, try Self.group(recipes)) {
            #expect(maxDifference(trained, try Self.sequential(recipe, tape: true)) <= 1e-5)
        }
    }

    @Test(arguments: [
        [OptimizerSettings.adamW(learningRate: 0.01), .adamW(learningRate: 0.003, weightDecay: 0.1)],
        [OptimizerSettings.sgd(learningRate: 0.05, momentum: 0.9, nesterov: true), .sgd(learningRate: 0.02)],
        // Members with different rules share a group: each is its own Trainer run.
        [OptimizerSettings.sgd(learningRate: 0.1), .adam(learningRate: 0.01), .rmsprop(learningRate: 0.01)],
    ])
    func everyFlatRuleTrainsInAGroupAsTheFusedTrainerDoes(settings: [OptimizerSettings]) throws {
        let recipes = settings.enumerated().map {
            Self.recipe(
                FusedGroupMember(seed: UInt64($0.offset + 1), optimizer: $0.element), sizes: [2, 8, 1],
                activation: .tanh, output: nil, loss: .binaryCrossEntropyWithLogits, batchSize: 8, epochs: 2)
        }
        for (recipe, trained) in zip(recipes, try Self.group(recipes)) {
            #expect(trained == (try Self.sequential(recipe, tape: false)))
        }
    }

    @Test func crossEntropyWithRMSPropMatchesTheFusedTrainerBitForBit() throws {
        // Three classes from the quadrant of each spirals point, as class indices.
        let points = Self.spirals.train.features.scalars
        let labels = (0..<Self.spirals.train.count).map { i in
            Float((points[2 * i] > 0 ? 1 : 0) + (points[2 * i + 1] > 0 ? 1 : 0))
        }
        let train = TensorDataset(features: Self.spirals.train.features, targets: Tensor(labels))
        let data = DatasetSplits(train: train, validation: train.subset(0..<20), test: train.subset([Int]()))
        let recipes = [
            FusedGroupMember(seed: 7, optimizer: .rmsprop(learningRate: 0.01, momentum: 0.5, weightDecay: 1e-3)),
            FusedGroupMember(seed: 8, optimizer: .rmsprop(learningRate: 0.003)),
        ].map {
            Self.recipe($0, sizes: [2, 12, 3], output: nil, loss: .crossEntropy, epochs: 2, data: data)
        }
        #expect(recipes.allSatisfy { $0.fusedSupport() == .success(.mlp) })
        for (recipe, trained) in zip(recipes, try Self.group(recipes)) {
            #expect(trained == (try Self.sequential(recipe, tape: false)))
        }
    }

    @Test func membersAreIndependentOfTheirNeighboursAndTheThreads() throws {
        let recipes = (0..<4).map {
            Self.recipe(
                FusedGroupMember(seed: UInt64($0), optimizer: .sgd(learningRate: 0.01 * Float($0 + 1))),
                sizes: [2, 8, 1], epochs: 2)
        }
        let together = try Self.group(recipes, threads: 3)
        let alone = try Self.group([recipes[2]], threads: 1)
        #expect(together[2] == alone[0])
        #expect(together == (try Self.group(recipes, threads: 1)))
    }

    /// Results come back in member order whichever worker ran them, every member once. (The BLAS thread count the
    /// group sets is process-wide and not read here: other suites train at the same time and change it.)
    @Test func resultsComeBackInMemberOrder() {
        let ran = MemberLog()
        #expect(
            TrainingGroup.run(count: 5, threads: 2) {
                ran.add($0); return $0 * $0
            } == [0, 1, 4, 9, 16])
        #expect(ran.members.sorted() == [0, 1, 2, 3, 4])
        #expect(TrainingGroup.run(count: 3, threads: 1) { $0 + 1 } == [1, 2, 3])
    }
}

/// The members a group ran, from any thread.
final class MemberLog: @unchecked Sendable {
    private let lock = NSLock()
    private var ran: [Int] = []

    func add(_ member: Int) {
        lock.lock()
        ran.append(member)
        lock.unlock()
    }

    var members: [Int] {
        lock.lock()
        defer { lock.unlock() }
        return ran
    }
}
