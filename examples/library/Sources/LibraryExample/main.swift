import VernierData
import VernierOptimizers
import VernierRandom
import VernierTraining
import VernierTune

// An objective of your own: train the model with the trial's learning rate and width and return the
// validation accuracy. Any closure that returns a number can be tuned.
let data = Spirals(train: 1000, validation: 500)
let study = try Study(
    name: "spirals-from-swift", direction: .maximize, storage: InMemoryStorage(), sampler: RandomSampler(seed: 1))
try study.optimize(trials: 8) { trial in
    let learningRate = try trial.suggestFloat("lr", in: 1e-3...1e-1, log: true)
    let width = try trial.suggestInt("width", in: 4...32)
    var generator = Xoshiro256(seed: UInt64(trial.number))
    var model = SpiralNet(width: width, using: &generator)
    var optimizer = Adam(learningRate: Float(learningRate))
    let history = try fit(
        &model, on: data.train, validation: data.validation, loss: .binaryCrossEntropyWithLogits,
        optimizer: &optimizer, batchSize: 32, epochs: 5, using: &generator)
    return history.epochs.last?.validationMetrics["accuracy"] ?? 0
}
for trial in try study.bestTrials() {
    print("best validation accuracy \(trial.value!) with \(trial.externalParameters)")
}
