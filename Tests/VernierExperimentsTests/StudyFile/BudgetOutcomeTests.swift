import Testing
import VernierExperiments
import VernierTune

/// The exit status of `vernier tune`: 0 only when the budget is complete.
@Suite struct BudgetOutcomeTests {
    @Test func onlyTrialsFinishedOnTheirOwnMeritsCount() {
        #expect(
            BudgetOutcome(counts: ["complete": 5, "pruned": 2, "failed": 1], expected: 8, boundedByTimeout: false)
                == .complete)
        #expect(
            BudgetOutcome(counts: ["complete": 3, "waiting": 4, "running": 1], expected: 8, boundedByTimeout: false)
                == .incomplete(finished: 3, expected: 8, waiting: 4, running: 1))
        #expect(BudgetOutcome(counts: ["failed": 3], expected: 3, boundedByTimeout: false) == .allFailed(count: 3))
        #expect(BudgetOutcome(counts: ["complete": 2], expected: 20, boundedByTimeout: true) == .complete)
        #expect(BudgetOutcome(counts: ["complete": 2], expected: nil, boundedByTimeout: false) == .complete)
        let message = BudgetOutcome(counts: ["complete": 1], expected: 2, boundedByTimeout: false).description
        #expect(message.contains("1 of 2 trials finished") && message.contains("run the same command again"))
    }

    @Test func aGridExpectsItsPointsEvenWithALargerBudget() throws {
        var configuration = StudySpec.Overrides(objective: "iris")
        configuration.sampler = .grid
        configuration.trials = 100
        let grid = try configuration.runner().plan
        #expect(grid.expectedTrialCount == grid.plannedTrialCount && grid.plannedTrialCount == 8)
        configuration.sampler = .random
        #expect(try configuration.runner().plan.expectedTrialCount == 100)
    }
}
