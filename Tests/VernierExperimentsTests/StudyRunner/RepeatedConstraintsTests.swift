import Foundation
import Testing
import VernierExperiments
import VernierTune

/// With `repeats: k`, a trial's constraint values are the mean over its repeats, as its value is.
@Suite struct RepeatedConstraintsTests {
    @Test func constraintValuesAreTheMeanOverRepeats() throws {
        // The constraint bounds the optimized metric itself, so its mean is known from the trial's repeat values.
        var options = StudySpec.Overrides()
        options.objective = "spirals"
        options.settings = ["train-size": "100", "validation-size": "50", "test-size": "50"]
        options.metrics = ["val_accuracy"]
        options.directions = [.maximize]
        options.constraints = [try MetricConstraint(parsing: "val_accuracy >= 0.6")]
        options.repeats = 3
        options.trials = 3
        options.seed = 5
        let storage = InMemoryStorage()
        let (runner, _) = try options.run(storage: storage)
        let trials = try Study.load(name: runner.studyName, storage: storage).trials(states: [.complete])
        #expect(trials.count == 3)
        var someRepeatsDiffer = false
        for trial in trials {
            let stored = try #require(trial.userAttributes[.repeatValues]?.arrayValue)
            let repeats = stored.compactMap(\.doubleValue)
            #expect(repeats.count == 3)
            someRepeatsDiffer = someRepeatsDiffer || Set(repeats).count > 1
            let mean = repeats.map { 0.6 - $0 }.reduce(0, +) / 3
            let constraint = try #require(trial.constraints?.first)
            #expect(abs(constraint - mean) < 1e-12, "trial \(trial.number): \(constraint), repeats \(repeats)")
        }
        // Otherwise the last repeat's value would pass for the mean.
        #expect(someRepeatsDiffer, "every trial's repeats agree; the test proves nothing")
    }
}
