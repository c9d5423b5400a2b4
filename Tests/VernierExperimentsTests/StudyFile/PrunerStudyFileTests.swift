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
        let negative = message("objective: iris\npruner: {name: hyperband, max_epochs: 0}\n") ?? ""
        #expect(negative.contains("s.yaml:2") && negative.contains("max_epochs must be ≥ 1"))
        let factor = message("objective: iris\npruner: {name: sha, reduction_factor: 1}\n") ?? ""
        #expect(factor.contains("reduction_factor must be ≥ 2"))
        #expect(throws: PrunerSettingsError.self) { try PrunerSettings(name: "nope") }
        // A plain name is checked when the file is read, not when the study starts.
        #expect(message("objective: iris\npruner: hyperband\n") == nil, "max_epochs comes from the study's epochs")
        #expect(message("objective: iris\npruner: sha\n") == nil)
        #expect(message("objective: iris\npruner: {name: sha, bootstrap_count: -1}\n")?.contains("s.yaml:2") == true)
    }

    @Test func missingMaxEpochsComeFromTheStudysEpochs() throws {
        func configuration(_ text: String) throws -> StudyPlan {
            try StudyFile.parse(text, file: "s.yaml").runner().plan
        }
        // iris tunes epochs {50, 100}: Hyperband's budget is the largest.
        let tuned = try configuration("objective: iris\npruner: hyperband\n")
        #expect(tuned.epochBudget == 100 && tuned.effectivePruner.maxEpochs == 100)
        #expect((try tuned.effectivePruner.makePruner() as? HyperbandPruner)?.maxResource == 100)
        // Epochs fixed by `set:` (the space without an epochs parameter): successive halving's budget and first rung.
        let fixed = try configuration(
            "objective: iris\nset: {epochs: 27}\npruner: sha\nparameters:\n  lr: {type: float, low: 0.001, high: 0.1}\n"
        )
        #expect(fixed.epochBudget == 27)
        let sha = try #require(try fixed.effectivePruner.makePruner() as? SuccessiveHalvingPruner)
        #expect(sha.maxResource == 27 && sha.minResource == 3)
        // An explicit max_epochs wins; other pruners are left alone.
        let explicit = try configuration("objective: iris\npruner: {name: hyperband, max_epochs: 15}\n")
        #expect(explicit.effectivePruner.maxEpochs == 15)
        #expect(try configuration("objective: iris\npruner: median\n").effectivePruner.maxEpochs == nil)
        // An objective without epochs: the error names the file, the line and the fix.
        do {
            _ = try configuration("objective: branin\npruner: hyperband\n")
            Issue.record("expected an error")
        } catch {
            let text = "\(error)"
            #expect(
                text.contains("s.yaml:2") && text.contains("max_epochs") && text.contains("{name: hyperband"), "\(text)"
            )
        }
        #expect(try configuration("objective: branin\npruner: {name: hyperband, max_epochs: 9}\n").epochBudget == nil)
    }

    @Test func epochBudgetUsesTheConfiguredEpochs() throws {
        // Every trial pruned early: the budget is still the configured epochs, not the most any trial trained.
        let study = try Study(name: "u", direction: .maximize, storage: InMemoryStorage())
        try study.optimize(trials: 3) { trial in
            try trial.setUserAttribute("max_epochs", .int(20))
            try trial.setUserAttribute("epochs", .int(trial.number + 1))
            throw TrialPruned()
        }
        let usage = try #require(EpochUsage(trials: try study.trials()))
        #expect(usage.totalEpochs == 6 && usage.fullRunEpochs == 20 && usage.budgetEpochs == 60)
        #expect(usage.trials.map(\.maxEpochs) == [20, 20, 20])
        // An `epochs` parameter is each trial's own budget; without either, the most any trial trained.
        let tuned = try Study(name: "p", direction: .maximize, storage: InMemoryStorage())
        try tuned.optimize(trials: 3) { trial in
            let epochs = try trial.suggestCategorical("epochs", [10, 30, 60])
            try trial.setUserAttribute("epochs", .int(trial.number == 2 ? 4 : epochs))
            if trial.number == 2 { throw TrialPruned() }
            return 1
        }
        let perTrial = try #require(EpochUsage(trials: try tuned.trials()))
        let configured = try tuned.trials().map { try #require($0.externalParameters["epochs"]?.intValue) }
        #expect(perTrial.budgetEpochs == configured.reduce(0, +))
        #expect(perTrial.fullRunEpochs == configured.max())
        let plain = try Study(name: "n", direction: .maximize, storage: InMemoryStorage())
        try plain.optimize(trials: 2) { trial in
            try trial.setUserAttribute("epochs", .int(trial.number == 0 ? 15 : 3))
            return 1
        }
        let fallback = try #require(EpochUsage(trials: try plain.trials()))
        #expect(fallback.fullRunEpochs == 15 && fallback.budgetEpochs == 30)
    }

    @Test func settingsBuildEachPruner() throws {
        #expect(try PrunerSettings(name: "none").makePruner() is NopPruner)
        let median = try #require(try PrunerSettings(name: "median").makePruner() as? MedianPruner)
        #expect(median.startupTrials == 5 && median.warmupSteps == 1)
        let sha = try #require(try PrunerSettings(name: "sha").makePruner() as? SuccessiveHalvingPruner)
        #expect(sha.minResource == 1 && sha.reductionFactor == 3 && sha.maxResource == nil)
        // With the full run known, successive halving's first rung is two halvings below it.
        var known = try PrunerSettings(name: "asha")
        known.maxEpochs = 30
        let derived = try #require(try known.makePruner() as? SuccessiveHalvingPruner)
        #expect(derived.minResource == 3 && (0...2).map(derived.rungStep) == [3, 9, 27])
        #expect(derived.maxResource == 30, "no rung is decided at the full run")
        #expect(known.summary == "sha (min 3, max 30 epochs, η 3)")
        #expect(try PrunerSettings(name: "sha").summary == "sha (min 1 epochs, η 3)")
        known.maxEpochs = 5
        #expect((try known.makePruner() as? SuccessiveHalvingPruner)?.minResource == 1)
        known.minEpochs = 2
        #expect((try known.makePruner() as? SuccessiveHalvingPruner)?.minResource == 2)
        known.maxEpochs = 0
        #expect(throws: PrunerSettingsError.self) { try known.makePruner() }
        // Hyperband: η = 4 from 1 epoch.
        var hyperband = try PrunerSettings(name: "hyperband")
        hyperband.maxEpochs = 30
        let brackets = try #require(try hyperband.makePruner() as? HyperbandPruner)
        #expect(brackets.minResource == 1 && brackets.reductionFactor == 4 && brackets.bracketBudgets == [16, 6, 3])
        #expect(hyperband.summary == "hyperband (min 1, max 30 epochs, η 4)")
    }

    @Test func irisHyperbandStudyRunsEndToEnd() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
                "examples/iris-hyperband.yaml")
        var configuration = try StudyFile.load(path: path.path)
        #expect(configuration.pruner?.kind == .hyperband && configuration.pruner?.maxEpochs == 15)
        #expect(configuration.space?.names.sorted() == ["batch_size", "hidden", "lr"])
        configuration.trials = 12
        let storage = InMemoryStorage()
        let summary = try configuration.run(storage: storage).summary
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
            #expect(trial.userAttributes["max_epochs"]?.intValue == 15, "the configured epochs, pruned or not")
            if trial.state == .complete { #expect(epochs == 15) }
            if trial.state == .pruned { #expect([1, 3, 9].contains(epochs), "pruned at a rung") }
        }
        #expect(summary.bestValue != nil && !summary.bestTrials.isEmpty)
        let json = String(decoding: try summary.jsonData(), as: UTF8.self)
        #expect(json.contains("\"total_epochs\"") && json.contains("\"budget_epochs\" : 180"))
    }
}
