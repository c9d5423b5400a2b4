import Testing
import VernierData
import VernierNN
import VernierTensor
import VernierTraining

/// Chance is the most frequent validation class's share, read from targets as the accuracy metric reads them; a run
/// is barely above chance when it closes less than a fifth of the gap to perfect.
@Suite struct ChanceComparisonTests {
    static func dataset(targets: [Float], shape: [Int]) -> TensorDataset {
        let rows = shape[0]
        return TensorDataset(
            features: Tensor(shape: [rows, 1], scalars: (0..<rows).map(Float.init)),
            targets: Tensor(shape: shape, scalars: targets))
    }

    @Test func chanceIsTheMostFrequentClassesShare() {
        let binary = Self.dataset(targets: [1, 0, 1, 1], shape: [4, 1])
        #expect(binary.chanceAccuracy(loss: .binaryCrossEntropyWithLogits) == 0.75)
        #expect(binary.chanceAccuracy(loss: .meanSquaredError) == 0.75)
        let indices = Self.dataset(targets: [2, 0, 2, 1, 2], shape: [5])
        #expect(indices.chanceAccuracy(loss: .crossEntropy) == 0.6)
        let oneHot = Self.dataset(targets: [0, 1, 0, 0, 1, 0, 1, 0, 0], shape: [3, 3])
        #expect(oneHot.chanceAccuracy(loss: .crossEntropy) == Double(2) / 3)
        // Several outputs under an element-wise loss are not class labels; nor are NaN targets.
        #expect(oneHot.chanceAccuracy(loss: .meanSquaredError) == nil)
        #expect(Self.dataset(targets: [1, .nan], shape: [2, 1]).chanceAccuracy(loss: .crossEntropy) == nil)
        #expect(Self.dataset(targets: [], shape: [0, 1]).chanceAccuracy(loss: .crossEntropy) == nil)
    }

    @Test func barelyAboveChanceClosesLessThanAFifthOfTheGap() {
        #expect(ChanceComparison(accuracy: 0.558, chance: 0.52).barelyAboveChance)
        #expect(!ChanceComparison(accuracy: 0.62, chance: 0.52).barelyAboveChance)
        #expect(ChanceComparison(accuracy: 0.27, chance: 0.1).barelyAboveChance)
        #expect(!ChanceComparison(accuracy: 0.29, chance: 0.1).barelyAboveChance)
        #expect(ChanceComparison(accuracy: .nan, chance: 0.5).barelyAboveChance)
    }

    @Test func theComparisonReadsTheLastValidationAccuracy() {
        var history = TrainingHistory()
        var first = EpochRecord(
            epoch: 1, trainLoss: 1, trainMetrics: [:], learningRate: 0.1, seconds: 1, samplesPerSecond: 1)
        first.validationMetrics = ["accuracy": 0.9]
        var last = first
        last.epoch = 2
        last.validationMetrics = ["accuracy": 0.5]
        history.epochs = [first, last]
        let validation = Self.dataset(targets: [1, 0, 1, 0], shape: [4, 1])
        let comparison = ChanceComparison(history: history, validation: validation, loss: .binaryCrossEntropy)
        #expect(comparison == ChanceComparison(accuracy: 0.5, chance: 0.5))
        history.epochs[1].validationMetrics = [:]
        #expect(ChanceComparison(history: history, validation: validation, loss: .binaryCrossEntropy) == nil)
    }
}
