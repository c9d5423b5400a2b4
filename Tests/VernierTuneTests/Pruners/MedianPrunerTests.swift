import Testing
import VernierTune

@Suite struct MedianPrunerTests {
    @Test func prunesTrialsWorseThanTheMedianAfterStartup() throws {
        let study = try Study(
            name: "p", direction: .minimize, storage: InMemoryStorage(),
            pruner: MedianPruner(startupTrials: 3, warmupSteps: 1))
        // Trials 0-3 report constant curves 1, 2, 3, 4; trial 4 reports 10 and should be pruned at step 1.
        let levels = [1.0, 2, 3, 4, 10, 0.5]
        var prunedAt: [Int: Int] = [:]
        try study.optimize(trials: levels.count) { trial in
            _ = try trial.suggestFloat("x", in: 0...1)
            let level = levels[trial.number]
            for step in 0..<4 {
                try trial.report(level, step: step)
                if try trial.shouldPrune() {
                    prunedAt[trial.number] = step
                    throw TrialPruned()
                }
            }
            return level
        }
        let states = try study.trials().map(\.state)
        #expect(states == [.complete, .complete, .complete, .pruned, .pruned, .complete])
        #expect(prunedAt[4] == 1, "not before the warm-up step")
        #expect(try study.trial(number: 4).value == 10, "a pruned trial keeps its last reported value")
    }

    @Test func nopPrunerNeverPrunes() throws {
        let study = try Study(name: "n", direction: .minimize, storage: InMemoryStorage(), pruner: NopPruner())
        try study.optimize(trials: 3) { trial in
            try trial.report(Double(trial.number), step: 0)
            #expect(try !trial.shouldPrune())
            return 0
        }
        #expect(try study.trials(states: [.complete]).count == 3)
    }
}
