import Testing
import VernierTraining

/// `TrainingHistory.stall`: no progress is told apart as divergence (lower the learning rate) or a flat loss
/// (raise it); a run that made progress has none.
@Suite struct TrainingStallTests {
    static func history(start: Float, epochs: [Double]) -> TrainingHistory {
        TrainingHistory(
            stepLosses: [start],
            epochs: epochs.enumerated().map { index, loss in
                EpochRecord(
                    epoch: index + 1, trainLoss: loss, trainMetrics: [:], learningRate: 0.1, seconds: 1,
                    samplesPerSecond: 1)
            })
    }

    @Test func progressHasNoStall() {
        let history = Self.history(start: 1.1, epochs: [0.9, 0.5])
        #expect(history.stall == nil)
        #expect(!history.madeNoProgress)
    }

    @Test func aLossThatBlewUpDiverged() {
        #expect(Self.history(start: 1.1, epochs: [2.4e4, 34]).stall == .diverged)
        #expect(Self.history(start: 1.1, epochs: [0.9, .nan]).stall == .diverged)
        #expect(Self.history(start: 1.1, epochs: [.infinity]).madeNoProgress)
    }

    @Test func aLossThatBarelyMovedIsFlat() {
        let history = Self.history(start: 1.25, epochs: [1.282, 1.281, 1.2798])
        #expect(history.stall == .flat)
        #expect(history.madeNoProgress)
    }
}
