import ArgumentParser
import Foundation
import VernierExperiments
import VernierReports
import VernierTune
import VernierTuneSQLite

/// `vernier tune <study.yaml | objective>`: runs (or resumes) a hyperparameter study.
struct TuneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Run or resume a hyperparameter study on a study file or a built-in objective.",
        discussion: """
            The study is stored (default \(StorageURL.defaultURL)); running the same study again resumes it, and
            --trials is the study-wide total. Several processes can share one study through one SQLite file.

            Objectives: \(TunableObjectiveRegistry.all.map(\.name).joined(separator: ", ")).

            Examples:
              vernier tune spirals --sampler sensitivity --repeats 3
              vernier tune iris --sampler grid
              vernier tune iris --sampler tpe --trials 30 --set epochs=20
              vernier tune spirals --sampler tpe --trials 40 --pruner hyperband --max-epochs 30 --workers 2
              vernier tune branin --sampler gp --trials 64
              vernier tune study.yaml --sampler sensitivity --repeats 3 --out runs/tune/sensitivity
              vernier tune sphere --storage memory: --trials 20 --seed 1
              vernier tune csv --file data.csv --label y --trials 20
              vernier tune mnist --data ~/mnist --trials 10 --set epochs=2
              vernier tune train-study.yaml --workers 2   # a study file with command: [python3, train.py, …]

            A study file with `command:` instead of `objective:` tunes your own program: each trial runs it with
            its parameters and reads JSON lines from its standard output (README, "Tune your own code").
            """)

    @Argument(help: "A study file (.yaml) or the name of an objective.")
    var target: String

    @Option(help: "Sampler: grid, random, sobol, sensitivity, gp, tpe or cmaes.")
    var sampler: String?

    @Option(parsing: .unconditional, help: "tpe: draws scored per proposal (default 64; Optuna's TPE uses 24).")
    var candidates: Int?

    @Option(help: "Pruner: none, median, percentile, sha (asha) or hyperband; the step is the epoch.")
    var pruner: String?

    @Option(
        parsing: .unconditional,
        help: "First rung of sha / hyperband in epochs (default: hyperband 1, sha max-epochs/η² or 1).")
    var minEpochs: Int?

    @Option(
        parsing: .unconditional,
        help:
            "Most epochs a trial runs (default: the largest epochs of the space, else the epochs setting): hyperband's budget, sha's first rung; no rung is decided at it, so a fully trained trial completes."
    )
    var maxEpochs: Int?

    @Option(parsing: .unconditional, help: "Reduction factor η of sha / hyperband (default: sha 3, hyperband 4).")
    var reductionFactor: Int?

    @Option(parsing: .unconditional, help: "Epochs before median / percentile prune (default 1).")
    var warmupEpochs: Int?

    @Option(parsing: .unconditional, help: "Complete trials before median / percentile prune (default 5).")
    var startupTrials: Int?

    @Option(parsing: .unconditional, help: "Percentile of the percentile pruner (default 25).")
    var percentile: Double?

    @Option(parsing: .unconditional, help: "Study-wide trial budget (trials of earlier runs count).")
    var trials: Int?

    @Option(parsing: .unconditional, help: "Stop starting new trials after this many seconds.")
    var timeout: Double?

    @Option(help: "Storage URL: sqlite:path/to/file.db or memory:.")
    var storage: String?

    @Option(help: "The study's name (default: from the file, or <objective>-<sampler>).")
    var study: String?

    @Option(parsing: .unconditional, help: "Evaluate each configuration this many times (mean and sd are reported).")
    var repeats: Int?

    @Option(parsing: .unconditional, help: "Seed of the sampler and the objective.")
    var seed: UInt64?

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "Fix a setting of an experiment objective for every trial (repeatable), e.g. --set epochs=10.",
            valueName: "key=value"))
    var settings: [String] = []

    @Option(help: "The CSV file for the csv objective (same as --set file=PATH).")
    var file: String?

    @Option(help: "The label column for the csv objective (same as --set label=COLUMN).")
    var label: String?

    @Option(help: "The IDX data directory for mnist / fashion-mnist (same as --set data=DIR).")
    var data: String?

    @Option(
        help:
            "Write DIR/summary.json and DIR/report.html (the report goes to runs/tune/<study>/ otherwise); a command study's trial logs go to DIR/trials/."
    )
    var out: String?

    @Option(help: "Write the study report here (.html, .md, .json or .csv) instead; 'none' writes no report.")
    var report: String?

    @Option(
        help: ArgumentHelp(
            "on (default): train MLP trials with the fused step, and compatible trials of a grid, random, sobol or "
                + "sensitivity study without pruner together on all cores; off: the plain Trainer.",
            valueName: "on|off"))
    var vectorize: String?

    @Flag(help: "Print only the final results, not one line per trial.")
    var quiet = false

    @OptionGroup(title: "Parallel and distributed studies")
    var parallel: ParallelOptions

    func validate() throws {
        if let trials, trials < 1 { throw ValidationError("--trials must be at least 1, got \(trials)") }
        if let timeout, !(timeout > 0 && timeout.isFinite) {
            throw ValidationError("--timeout must be a positive number of seconds, got \(timeout)")
        }
    }

    func run() throws {
        var configuration = try loadConfiguration()
        if let sampler {
            guard let kind = SamplerKind(rawValue: sampler) else {
                throw ValidationError(
                    "unknown sampler '\(sampler)'; valid: \(SamplerKind.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            // A command study is named after its file (`train.yaml` → `train-random`), others after the objective.
            let prefix =
                configuration.command != nil
                ? URL(fileURLWithPath: target).deletingPathExtension().lastPathComponent : configuration.objective.name
            if configuration.studyName == "\(prefix)-\(configuration.sampler.rawValue)" {
                configuration.studyName = "\(prefix)-\(kind.rawValue)"
            }
            configuration.sampler = kind
        }
        if let candidates {
            guard candidates >= 1 else { throw ValidationError("--candidates must be at least 1") }
            guard configuration.sampler == .tpe else {
                throw ValidationError("--candidates applies to the tpe sampler only")
            }
            configuration.candidates = candidates
        }
        try applyPrunerOptions(to: &configuration)
        if let trials {
            guard trials > 0 else { throw ValidationError("--trials must be positive") }
            configuration.trials = trials
        }
        if let timeout { configuration.timeout = timeout }
        if let study { configuration.studyName = study }
        if let repeats {
            guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
            configuration.repeats = repeats
        }
        if let seed { configuration.seed = seed }
        if let vectorize {
            guard ["on", "off"].contains(vectorize) else {
                throw ValidationError("--vectorize: expected on or off, got '\(vectorize)'")
            }
            configuration.vectorize = vectorize == "on"
        }
        var fixed: [String: String] = [:]
        do { fixed = try ExperimentConfiguration.settings(from: settings) } catch let error as ConfigError {
            throw ValidationError(error.description)
        }
        if let file { fixed["file"] = file }
        if let label { fixed["label"] = label }
        if let data { fixed["data"] = data }
        if !fixed.isEmpty {
            do {
                try configuration.applySettings(fixed, metric: nil)
            } catch let error as ConfigError {
                throw ValidationError(error.description)
            } catch let error as TuneConfigurationError {
                throw ValidationError("--set: \(error.description)")
            }
        }
        try validatePruner(of: configuration)
        do {
            try configuration.validate()
        } catch let error as TuneConfigurationError {
            throw ValidationError("\(settings.isEmpty ? target : "--set"): \(error.description)")
        }
        try printDataNotes(of: configuration)
        let outputFolder = StudyReportLocation.url(out: out, study: configuration.studyName).deletingLastPathComponent()
        configuration.setCommandLogDirectory(outputFolder.appendingPathComponent("trials").path)
        let url = storage ?? configuration.storageURL ?? StorageURL.defaultURL
        let store = try openStorage(url, mode: .createFile)
        do {
            try configuration.checkStoredSpec(in: store)
        } catch let error as StudySpecError {
            throw ValidationError(error.description)
        }

        print(
            "Study '\(configuration.studyName)' in \(store.url): \(configuration.objective.name), "
                + "\(configuration.direction.rawValue) \(configuration.metric), sampler \(configuration.sampler.rawValue)"
                + (configuration.repeats > 1 ? ", \(configuration.repeats) repeats" : "")
                + (configuration.pruner.kind == .none ? "" : ", pruner \(configuration.effectivePruner.summary)"))
        if let command = configuration.command {
            print("Trial logs: \(command.logFolder(study: configuration.studyName))/<trial>.log")
        }
        let printer = TrialLinePrinter(metric: configuration.metric, quiet: quiet)
        let summary = try parallel.run(configuration, storage: store, url: url, onTrialFinished: printer.print)
        if parallel.workerID != nil {
            try parallel.printWorkerSummary(configuration, storage: store)
            return try BudgetOutcome(summary: summary, configuration: configuration).exitUnlessComplete("tune")
        }
        let study = try configuration.makeStudy(storage: store)
        print("")
        print(
            "Trials: "
                + summary.trials.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
                .joined(separator: ", "))
        if let epochs = summary.epochs { print(epochs.plainText()) }
        if configuration.sampler == .sensitivity {
            print("\nImpact of each hyperparameter (one at a time around the baseline):")
            print(try ImpactTable(study: study).plainText())
        } else {
            let table = try TrialTable(study: study)
            print("\nTop trials:")
            var limited = table
            limited.rows = Array(table.rows.prefix(10))
            print(limited.plainText())
            let importance = try ParameterImportance.compute(study: study)
            // Below 5 completed trials the shares are noise (as in the reports, which leave them out too).
            if importance.count > 1, try study.trials().filter({ $0.state == .complete }).count >= 5 {
                print(
                    "Importance (PED-ANOVA, shares of the total): "
                        + importance.map { "\($0.parameter) \(String(format: "%.2f", $0.importance))" }.joined(
                            separator: ", "))
            }
        }
        print("")
        printBestTrials(try study.bestTrials())
        if let test = summary.testValue, let trial = summary.testTrial {
            let testMetric =
                configuration.metric.hasPrefix("val_")
                ? "test_" + configuration.metric.dropFirst(4) : "test \(configuration.metric)"
            print(
                "Test-set \(testMetric) of the chosen configuration (trial \(trial), measured once, after selection): "
                    + ParameterValue.format(test))
        }
        if let out {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let path = URL(fileURLWithPath: out).appendingPathComponent("summary.json")
            try summary.jsonData().write(to: path)
            print("Wrote \(path.path)")
        }
        if report != "none" {
            let url =
                report.map { URL(fileURLWithPath: $0) }
                ?? StudyReportLocation.url(out: out, study: configuration.studyName)
            try ReportWriter.writeStudyReport(study: study, to: url)
            print("Wrote the study report to \(url.path)")
        }
        try BudgetOutcome(summary: summary, configuration: configuration).exitUnlessComplete("tune")
    }

    /// Loads the data of an experiment objective once before the study starts, so a missing or unreadable file
    /// is refused before anything is written, and prints what loading decided (how a CSV label was read).
    func printDataNotes(of configuration: TuneConfiguration) throws {
        guard configuration.command == nil,
            let experiment = try? ExperimentRegistry.experiment(named: configuration.objective.name),
            let supervised = experiment as? SupervisedExperiment,
            supervised.keyNames.contains("file") || configuration.settings["data"] != nil
        else { return }
        do {
            let settings = try supervised.configuration(configuration.settings, location: "--set")
            for note in try supervised.dataNotes(settings) { print(note) }
        } catch {
            let message = (error as? ConfigError)?.description ?? "\(error)"
            // From a study file's `set:` (and no option overrode it): name the file, line and key.
            let key = supervised.keyNames.contains("file") ? "file" : "data"
            if isStudyFile, file == nil, data == nil, let study = try? StudyFile.load(path: target),
                let line = study.settingLines[key]
            {
                throw ValidationError(
                    StudyFileError(file: target, line: line, field: "set.\(key)", message: message).description)
            }
            throw ValidationError("\(configuration.objective.name): \(message)")
        }
    }

    /// Applies `--pruner` and its settings (over a study file's `pruner:`).
    func applyPrunerOptions(to configuration: inout TuneConfiguration) throws {
        do {
            if let pruner { configuration.pruner = try PrunerSettings(name: pruner) }
            if let minEpochs { configuration.pruner.minEpochs = minEpochs }
            if let maxEpochs { configuration.pruner.maxEpochs = maxEpochs }
            if let reductionFactor { configuration.pruner.reductionFactor = reductionFactor }
            if let warmupEpochs { configuration.pruner.warmupEpochs = warmupEpochs }
            if let startupTrials { configuration.pruner.startupTrials = startupTrials }
            if let percentile { configuration.pruner.percentile = percentile }
        } catch {
            throw ValidationError("--pruner: \(error.message)")
        }
    }

    /// Checks the pruner once the settings are final (its epoch budget may come from `--set epochs=N`).
    func validatePruner(of configuration: TuneConfiguration) throws {
        do {
            _ = try configuration.effectivePruner.makePruner()
        } catch {
            throw ValidationError((pruner != nil ? "--pruner: " : "\(target): ") + error.message)
        }
    }

    /// Whether the target is a study file rather than an objective's name.
    var isStudyFile: Bool {
        target.hasSuffix(".yaml") || target.hasSuffix(".yml") || FileManager.default.fileExists(atPath: target)
    }

    func loadConfiguration() throws -> TuneConfiguration {
        do {
            let configuration =
                isStudyFile
                ? try TuneConfiguration(file: try StudyFile.load(path: target))
                : try TuneConfiguration(objectiveName: target)
            try refuseExternalObjective(configuration)
            return configuration
        } catch let error as StudyFileError {
            throw ValidationError(error.description)
        } catch let error as TuneConfigurationError {
            throw ValidationError(error.description)
        }
    }
}
