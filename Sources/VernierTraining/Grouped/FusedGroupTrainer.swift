import Foundation
import VernierData
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierTensor

/// Trains K same-shape multilayer perceptrons (K trials of a study) in one pass with the fused, allocation-free
/// step that ``Trainer`` uses (``FusedMLPEngine``); what it can train is decided by ``FusedSupport``.
///
/// Each member has its own seed (initial weights and batch order) and optimizer hyperparameters, and
/// runs its own preallocated fused step (the forward with one `sgemm` per layer, the loss and its gradient in one
/// loop, the backward with the transposes passed to BLAS) with its own ``SGD``, ``RMSProp``, ``Adam`` or ``AdamW``
/// (made from its ``OptimizerSettings``; every member uses the same rule), whose update kernels
/// and state are the optimizers' own. All buffers are allocated once, so the steady-state step makes no heap
/// allocation. Members run member-major within each epoch, so one member's parameters, state and batch order stay
/// in cache for its whole pass.
///
/// Member k follows exactly the path of the sequential run
/// `var rng = Xoshiro256(seed: s); var model = MLP(sizes:…, using: &rng); Trainer(…).fit(&model, …, using: &rng)`
/// with ``Trainer/usesFusedStep`` on: the same initial weights, the same shuffled batches, the same step, so the
/// same bits (against the tape path, weights agree to float rounding: the tape's element-wise activations use
/// SIMD approximations). Members are independent: a member's result does not depend on which others run beside it.
///
/// ```swift
/// let spirals = Spirals(train: 4000, validation: 1000, seed: 1234)
/// let members = (0..<100).map {
///     FusedGroupMember(seed: UInt64($0 % 10), optimizer: .sgd(learningRate: 0.001 * Float($0 / 10 + 1)))
/// }
/// let trainer = try FusedGroupTrainer(
///     sizes: [2, 10, 1], activation: .relu, output: .sigmoid, loss: .meanSquaredError, batchSize: 10,
///     members: members)
/// let losses = try trainer.fit(on: spirals.train, epochs: 10)   // [member][epoch] mean training loss
/// let best = trainer.model(member: 0)                           // an MLP, ready for evaluate(...)
/// ```
public final class FusedGroupTrainer {
    /// The layer widths, input first.
    public let sizes: [Int]
    /// The hidden activation.
    public let activation: Activation
    /// The output activation (`nil`: none).
    public let output: Activation?
    /// The loss minimized.
    public let loss: Loss
    /// The update rule every member uses.
    public let rule: OptimizerSettings.Name
    /// Samples per step.
    public let batchSize: Int
    /// The members, in order.
    public let members: [FusedGroupMember]
    /// The number of parameters of one member.
    public let parameterCount: Int
    /// Why each member stopped early: the NaN or infinite loss it reached, as ``Trainer`` reports it
    /// (``TrainingError/nonFiniteLoss(value:epoch:step:learningRate:)``); `nil` while it trains. The others go on.
    public private(set) var divergence: [TrainingError?]
    /// Whether a member's loss became NaN or infinite (``divergence`` holds where and why).
    public var diverged: [Bool] { divergence.map { $0 != nil } }
    /// Epochs run so far over all calls of ``fit(on:epochs:)`` (what ``divergence`` counts epochs by).
    private var epochsRun = 0

    /// One fused step (parameters, gradient, activations) per member.
    private let steps: [FusedMLPStep]
    /// The members' optimizers, in the one list of their rule (concrete types, so a step allocates nothing).
    private var sgdOptimizers: [SGD] = []
    private var rmspropOptimizers: [RMSProp] = []
    private var adamOptimizers: [Adam] = []
    private var adamWOptimizers: [AdamW] = []
    private let loaderSeeds: [UInt64]
    private var loaders: [DataLoader<TensorDataset>] = []

    /// Creates the run and draws every member's initial weights (as `MLP(sizes:…, using:)` does). Throws
    /// ``FusedUnsupported`` for what ``FusedSupport`` refuses, an empty member list, members with different update
    /// rules, or Adagrad.
    ///
    /// ```swift
    /// let trainer = try FusedGroupTrainer(
    ///     sizes: [2, 32, 32, 1], activation: .tanh, output: nil, loss: .binaryCrossEntropyWithLogits,
    ///     batchSize: 10, members: [FusedGroupMember(seed: 0, optimizer: .adam(learningRate: 0.01))])
    /// ```
    public init(
        sizes: [Int], activation: Activation, output: Activation?, loss: Loss, batchSize: Int,
        members: [FusedGroupMember]
    ) throws(FusedUnsupported) {
        try FusedSupport.check(sizes: sizes, activation: activation, output: output, loss: loss, batchSize: batchSize)
            .get()
        guard let first = members.first else { throw .data("no members") }
        let rule = first.optimizer.name == .nesterov || first.optimizer.name == .momentum ? .sgd : first.optimizer.name
        self.sizes = sizes
        self.activation = activation
        self.output = output
        self.loss = loss
        self.rule = rule
        self.batchSize = batchSize
        self.members = members
        divergence = Array(repeating: nil, count: members.count)
        var steps: [FusedMLPStep] = []
        var seeds: [UInt64] = []
        for member in members {
            var generator = Xoshiro256(seed: member.seed)
            let model = MLP(sizes: sizes, activation: activation, output: output, using: &generator)
            steps.append(FusedMLPStep(model: model, loss: loss, batchSize: batchSize))
            // `Trainer.fit` seeds its DataLoader with the next draw of the same generator.
            seeds.append(generator.next())
            guard let flat = member.optimizer.makeFlatOptimizer() else {
                throw .optimizer("\(member.optimizer.name) (no flat-buffer update)")
            }
            switch flat {
            case let optimizer as SGD where rule == .sgd: sgdOptimizers.append(optimizer)
            case let optimizer as RMSProp where rule == .rmsprop: rmspropOptimizers.append(optimizer)
            case let optimizer as Adam where rule == .adam: adamOptimizers.append(optimizer)
            case let optimizer as AdamW where rule == .adamw: adamWOptimizers.append(optimizer)
            default: throw .optimizer("\(member.optimizer.name) in a group of \(rule) members")
            }
        }
        self.steps = steps
        loaderSeeds = seeds
        parameterCount = steps[0].parameterCount
    }

    /// Trains every member for `epochs` passes over `train` (reshuffled per member and epoch, as ``Trainer``
    /// does) and returns each member's mean training loss per epoch (`[member][epoch]`). Calling it again
    /// continues training.
    ///
    /// ```swift
    /// let losses = try trainer.fit(on: spirals.train, epochs: 10)
    /// ```
    public func fit(on train: TensorDataset, epochs: Int) throws(FusedUnsupported) -> [[Double]] {
        let inputWidth = sizes[0]
        // Cross-entropy takes one class index per sample, the other losses one target per output.
        let outputWidth = loss == .crossEntropy ? 1 : sizes[sizes.count - 1]
        try FusedSupport.check(data: train, sizes: sizes, loss: loss).get()
        let count = train.count
        if loaders.isEmpty {
            loaders = loaderSeeds.map { DataLoader(train, batchSize: batchSize, shuffle: true, seed: $0) }
        }
        var losses: [[Double]] = members.map { _ in
            var perEpoch: [Double] = []
            perEpoch.reserveCapacity(epochs)
            return perEpoch
        }
        let stepsPerEpoch = (count + batchSize - 1) / batchSize
        var lossSums = [Double](repeating: 0, count: members.count)
        train.features.withUnsafeBufferPointer { featureBuffer in
            train.targets.withUnsafeBufferPointer { targetBuffer in
                let features = featureBuffer.baseAddress!
                let targetValues = targetBuffer.baseAddress!
                for _ in 0..<epochs {
                    epochsRun += 1
                    // Member-major within the epoch: one member's order, parameters and state stay in cache for
                    // its whole pass (members are independent, so the order does not change any result).
                    for member in members.indices {
                        _ = loaders[member].epoch()
                        lossSums[member] = 0
                        guard divergence[member] == nil else { continue }
                        let engine = steps[member]
                        loaders[member].currentOrder.withUnsafeBufferPointer { order in
                            for step in 0..<stepsPerEpoch {
                                let start = step * batchSize
                                let rows = Swift.min(batchSize, count - start)
                                for row in 0..<rows {
                                    let sample = order[start + row]
                                    (engine.input + row * inputWidth).update(
                                        from: features + sample * inputWidth, count: inputWidth)
                                    (engine.targets + row * outputWidth).update(
                                        from: targetValues + sample * outputWidth, count: outputWidth)
                                }
                                let value = trainStep(member: member, rows: rows)
                                if value.isFinite {
                                    lossSums[member] += Double(value) * Double(rows)
                                } else {
                                    divergence[member] = .nonFiniteLoss(
                                        value: value, epoch: epochsRun, step: step + 1,
                                        learningRate: members[member].optimizer.learningRate)
                                    lossSums[member] = .nan
                                    break
                                }
                            }
                        }
                    }
                    for member in members.indices { losses[member].append(lossSums[member] / Double(count)) }
                }
            }
        }
        return losses
    }

    /// One fused training step of `member` on the batch already gathered into its step's input and targets;
    /// returns the batch loss (the parameters are updated only when it is finite). Allocates nothing.
    private func trainStep(member: Int, rows: Int) -> Float {
        switch rule {
        case .rmsprop: steps[member].step(rows: rows, optimizer: &rmspropOptimizers[member])
        case .adam: steps[member].step(rows: rows, optimizer: &adamOptimizers[member])
        case .adamw: steps[member].step(rows: rows, optimizer: &adamWOptimizers[member])
        default: steps[member].step(rows: rows, optimizer: &sgdOptimizers[member])
        }
    }

    /// The trained parameters of `member`, in ``MLP``'s visiting order (weight, bias per layer).
    ///
    /// ```swift
    /// let flat = trainer.parameters(member: 3)
    /// ```
    public func parameters(member: Int) -> [Float] {
        precondition(members.indices.contains(member), "FusedGroupTrainer: no member \(member)")
        return Array(steps[member].parameterValues)
    }

    /// The trained network of `member` as an ``MLP`` (for ``evaluate(_:on:loss:metrics:)`` or checkpoints).
    ///
    /// ```swift
    /// let result = evaluate(trainer.model(member: 0), on: spirals.validation, loss: .meanSquaredError)
    /// ```
    public func model(member: Int) -> MLP {
        precondition(members.indices.contains(member), "FusedGroupTrainer: no member \(member)")
        var generator = Xoshiro256(seed: members[member].seed)
        var model = MLP(sizes: sizes, activation: activation, output: output, using: &generator)
        steps[member].store(into: &model)
        return model
    }
}
