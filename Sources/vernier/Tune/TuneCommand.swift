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
              vernier tune spirals --metric val_accuracy,parameters --direction maximize,minimize --trials 30
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

    @OptionGroup(title: "What to optimize")
    var objectiveOptions: ObjectiveOptions

    @Option(
        help: ArgumentHelp(
            "Sampler: grid, random, sobol, sensitivity, gp, tpe, cmaes or nsga2 (several metrics: "
                + SamplerKind.allCases.filter(\.supportsSeveralObjectives).map(\.rawValue).joined(separator: ", ")
                + ").")
    )
    var sampler: String?

    @Option(
        parsing: .unconditional,
        help: "tpe: draws scored per proposal (default 64, 24 with several metrics; Optuna's TPE uses 24).")
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
            "on (default): trials of a grid, random, sobol or sensitivity study without pruner that the fused MLP "
                + "step trains run side by side on all cores (each its own Trainer run: the same values); off: one "
                + "trial at a time.",
            valueName: "on|off"))
    var fused: String?

    /// The earlier name of `--fused`, parsed only to refuse it with the new name (``validate()``).
    @Option(help: .hidden)
    var vectorize: String?

    @Flag(help: "Print only the final results, not one line per trial.")
    var quiet = false

    @OptionGroup(title: "Parallel and distributed studies")
    var parallel: ParallelOptions

    @OptionGroup(title: "Command studies")
    var commandTrials: CommandTrialOptions

    func validate() throws {
        if let trials, trials < 1 { throw ValidationError("--trials must be at least 1, got \(trials)") }
        if let timeout, !(timeout > 0 && timeout.isFinite) {
            throw ValidationError("--timeout must be a positive number of seconds, got \(timeout)")
        }
        if let repeats, repeats < 1 { throw ValidationError("--repeats must be at least 1") }
        if let candidates, candidates < 1 { throw ValidationError("--candidates must be at least 1") }
        if let vectorize {
            throw ValidationError("--vectorize is renamed --fused: use --fused on|off (got --vectorize \(vectorize))")
        }
        if let fused, !["on", "off"].contains(fused) {
            throw ValidationError("--fused: expected on or off, got '\(fused)'")
        }
    }

    /// Parse → recipe → runner → presentation: the study file (or objective) with these options over it, checked
    /// whole before the storage is opened; a study stored under the same name with another recipe is refused.
    func run() throws {
        let recipe = try StudyRecipe(target: target, options: try overrides(), out: out, commandTrials: commandTrials)
        try recipe.printDataNotes()
        let url = recipe.overrides.storage ?? StorageURL.defaultURL
        let store = try openStorage(url, mode: .createFile)
        try recipe.checkStored(in: store)
        let presenter = TunePresenter(runner: recipe.runner, quiet: quiet, out: out, report: report)
        presenter.printHeader(storage: store)
        let execution = StudyExecution(runner: recipe.runner, storage: store, storageURL: url)
        let summary = try execution.run(parallel, onTrialFinished: presenter.printTrial)
        try presenter.present(summary, storage: store)
        try recipe.runner.outcome(of: summary.summary).exitUnlessComplete("tune")
    }
}
