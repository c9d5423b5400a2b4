import Foundation
import Testing
import VernierData
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierTraining

/// `Trainer.validatesEveryEpoch` off: validation runs after the last epoch and after the epoch a callback stopped
/// training at, with the values of an every-epoch run, and training is unchanged.
@Suite struct ValidationScheduleTests {
    let spirals = Spirals(train: 120, validation: 40, seed: 9)

    final class StopAfter: TrainingCallback {
        let epoch: Int
        var seen: [Double?] = []
        var final: TrainingHistory?
        init(epoch: Int) { self.epoch = epoch }
        func epochDidEnd(_ record: EpochRecord, history: TrainingHistory) throws -> TrainingDecision {
            seen.append(record.validationLoss)
            return record.epoch == epoch ? .stop : .continue
        }
        func trainingDidEnd(_ history: TrainingHistory) { final = history }
    }

    func run(everyEpoch: Bool, stopAfter: Int? = nil) throws -> (history: TrainingHistory, weights: [Float]) {
        var rng = Xoshiro256(seed: 4)
        var model = MLP(sizes: [2, 8, 1], activation: .tanh, output: nil, using: &rng)
        var optimizer = Adam(learningRate: 0.01)
        var trainer = Trainer(
            loss: .binaryCrossEntropyWithLogits, batchSize: 10, epochs: 4, metrics: [.accuracy],
            callbacks: stopAfter.map { [StopAfter(epoch: $0)] } ?? [])
        trainer.validatesEveryEpoch = everyEpoch
        let history = try trainer.fit(
            &model, optimizer: &optimizer, on: spirals.train, validation: spirals.validation, using: &rng)
        return (history, model.parameters.flatMap(\.scalars))
    }

    @Test func onlyTheLastEpochIsValidatedAndTrainingIsUnchanged() throws {
        let every = try run(everyEpoch: true)
        let last = try run(everyEpoch: false)
        #expect(every.history.epochs.allSatisfy { $0.validationLoss != nil })
        #expect(last.history.epochs.map { $0.validationLoss == nil } == [true, true, true, false])
        #expect(last.history.epochs.last?.validationLoss == every.history.epochs.last?.validationLoss)
        #expect(last.history.epochs.last?.validationMetrics == every.history.epochs.last?.validationMetrics)
        #expect(last.history.epochs.last?.validationMetrics["accuracy"] != nil)
        #expect(last.history.epochs.map(\.trainLoss) == every.history.epochs.map(\.trainLoss))
        #expect(last.weights == every.weights)
    }

    @Test func theEpochACallbackStopsAfterIsValidated() throws {
        let stop = StopAfter(epoch: 2)
        var rng = Xoshiro256(seed: 4)
        var model = MLP(sizes: [2, 8, 1], activation: .tanh, output: nil, using: &rng)
        var optimizer = Adam(learningRate: 0.01)
        var trainer = Trainer(
            loss: .binaryCrossEntropyWithLogits, batchSize: 10, epochs: 4, metrics: [.accuracy], callbacks: [stop])
        trainer.validatesEveryEpoch = false
        let history = try trainer.fit(
            &model, optimizer: &optimizer, on: spirals.train, validation: spirals.validation, using: &rng)
        let every = try run(everyEpoch: true, stopAfter: 2)
        #expect(history.stoppedEarly && history.epochs.count == 2)
        // The callback decides without validation values; the history gets them after the stop.
        #expect(stop.seen == [nil, nil])
        #expect(history.epochs.map { $0.validationLoss == nil } == [true, false])
        #expect(history.epochs.last?.validationLoss == every.history.epochs.last?.validationLoss)
        #expect(stop.final?.epochs.last?.validationLoss == history.epochs.last?.validationLoss)
    }
}
