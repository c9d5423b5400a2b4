import Foundation
import Testing
import VernierData
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierTensor
import VernierTraining

@Suite struct TrainerBehaviourTests {
    func run(seed: UInt64) throws -> (TrainingHistory, [Tensor]) {
        let spirals = Spirals(train: 200, validation: 50, seed: 3)
        var rng = Xoshiro256(seed: seed)
        var model = MLP(sizes: [2, 8, 1], activation: .tanh, dropout: 0.1, using: &rng)
        var optimizer = Adam(learningRate: 0.01)
        let history = try fit(
            &model, on: spirals.train, validation: spirals.validation, loss: .binaryCrossEntropyWithLogits,
            optimizer: &optimizer, batchSize: 10, epochs: 3, metrics: [.accuracy], using: &rng)
        return (history, model.parameters)
    }

    @Test func seededRunsAreBitIdentical() throws {
        let (first, weights) = try run(seed: 5)
        let (second, otherWeights) = try run(seed: 5)
        #expect(first.stepLosses == second.stepLosses)
        #expect(first.epochs.map(\.validationLoss) == second.epochs.map(\.validationLoss))
        #expect(weights == otherWeights)
        let (third, _) = try run(seed: 6)
        #expect(third.stepLosses != first.stepLosses)
        #expect(first.stepLosses.count == 60)
        #expect(first.epochs.count == 3)
        #expect(first.epochs[0].trainMetrics["accuracy"] != nil)
        #expect(first.epochs[0].validationMetrics["accuracy"] != nil)
    }

    @Test func nonFiniteLossRaisesTypedError() throws {
        let cubic = Cubic(count: 80, seed: 1)
        var rng = Xoshiro256(seed: 0)
        var model = MLP(sizes: [1, 16, 1], activation: .relu, using: &rng)
        var optimizer = SGD(learningRate: 1e4)
        do {
            _ = try fit(
                &model, on: cubic.train, loss: .meanSquaredError, optimizer: &optimizer, batchSize: 8, epochs: 50,
                using: &rng)
            Issue.record("training should have diverged")
        } catch let error as TrainingError {
            guard case .nonFiniteLoss(_, let epoch, let step, let learningRate) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(epoch >= 1 && step >= 1 && learningRate == 1e4)
            #expect(error.description.contains("epoch \(epoch), step \(step)"))
        }
    }

    @Test func earlyStoppingStops() throws {
        let cubic = Cubic(count: 40, validation: 40, seed: 2)
        var rng = Xoshiro256(seed: 0)
        var model = MLP(sizes: [1, 8, 1], activation: .relu, using: &rng)
        // A learning rate of zero never improves: patience 2 stops after epoch 3.
        var optimizer = SGD(learningRate: 0)
        let stopping = EarlyStopping(monitor: "val_loss", patience: 2)
        let history = try fit(
            &model, on: cubic.train, validation: cubic.splits.validation, loss: .meanSquaredError,
            optimizer: &optimizer, batchSize: 8, epochs: 20, callbacks: [stopping], using: &rng)
        #expect(history.epochs.count == 3)
        #expect(history.stoppedEarly)
        #expect(stopping.bestEpoch == 1)
        #expect(stopping.stoppedEpoch == 3)
    }

    @Test func callbackErrorsPropagate() throws {
        struct Pruned: Error {}
        let cubic = Cubic(count: 20, seed: 2)
        var rng = Xoshiro256(seed: 0)
        var model = MLP(sizes: [1, 4, 1], using: &rng)
        var optimizer = SGD(learningRate: 0.001)
        var seen: [Int] = []
        let prune = EpochEndCallback { record, _ in
            seen.append(record.epoch)
            if record.epoch == 2 { throw Pruned() }
            return .continue
        }
        #expect(throws: Pruned.self) {
            try fit(
                &model, on: cubic.train, loss: .meanSquaredError, optimizer: &optimizer, batchSize: 5, epochs: 5,
                callbacks: [prune], using: &rng)
        }
        #expect(seen == [1, 2])
    }

    @Test func progressPrintsOneLinePerEpoch() throws {
        let cubic = Cubic(count: 20, seed: 2)
        var rng = Xoshiro256(seed: 0)
        var model = MLP(sizes: [1, 4, 1], using: &rng)
        var optimizer = SGD(learningRate: 0.001)
        let lines = LineCollector()
        let reporter = ProgressReporter(live: false) { lines.text += $0 }
        _ = try fit(
            &model, on: cubic.train, loss: .meanSquaredError, optimizer: &optimizer, batchSize: 5, epochs: 3,
            callbacks: [reporter], using: &rng)
        let printed = lines.text.split(separator: "\n")
        #expect(printed.count == 3)
        #expect(printed[2].hasPrefix("epoch   3/3  loss "))
        #expect(printed[0].contains("samples/s") && printed[0].contains("ETA"))
        #expect(!lines.text.contains("\r"))
    }

    @Test func plainProgressOfALongRunPrintsAboutTwentyFiveLines() throws {
        let cubic = Cubic(count: 10, seed: 2)
        var rng = Xoshiro256(seed: 0)
        var model = MLP(sizes: [1, 2, 1], using: &rng)
        var optimizer = SGD(learningRate: 0.001)
        let lines = LineCollector()
        let reporter = ProgressReporter(live: false) { lines.text += $0 }
        _ = try fit(
            &model, on: cubic.train, loss: .meanSquaredError, optimizer: &optimizer, batchSize: 10, epochs: 260,
            callbacks: [reporter], using: &rng)
        let epochs = lines.text.split(separator: "\n").map {
            Int($0.dropFirst(6).prefix(3).trimmingCharacters(in: .whitespaces))
        }
        // 260 / 25 = every 10th epoch, plus the first and the last (a slow machine may add a line per 10 s).
        #expect(epochs.first == 1 && epochs.last == 260)
        #expect(Set([1, 10, 20, 250, 260]).isSubset(of: Set(epochs.compactMap { $0 })))
        #expect(epochs.count >= 27 && epochs.count < 60, "\(epochs)")
    }

    @Test func liveProgressOfALongRunOverwritesTheEpochsItDoesNotKeep() throws {
        let cubic = Cubic(count: 10, seed: 2)
        var rng = Xoshiro256(seed: 0)
        var model = MLP(sizes: [1, 2, 1], using: &rng)
        var optimizer = SGD(learningRate: 0.001)
        let lines = LineCollector()
        let reporter = ProgressReporter(live: true) { lines.text += $0 }
        _ = try fit(
            &model, on: cubic.train, loss: .meanSquaredError, optimizer: &optimizer, batchSize: 10, epochs: 260,
            callbacks: [reporter], using: &rng)
        let kept = lines.text.split(separator: "\n")
        #expect(kept.count >= 27 && kept.count < 60, "\(kept.count) lines kept")
        // Each epoch's line is drawn (a carriage return each), the kept ones end in a newline.
        #expect(lines.text.filter { $0 == "\r" }.count >= 260)
        #expect(kept.last.map { $0.contains("epoch 260/260") } == true)
    }
}

final class LineCollector: @unchecked Sendable {
    var text = ""
}
