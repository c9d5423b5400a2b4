import ArgumentParser
import Foundation
import VernierExperiments
import VernierReports
import VernierTraining
import VernierTrainingReports

/// `vernier train <experiment> [--set key=value]... [--config FILE] [--seed N] [--out DIR]`: trains one built-in
/// experiment and prints a summary; with `--out`, writes history.csv, history.json, model.safetensors and
/// summary.json.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a built-in experiment (spirals, cubic, iris, fashion-mnist, mnist, csv).",
        discussion: TrainHelp.discussion)

    @Argument(help: "The experiment: \(ExperimentRegistry.names.joined(separator: ", ")).")
    var experiment: String

    @Option(name: .customLong("set"), help: "A setting as key=value (repeatable), e.g. --set lr=0.1.")
    var settings: [String] = []

    @Option(name: .long, help: "A YAML file of settings (key: value); --set overrides it.")
    var config: String?

    @Option(
        name: .long, parsing: .unconditional,
        help: "The seed of initialization, shuffling and dropout (default: the seed key, 0).")
    var seed: UInt64?

    @Option(name: .long, help: "Write history.csv, history.json, model.safetensors and summary.json here.")
    var out: String?

    @Option(name: .long, help: "Data directory for fashion-mnist / mnist (same as --set data=DIR).")
    var data: String?

    @Option(name: .long, help: "The CSV file for the csv experiment (same as --set file=PATH).")
    var file: String?

    @Option(name: .long, help: "The label column for the csv experiment (same as --set label=COLUMN).")
    var label: String?

    @Option(
        name: .long,
        help: "Where to train: cpu or cuda (default: the VERNIER_DEVICE environment variable, else cpu).")
    var device: String?

    @Flag(name: .long, help: "Print no per-epoch progress.")
    var quiet = false

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Also write report.html with curves and model figures next to the history "
                + "(default --out runs/train/<experiment>)."))
    var report = false

    /// Validates the settings into a recipe (refusals print alone, exit 64), trains, and presents.
    func run() throws {
        let experiment: any Experiment
        let configuration: ExperimentConfiguration
        // Supervised experiments are validated once into a typed recipe, which every engine trains from.
        var recipe: TrainingRecipe?
        let runSeed: UInt64
        do {
            experiment = try ExperimentRegistry.experiment(named: self.experiment)
            var overrides = try ExperimentConfiguration.settings(from: settings)
            if let data { overrides["data"] = data }
            if let file { overrides["file"] = file }
            if let label { overrides["label"] = label }
            if let seed { overrides["seed"] = String(seed) }
            if let config {
                configuration = try experiment.configuration(yamlFile: config, overrides: overrides)
            } else {
                configuration = try experiment.configuration(overrides, location: "--set")
            }
            runSeed = UInt64(configuration.integer("seed"))
            // The output activation is checked against the loss before anything trains; `auto` says what it chose.
            if let supervised = experiment as? SupervisedExperiment {
                let output = try supervised.outputActivation(configuration)
                if !quiet {
                    for note in try supervised.dataNotes(configuration) { Swift.print(note) }
                    if let note = output.note { Swift.print(note) }
                }
                recipe = try supervised.recipe(configuration, seed: runSeed)
            }
        } catch let error as ConfigError {
            throw ValidationError(error.description)
        }
        let outputFolder = out ?? (report ? "runs/train/\(experiment.name)" : nil)
        if let outputFolder { try OutputFolderCheck.check(outputFolder, option: out == nil ? "--report" : "--out") }
        let trainingDevice = try ComputeDevice.resolve(flag: device, environment: ProcessInfo.processInfo.environment)
            .open()
        if case .accelerator(let accelerator) = trainingDevice {
            guard recipe != nil else {
                throw ComputeDevice.Unavailable(
                    description: "--device \(device ?? "cuda"): \(experiment.name) is not a supervised experiment")
            }
            recipe?.device = trainingDevice
            // Refused before anything trains, naming every part the device does not implement.
            if let refusal = recipe.flatMap(trainingDevice.unsupported) { throw refusal }
            if !quiet { Swift.print("Training on \(accelerator)") }
        }
        let callbacks: [any TrainingCallback] = quiet ? [] : [ProgressReporter()]
        let start = Date()
        let run: ExperimentRun
        do {
            if let recipe {
                run = try SupervisedExperiment.train(recipe, callbacks: callbacks)
            } else {
                run = try experiment.train(configuration, seed: runSeed, callbacks: callbacks)
            }
        } catch let error as ConfigError {
            throw ValidationError(error.description)
        }
        let seconds = Date().timeIntervalSince(start)
        var metrics = run.metrics
        for (name, value) in run.evaluateTest() { metrics[name] = value }
        let summary = TrainSummary(
            experiment: experiment.name, parameters: TrainSummary.typedParameters(configuration, keys: experiment.keys),
            epochs: run.history.epochs.count, metrics: metrics)
        TrainSummary.print(
            summary, experiment: experiment, configuration: configuration, run: run, seconds: seconds)
        LearningWarning.warnIfNoProgress(run.history)
        if let recipe, let supervised = experiment as? SupervisedExperiment {
            LearningWarning.warnIfBarelyAboveChance(run.history, recipe: recipe, experiment: supervised)
        }
        if let out = outputFolder {
            let directory = URL(fileURLWithPath: out)
            try run.history.write(to: directory)
            try Checkpoint.save(
                run.model, metadata: ["experiment": experiment.name],
                to: directory.appendingPathComponent("model.safetensors"))
            try summary.write(to: directory.appendingPathComponent("summary.json"))
            Swift.print("Wrote history.csv, history.json, model.safetensors and summary.json to \(out)")
            if report {
                let url = directory.appendingPathComponent("report.html")
                let extras = TrainReportSections.sections(recipe: recipe, run: run)
                try ReportWriter.writeTrainingReport(
                    history: run.history, extras: extras, title: "Training \(experiment.name)", to: url)
                Swift.print("Wrote the training report to \(url.path)")
            }
        }
    }
}

/// The `--help` text listing every experiment's keys with defaults and an example.
enum TrainHelp {
    static var discussion: String {
        var lines = [
            "Examples:",
            "  vernier train spirals",
            "  vernier train spirals --set layers=2,64,64,1 --set activation=tanh --set loss=bce-logits \\",
            "      --set optimizer=adam --set lr=0.003 --set epochs=30 --out runs/train/spirals",
            "  vernier train fashion-mnist --set model=cnn --set epochs=5",
            "  vernier train csv --file data.csv --label species",
            "  vernier train iris --config iris.yaml --seed 3",
            "",
            "Keys (--set key=value, or key: value in --config YAML):",
        ]
        for experiment in ExperimentRegistry.all {
            lines.append("")
            lines.append("\(experiment.name): \(experiment.summary)")
            lines += HelpText.keyList(
                experiment.keys.map { key in
                    (
                        key.name,
                        key.help + HelpText.defaultClause(help: key.help, defaultValue: key.defaultValue)
                            + "; e.g. --set \(key.example)"
                    )
                }, indent: 2)
        }
        return lines.joined(separator: "\n")
    }
}
