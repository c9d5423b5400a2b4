import CAllocationCounter
import Testing
import VernierData
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierTensor

@testable import VernierTraining

/// The fused CNN step against the autograd tape (`usesFusedStep = false`): the same bits, the support check's
/// reasons, and no allocation in the steady state.
@Suite struct FusedCNNTests {
    /// `count` random `channels × side × side` images (flat rows) with labels `0..<classes` in turn.
    static func images(count: Int, channels: Int = 1, side: Int = 8, classes: Int = 3, seed: UInt64) -> TensorDataset {
        var rng = Xoshiro256(seed: seed)
        let features = Tensor.randomUniform(shape: [count, channels * side * side], in: -1...1, using: &rng)
        let labels = Tensor(shape: [count], scalars: (0..<count).map { Float($0 % classes) })
        return TensorDataset(features: features, targets: labels)
    }

    static func cnn(channels: Int = 1, side: Int = 8, classes: Int = 3, dropout: Float = 0) -> ModelRecipe {
        .cnn(
            channels: channels, height: side, width: side, classes: classes, activation: .relu, output: nil,
            dropout: dropout)
    }

    struct Run {
        var history: TrainingHistory
        var weights: [UInt32]
        var next: UInt64
    }

    /// Trains the recipe's CNN for two epochs in batches of 8 on 37 images (a short last batch of 5).
    func run<Opt: Optimizer>(
        fused: Bool, recipe: ModelRecipe, optimizer: Opt, data: TensorDataset, validation: TensorDataset,
        augmentation: ImageAugmentation? = nil
    ) throws -> Run {
        var rng = Xoshiro256(seed: 5)
        var model = recipe.build(using: &rng) as! Sequential
        var optimizer = optimizer
        var trainer = Trainer(loss: .crossEntropy, batchSize: 8, epochs: 2, metrics: [.accuracy])
        trainer.usesFusedStep = fused
        trainer.augmentation = augmentation?.transform
        if fused, case .failure(let reason) = trainer.fusedSupport(model: model, optimizer: optimizer, data: data) {
            Issue.record("the fused CNN engine was not chosen: \(reason)")
        }
        let history = try trainer.fit(&model, optimizer: &optimizer, on: data, validation: validation, using: &rng)
        return Run(
            history: history, weights: model.parameters.flatMap(\.scalars).map(\.bitPattern), next: rng.next())
    }

    func expectSameBits(_ fused: Run, _ tape: Run) {
        #expect(!fused.weights.isEmpty && fused.weights == tape.weights)
        #expect(fused.next == tape.next)
        #expect(fused.history.stepLosses.count == 10)
        #expect(fused.history.stepLosses.map(\.bitPattern) == tape.history.stepLosses.map(\.bitPattern))
        #expect(fused.history.epochs.map(\.trainLoss) == tape.history.epochs.map(\.trainLoss))
        #expect(fused.history.epochs.map(\.validationLoss) == tape.history.epochs.map(\.validationLoss))
        #expect(fused.history.epochs.map(\.trainMetrics) == tape.history.epochs.map(\.trainMetrics))
    }

    @Test(arguments: [0, 1])
    func fusedStepGivesTheTapeBits(optimizerKind: Int) throws {
        let data = Self.images(count: 37, seed: 1)
        let validation = Self.images(count: 9, seed: 2)
        func both<Opt: Optimizer>(_ optimizer: Opt) throws {
            let fused = try run(
                fused: true, recipe: Self.cnn(), optimizer: optimizer, data: data, validation: validation)
            let tape = try run(
                fused: false, recipe: Self.cnn(), optimizer: optimizer, data: data, validation: validation)
            expectSameBits(fused, tape)
        }
        if optimizerKind == 0 {
            try both(Adam(learningRate: 1e-2))
        } else {
            try both(SGD(learningRate: 0.05, momentum: 0.9, weightDecay: 1e-3))
        }
    }

    /// The Fashion-MNIST CNN itself (28×28, batches of 64: the 1568→128 layer's products split over both cores),
    /// one epoch of two full batches and a short one.
    @Test func fashionSizedNetworkGivesTheTapeBits() throws {
        let recipe = ModelRecipe.cnn(
            channels: 1, height: 28, width: 28, classes: 10, activation: .relu, output: nil, dropout: 0)
        let data = Self.images(count: 130, side: 28, classes: 10, seed: 11)
        let validation = Self.images(count: 4, side: 28, classes: 10, seed: 12)
        func train(fused: Bool) throws -> (weights: [UInt32], losses: [UInt32]) {
            var rng = Xoshiro256(seed: 5)
            var model = recipe.build(using: &rng)
            var optimizer = Adam(learningRate: 1e-3)
            var trainer = Trainer(loss: .crossEntropy, batchSize: 64, epochs: 1, metrics: [])
            trainer.usesFusedStep = fused
            if case .success(.cnn) = trainer.fusedSupport(model: model, optimizer: optimizer, data: data) {
                #expect(fused)
            } else {
                #expect(!fused)
            }
            let history = try trainer.fit(&model, optimizer: &optimizer, on: data, validation: validation, using: &rng)
            return (model.parameters.flatMap(\.scalars).map(\.bitPattern), history.stepLosses.map(\.bitPattern))
        }
        let (fused, tape) = (try train(fused: true), try train(fused: false))
        #expect(fused.losses.count == 3 && fused.losses == tape.losses)
        #expect(fused.weights == tape.weights)
    }

    /// Two input channels take the unfolding (im2col) path in the first convolution as well.
    @Test func twoChannelImagesGiveTheTapeBits() throws {
        let data = Self.images(count: 37, channels: 2, seed: 3)
        let validation = Self.images(count: 5, channels: 2, seed: 4)
        let recipe = Self.cnn(channels: 2)
        let fused = try run(fused: true, recipe: recipe, optimizer: Adam(), data: data, validation: validation)
        let tape = try run(fused: false, recipe: recipe, optimizer: Adam(), data: data, validation: validation)
        expectSameBits(fused, tape)
    }

    /// Augmented batches (drawn by the loader from the same generator) train on the fused step with the same bits.
    @Test func augmentedBatchesGiveTheTapeBits() throws {
        let data = Self.images(count: 37, seed: 5)
        let validation = Self.images(count: 5, seed: 6)
        let augmentation = ImageAugmentation(channels: 1, height: 8, width: 8, padding: 1, horizontalFlip: true)
        let fused = try run(
            fused: true, recipe: Self.cnn(), optimizer: Adam(), data: data, validation: validation,
            augmentation: augmentation)
        let tape = try run(
            fused: false, recipe: Self.cnn(), optimizer: Adam(), data: data, validation: validation,
            augmentation: augmentation)
        expectSameBits(fused, tape)
    }

    @Test func supportNamesWhatTheFusedCNNCannotTrain() {
        var rng = Xoshiro256(seed: 0)
        let data = Self.images(count: 6, seed: 7)
        var trainer = Trainer(loss: .crossEntropy, batchSize: 2, epochs: 1)
        func reason(_ trainer: Trainer, _ model: some Layer, _ optimizer: some Optimizer = Adam()) -> FusedUnsupported?
        {
            if case .failure(let reason) = trainer.fusedSupport(model: model, optimizer: optimizer, data: data) {
                return reason
            }
            return nil
        }
        let cnn = Self.cnn().build(using: &rng)
        #expect(reason(trainer, cnn) == nil)
        #expect(reason(trainer, Self.cnn(dropout: 0.25).build(using: &rng)) == .dropout(0.25))
        #expect(reason(trainer, cnn, Adagrad()) == .optimizer("Adagrad"))
        let tanh = ModelRecipe.cnn(
            channels: 1, height: 8, width: 8, classes: 3, activation: .tanh, output: nil, dropout: 0)
        #expect(reason(trainer, tanh.build(using: &rng)) == .layers("a convolution without fused 2×2 max pooling"))
        let softmax = ModelRecipe.cnn(
            channels: 1, height: 8, width: 8, classes: 3, activation: .relu, output: .softmax, dropout: 0)
        #expect(reason(trainer, softmax.build(using: &rng)) == .layers("Softmax after a linear layer (needs ReLU)"))
        #expect(
            reason(trainer, Self.cnn(side: 12).build(using: &rng))
                == .data("features have shape [6, 64], the network expects 144 per sample"))
        let mlp = MLP(sizes: [64, 4, 3], activation: .relu, using: &rng)
        #expect(
            reason(trainer, mlp.sequential)
                == .layers("the first layer is not a Reshape to [channels, height, width]"))
        trainer.augmentation = ImageAugmentation(channels: 1, height: 8, width: 8, padding: 1).transform
        #expect(reason(trainer, cnn) == nil)
        #expect(reason(trainer, mlp) == .augmentation)
        trainer.augmentation = nil
        trainer.gradientClipNorm = 1
        #expect(reason(trainer, cnn) == .gradientClipping)
        trainer.gradientClipNorm = nil
        trainer.loss = .meanSquaredError
        #expect(reason(trainer, cnn) == .loss("loss mse on a CNN (needs cross-entropy)"))
        #expect(
            "\(FusedUnsupported.layers("no linear layer after Flatten"))"
                == "fused training: unsupported CNN layers: no linear layer after Flatten")
    }

    /// After warm-up, steps of a full and of a short batch allocate nothing, the batch splits handed to the second
    /// core included (``ShareWorker`` keeps each split's job on the caller's stack). Other tests may allocate on other
    /// threads meanwhile, so the count is taken over single steps and the smallest is checked (a step that
    /// allocates makes every count at least 1).
    @Test(.enabled(if: vernier_allocation_counting_available() != 0, "allocations are counted on glibc only"))
    func steadyStateStepsAllocateNothing() throws {
        var rng = Xoshiro256(seed: 9)
        let model = Self.cnn().build(using: &rng) as! Sequential
        let data = Self.images(count: 16, seed: 8)
        let engine = try FusedSupport.engine(
            model: model, loss: .crossEntropy, batchSize: 8, optimizer: Adam(), data: data
        ).get()
        data.features.withUnsafeBufferPointer { engine.fused.input.update(from: $0.baseAddress!, count: 8 * 64) }
        data.targets.withUnsafeBufferPointer { engine.fused.targets.update(from: $0.baseAddress!, count: 8) }
        var optimizer = Adam()
        for rows in [8, 5, 8, 5] { _ = engine.fused.step(rows: rows, optimizer: &optimizer) }
        var fewest = UInt64.max
        for attempt in 0..<100 where fewest > 0 {
            let before = vernier_allocation_count()
            _ = engine.fused.step(rows: attempt % 2 == 0 ? 8 : 5, optimizer: &optimizer)
            fewest = Swift.min(fewest, UInt64(vernier_allocation_count() - before))
        }
        #expect(fewest == 0)
    }
}
