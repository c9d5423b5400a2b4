import Foundation
import Testing
import VernierExperiments
import VernierTune

@Suite struct PrunerStudyFileTests {
    @Test func parsesPrunerMappingsAndNames() throws {
        let file = try StudyFile.parse(
            "objective: iris\npruner: {name: hyperband, min_epochs: 2, max_epochs: 18, reduction_factor: 3}\n")
        #expect(file.pruner?.kind == .hyperband)
        #expect(file.pruner?.minEpochs == 2 && file.pruner?.maxEpochs == 18 && file.pruner?.reductionFactor == 3)
        let hyperband = try #require(try file.pruner?.makePruner() as? HyperbandPruner)
        #expect(hyperband.bracketBudgets == [9, 5, 3])
        #expect(try StudyFile.parse("objective: iris\npruner: median\n").pruner?.kind == .median)
        #expect(try StudyFile.parse("objective: iris\npruner: asha\n").pruner?.kind == .sha)
        let percentile = try StudyFile.parse("objective: iris\npruner: {name: percentile, percentile: 10}\n")
        #expect((try percentile.pruner?.makePruner() as? PercentilePruner)?.percentile == 10)
        #expect(try StudyFile.parse("objective: iris\n").pruner == nil)
    }

    @Test func badPrunersGiveClearErrors() {
        func message(_ text: String) -> String? {
            do {
                _ = try StudyFile.parse(text, file: "s.yaml")
                return nil
            } catch {
                return "\(error)"
            }
        }
        let unknown = message("objective: iris\npruner: {name: hyperbandx}\n") ?? ""
        #expect(unknown.contains("s.yaml:2") && unknown.contains("pruner.name"))
        #expect(unknown.contains("valid: none, median, percentile, sha, asha, hyperband"))
        let key = message("objective: iris\npruner: {name: sha, min_epoch: 2}\n") ?? ""
        #expect(key.contains("pruner.min_epoch") && key.contains("unknown key"))
        let missing = message("objective: iris\npruner: {name: hyperband}\n") ?? ""
        #expect(missing.contains("max_epochs"))
        let factor = message("objective: iris\npruner: {name: sha, reduction_factor: 1}\n") ?? ""
        #expect(factor.contains("reduction_factor must be ≥ 2"))
        #expect(throws: PrunerSettingsError.self) { try PrunerSettings(name: "nope") }
    }

    @Test func settingsBuildEachPruner() throws {
        #expect(try PrunerSettings(name: "none").makePruner() is NopPruner)
        let median = try #require(try PrunerSettings(name: "median").makePruner() as? MedianPruner)
        #expect(median.startupTrials == 5 && median.warmupSteps == 1)
        let sha = try #require(try PrunerSettings(name: "sha").makePruner() as? SuccessiveHalvingPruner)
        #expect(sha.minResource == 1 && sha.reductionFactor == 3)
    }

    @Test func irisHyperbandStudyRunsEndToEnd() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
                "examples/iris-hyperband.yaml")
        var configuration = try TuneConfiguration(file: try StudyFile.load(path: path.path))
        #expect(configuration.pruner.kind == .hyperband && configuration.pruner.maxEpochs == 15)
        #expect(configuration.space.names.sorted() == ["batch_size", "hidden", "lr"])
        configuration.trials = 12
        let storage = InMemoryStorage()
        let summary = try configuration.run(storage: storage)
        let usage = try #require(summary.epochs)
        #expect(usage.trials.count == 12)
        #expect(usage.fullRunEpochs == 15 && usage.budgetEpochs == 180)
        #expect(usage.totalEpochs == usage.trials.map(\.epochs).reduce(0, +))
        #expect(usage.totalEpochs < usage.budgetEpochs, "Hyperband prunes some of 12 iris trials")
        let trials = try Study.load(name: "iris-hyperband", storage: storage).trials()
        for trial in trials {
            let epochs = try #require(trial.userAttributes["epochs"]?.intValue)
            #expect(trial.intermediateValues.keys.sorted() == Array(1...epochs), "one report per epoch")
            #expect(trial.systemAttributes[HyperbandPruner.bracketKey] != nil)
            if trial.state == .complete { #expect(epochs == 15) }
            if trial.state == .pruned { #expect([1, 3, 9].contains(epochs), "pruned at a rung") }
        }
        #expect(summary.bestValue != nil && !summary.bestTrials.isEmpty)
        let json = String(decoding: try summary.jsonData(), as: UTF8.self)
        #expect(json.contains("\"total_epochs\"") && json.contains("\"budget_epochs\" : 180"))
    }
}
