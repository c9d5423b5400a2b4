import Foundation
import VernierTraining
import VernierTune

/// How a built-in experiment is tuned by default: the settings every trial starts from (which may differ from
/// `vernier train`'s defaults, e.g. a test split so the chosen configuration can be scored) and the search space.
///
/// A parameter's name is an experiment key (`lr`, `batch-size`, `layers`, …); `_` may stand for `-`
/// (`batch_size`), and `hidden: "200,100"` is short for `layers: auto,200,100,auto`.
///
/// ```swift
/// let tuning = ExperimentTuning(
///     settings: ["epochs": "30", "optimizer": "adam"],
///     space: try SearchSpace([ParameterSpec(name: "lr", distribution: .float(try FloatDistribution(low: 1e-3, high: 10, log: true)))]))
/// TunableObjectiveRegistry.register(.experiment(SupervisedExperiment.spirals, tuning: tuning))
/// ```
public struct ExperimentTuning: Sendable {
    /// Settings applied before the trial's parameters.
    public var settings: [String: String]
    /// The default search space.
    public var space: SearchSpace
    /// Settings that follow from a trial's others (e.g. spirals: the output activation from the loss), applied
    /// after the parameters unless a parameter sets the key itself.
    public var derive: (@Sendable ([String: String]) -> [String: String])?

    /// Creates a tuning default.
    public init(
        settings: [String: String], space: SearchSpace,
        derive: (@Sendable ([String: String]) -> [String: String])? = nil
    ) {
        self.settings = settings
        self.space = space
        self.derive = derive
    }

    /// The experiment key a parameter name stands for, and the value to give it.
    ///
    /// ```swift
    /// ExperimentTuning.setting(name: "batch_size", value: .int(32))   // ("batch-size", "32")
    /// ExperimentTuning.setting(name: "hidden", value: "64,32")        // ("layers", "auto,64,32,auto")
    /// ```
    public static func setting(name: String, value: ParameterValue) -> (key: String, value: String) {
        let text: String
        switch value {
        case .double(let number):
            text = number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : "\(number)"
        default: text = value.description
        }
        let key = name.lowercased().replacingOccurrences(of: "_", with: "-")
        switch key {
        case "hidden", "hidden-sizes": return ("layers", "auto,\(text),auto")
        case "learning-rate": return ("lr", text)
        case "batch": return ("batch-size", text)
        default: return (key, text)
        }
    }
}

/// An objective's failure to apply its settings.
///
/// ```swift
/// catch let error as ObjectiveSettingsError { print(error) }   // "spirals: unknown key 'lrr' …"
/// ```
public struct ObjectiveSettingsError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, naming the objective and the key.
    public var description: String
}

extension TunableObjective {
    /// An objective that trains `experiment` on each trial and returns its ``Experiment/objectiveMetric``
    /// (reporting it every epoch as an intermediate value, so pruners and learning-curve plots see it), with a
    /// test-set score for the chosen configuration when the experiment has a test split.
    ///
    /// Each trial records the epochs it trained as the user attribute `epochs` and, when the experiment has an
    /// `epochs` setting, the epochs it was configured for as `max_epochs` (see ``EpochUsage``).
    ///
    /// ```swift
    /// let objective = TunableObjective.experiment(SupervisedExperiment.iris, tuning: ExperimentTuning.iris)
    /// ```
    public static func experiment(_ experiment: any Experiment, tuning: ExperimentTuning) -> TunableObjective {
        Self.experiment(
            experiment, settings: tuning.settings, space: tuning.space, metrics: [experiment.objectiveMetric],
            derive: tuning.derive)
    }

    /// The objective of `experiment` returning `metrics` (the first one is reported per epoch and scored on the
    /// test set); more than one metric trains with the plain trainer (the fused step has no parameter count or
    /// time per configuration).
    static func experiment(
        _ experiment: any Experiment, settings: [String: String], space: SearchSpace, metrics: [String],
        derive: (@Sendable ([String: String]) -> [String: String])? = nil
    ) -> TunableObjective {
        let metric = metrics[0]
        let testMetric = metric.hasPrefix("val_") ? "test_" + metric.dropFirst(4) : "test_" + metric
        @Sendable func configuration(_ parameters: [String: ParameterValue]) throws -> ExperimentConfiguration {
            var values = settings
            var fromParameters: Set<String> = []
            for (name, value) in parameters {
                let (key, text) = ExperimentTuning.setting(name: name, value: value)
                values[key] = text
                fromParameters.insert(key)
            }
            if let derive, !parameters.isEmpty {
                for (key, value) in derive(values) where !fromParameters.contains(key) { values[key] = value }
            }
            return try experiment.configuration(values, location: "parameters")
        }
        let hasTest = Self.hasTestSet(experiment, try? configuration([:]))
        let evaluateTest: TestEvaluation = { parameters, seed in
            let scores = try experiment.evaluateTest(try configuration(parameters), seed: seed)
            guard let value = scores[testMetric] else {
                throw ObjectiveSettingsError(
                    description: "\(experiment.name) has no test metric \(testMetric); it has "
                        + scores.keys.sorted().joined(separator: ", "))
            }
            return value
        }
        // Reports the metric of an epoch as an intermediate value (repeat 0 only) and asks the pruner.
        @Sendable func observe(_ trial: Trial, epoch: Int, values: [String: Double]) throws {
            guard trial.repeatIndex == 0, let value = values[metric], value.isFinite else { return }
            try trial.report(value, step: epoch)
            if try trial.shouldPrune() {
                try? trial.setUserAttribute(.epochs, .int(epoch))
                throw TrialPruned("pruned after epoch \(epoch) (\(metric) \(ParameterValue.format(value)))")
            }
        }
        // A trial's parameters validated once: the configuration (the keys and messages of `--set`) and, for a
        // supervised experiment, the typed recipe that everything after reads.
        @Sendable func prepare(_ parameters: [String: ParameterValue], seed: UInt64) throws -> PreparedTrial {
            let validated = try configuration(parameters)
            guard let supervised = experiment as? SupervisedExperiment else {
                return PreparedTrial(configuration: validated, recipe: nil, groupKey: "")
            }
            return PreparedTrial(
                configuration: validated, recipe: try supervised.recipe(validated, seed: seed),
                groupKey: FusedTrainingPlan.groupKey(supervised, validated))
        }
        // Records the epochs the trial is configured for (`max_epochs`, the full run that EpochUsage counts).
        @Sendable func recordPlannedEpochs(_ trial: Trial, _ prepared: PreparedTrial) throws {
            guard trial.repeatIndex == 0, let planned = prepared.plannedEpochs else { return }
            try trial.setUserAttribute(.maxEpochs, .int(planned))
        }
        @Sendable func value(of produced: [String: Double]) throws -> [Double] {
            try metrics.map { metric in
                guard let value = produced[metric] else {
                    throw ObjectiveSettingsError(
                        description: "\(experiment.name) did not produce \(metric); it produced "
                            + produced.keys.sorted().joined(separator: ", "))
                }
                return value
            }
        }
        @Sendable func train(_ trial: Trial, _ prepared: PreparedTrial, seed: UInt64) throws -> [Double] {
            var epochs = 0
            try recordPlannedEpochs(trial, prepared)
            let reporter = EpochEndCallback { record, _ in
                epochs = record.epoch
                try observe(trial, epoch: record.epoch, values: ExperimentRun.metrics(of: record))
                return .continue
            }
            let run =
                try prepared.recipe.map { try SupervisedExperiment.train($0, callbacks: [reporter]) }
                ?? experiment.train(prepared.configuration, seed: seed, callbacks: [reporter])
            if trial.repeatIndex == 0 { try trial.setUserAttribute(.epochs, .int(epochs)) }
            return try value(of: run.metrics)
        }
        let evaluate: Evaluation = { trial, parameters, seed in
            try train(trial, try prepare(parameters, seed: seed), seed: seed)
        }
        // The fused step where the configuration allows it (same values to float rounding), else `evaluate`.
        let vectorized = VectorizedEvaluation(
            single: { trial, parameters, seed in
                let prepared = try prepare(parameters, seed: seed)
                guard metrics.count == 1, let plan = prepared.plan(metric: metric) else {
                    return try train(trial, prepared, seed: seed)
                }
                try recordPlannedEpochs(trial, prepared)
                let outcome = FusedTrainingPlan.train([plan], observed: [trial.repeatIndex == 0]) { _, epoch, values in
                    try observe(trial, epoch: epoch, values: values)
                }[0]
                if let failure = outcome.failure { throw failure }
                if trial.repeatIndex == 0 { try trial.setUserAttribute(.epochs, .int(outcome.epochsTrained)) }
                return try value(of: outcome.final)
            },
            batch: { evaluations, parameters, seeds in
                var results: [Result<[Double], any Error>?] = Array(repeating: nil, count: evaluations.count)
                guard metrics.count == 1 else { return results }
                var plans: [Int: FusedTrainingPlan] = [:]
                var preparedTrials: [Int: PreparedTrial] = [:]
                var groups: [String: [Int]] = [:]
                for index in evaluations.indices {
                    do {
                        let prepared = try prepare(parameters[index], seed: seeds[index])
                        preparedTrials[index] = prepared
                        if let plan = prepared.plan(metric: metric) {
                            plans[index] = plan
                            groups[plan.groupKey, default: []].append(index)
                        }
                    } catch {
                        results[index] = .failure(error)
                    }
                }
                let threads = ProcessInfo.processInfo.activeProcessorCount
                for key in groups.keys.sorted() {
                    let members = groups[key]!
                    let observed = members.map { evaluations[$0].repeatIndex == 0 }
                    let outcomes = FusedTrainingPlan.train(
                        members.map { plans[$0]! }, observed: observed, threads: threads)
                    for (position, index) in members.enumerated() {
                        let outcome = outcomes[position]
                        results[index] = Result {
                            let trial = evaluations[index].trial
                            if observed[position] {
                                for (offset, values) in outcome.epochs.enumerated() {
                                    if let value = values[metric], value.isFinite {
                                        try trial.report(value, step: offset + 1)
                                    }
                                }
                                try trial.setUserAttribute(.epochs, .int(outcome.epochsTrained))
                                try recordPlannedEpochs(trial, preparedTrials[index]!)
                            }
                            if let failure = outcome.failure { throw failure }
                            return try value(of: outcome.final)
                        }
                    }
                }
                return results
            })
        let direction: StudyDirection = experiment.maximizesObjective ? .maximize : .minimize
        var objective = TunableObjective(
            name: experiment.name, summary: experiment.summary, direction: direction, metric: metric,
            searchSpace: space, evaluateTest: hasTest ? evaluateTest : nil, evaluate: evaluate)
        objective.metrics = metrics
        objective.vectorized = vectorized
        objective.metricNames = Set(
            ["train_", "val_"].flatMap { prefix in (["loss"] + Metric.allCases.map(\.rawValue)).map { prefix + $0 } }
                + ExperimentRun.costMetrics)
        let keyNames = Set(experiment.keyNames)
        objective.parameterKey = { name in
            let key = ExperimentTuning.setting(name: name, value: .int(0)).key
            return keyNames.contains(key) ? key : nil
        }
        let defaults = (try? configuration([:]))?.values ?? settings
        objective.baseline = Self.baseline(of: space, settings: defaults)
        objective.epochBudget = defaults["epochs"].flatMap { Int($0) }
        objective.applySettings = { overrides, metricsOverride in
            var merged = settings
            for (name, value) in overrides {
                merged[name.lowercased().replacingOccurrences(of: "_", with: "-")] = value
            }
            do {
                _ = try experiment.configuration(merged, location: "set")
            } catch {
                throw ObjectiveSettingsError(description: "\(experiment.name): \(error)")
            }
            let changed: TunableObjective = TunableObjective.experiment(
                experiment, settings: merged, space: space, metrics: metricsOverride ?? metrics, derive: derive)
            return changed
        }
        return objective
    }

    /// The value of each parameter that matches the fixed settings (the baseline of a sensitivity study).
    static func baseline(of space: SearchSpace, settings: [String: String]) -> [String: ParameterValue] {
        var result: [String: ParameterValue] = [:]
        for parameter in space.parameters {
            if let candidates = parameter.distribution.finiteValues {
                let match = candidates.first { candidate in
                    let (key, text) = ExperimentTuning.setting(name: parameter.name, value: candidate)
                    return settings[key] == text
                }
                if let match { result[parameter.name] = match }
            } else {
                let key = ExperimentTuning.setting(name: parameter.name, value: .int(0)).key
                if let number = settings[key].flatMap(Double.init) { result[parameter.name] = .double(number) }
            }
        }
        return result
    }

    private static func hasTestSet(_ experiment: any Experiment, _ configuration: ExperimentConfiguration?) -> Bool {
        guard let configuration else { return false }
        for key in ["test-size", "test-fraction"] where experiment.keyNames.contains(key) {
            return (Double(configuration.string(key)) ?? 0) > 0
        }
        // Image sets always have their 10,000 test images.
        return experiment.keyNames.contains("augment")
    }
}

extension ExperimentTuning {
    private static func float(_ name: String, _ low: Double, _ high: Double, log: Bool = false) throws -> ParameterSpec
    {
        ParameterSpec(name: name, distribution: .float(try FloatDistribution(low: low, high: high, log: log)))
    }

    private static func choice(_ name: String, _ choices: [ParameterValue]) throws -> ParameterSpec {
        ParameterSpec(name: name, distribution: .categorical(try CategoricalDistribution(choices: choices)))
    }

    /// Spirals: around the workshop's good configuration (tanh 2×32, BCE with logits, Adam, lr 0.01, batch 10,
    /// 30 epochs), varying the workshop's list: learning rate 0.001…10, batch size 5…400, activation, optimizer,
    /// depth and width, loss (MSE on a sigmoid output vs BCE with logits) and epochs; 1000 test points.
    public static let spirals = ExperimentTuning(
        settings: [
            "layers": "2,32,32,1", "activation": "tanh", "output": "none", "loss": "bce-logits", "optimizer": "adam",
            "lr": "0.01", "batch-size": "10", "epochs": "30", "test-size": "1000",
        ],
        space: try! SearchSpace([
            try! float("lr", 1e-3, 10, log: true),
            try! choice("batch-size", [5, 10, 20, 50, 100, 400]),
            try! choice("activation", ["relu", "sigmoid", "tanh"]),
            try! choice("optimizer", ["sgd", "momentum", "rmsprop", "adam"]),
            try! choice("layers", ["2,8,8,1", "2,32,1", "2,32,32,1", "2,64,64,64,1"]),
            try! choice("loss", ["mse", "bce-logits"]),
            try! choice("epochs", [10, 30, 60]),
        ]),
        derive: { values in
            // BCE with logits takes raw scores; MSE and BCE compare probabilities from a sigmoid output.
            ["output": values["loss"] == "bce-logits" ? "none" : "sigmoid"]
        })

    /// Iris: seed 001's grid, learning rate {0.01, 0.001} × batch size {16, 32} × epochs {50, 100} (8 points with
    /// `--sampler grid`; `--sampler random --trials 5` is its random search), with a 20% validation and a 20% test
    /// split. `examples/iris-hyperband.yaml` tunes hidden size, learning rate and batch size with Hyperband.
    public static let iris = ExperimentTuning(
        settings: ["validation-fraction": "0.2", "test-fraction": "0.2", "epochs": "15"],
        space: try! SearchSpace([
            try! choice("lr", [0.01, 0.001]),
            try! choice("batch-size", [16, 32]),
            try! choice("epochs", [50, 100]),
        ]))

    /// Cubic: width and learning rate of the 1-h-1 network, scored on 40 validation points.
    public static let cubic = ExperimentTuning(
        settings: ["validation-size": "40", "epochs": "500"],
        space: try! SearchSpace([
            try! choice("hidden", [10, 30, 100, 300]),
            try! float("lr", 1e-3, 1e-1, log: true),
            try! choice("activation", ["relu", "tanh"]),
        ]))

    /// Fashion-MNIST / MNIST: the MLP's learning rate, batch size, hidden layers and activation (a few epochs).
    public static let images = ExperimentTuning(
        settings: ["epochs": "3"],
        space: try! SearchSpace([
            try! float("lr", 1e-4, 1e-1, log: true),
            try! choice("batch-size", [32, 64, 128]),
            try! choice("hidden", ["200,100,50", "256,128", "512"]),
            try! choice("activation", ["relu", "gelu", "tanh"]),
        ]))

    /// Your CSV file (`vernier tune csv --file F --label y`, or `experiment: csv` with `set: {file: F, label: y}`):
    /// learning rate, batch size, hidden layers and activation of the MLP, 30 epochs; every `vernier train csv` key
    /// (`label-kind`, `validation-fraction`, `test-fraction`, `data-seed`, `standardize`, …) can be fixed with
    /// `--set` / `set:` or searched.
    public static let csv = ExperimentTuning(
        settings: ["epochs": "30"],
        space: try! SearchSpace([
            try! float("lr", 1e-3, 1e-1, log: true),
            try! choice("batch-size", [16, 32, 64]),
            try! choice("hidden", ["16", "32", "64", "32,32"]),
            try! choice("activation", ["relu", "tanh"]),
        ]))

    /// The objectives of spirals, iris, cubic, csv, fashion-mnist and mnist with their tuning defaults (already in
    /// ``TunableObjectiveRegistry``).
    ///
    /// ```swift
    /// ExperimentTuning.builtInObjectives.map(\.name)   // ["spirals", "cubic", "iris", "csv", "fashion-mnist", …]
    /// ```
    public static var builtInObjectives: [TunableObjective] {
        let defaults: [String: ExperimentTuning] = [
            "spirals": .spirals, "iris": .iris, "cubic": .cubic, "csv": .csv, "fashion-mnist": .images,
            "mnist": .images,
        ]
        return ExperimentRegistry.all.compactMap { experiment in
            defaults[experiment.name].map { TunableObjective.experiment(experiment, tuning: $0) }
        }
    }
}

/// A trial's parameters validated once (``TunableObjective/experiment(_:tuning:)``): the configuration and, for a
/// supervised experiment, its typed recipe and fused-group key.
struct PreparedTrial: Sendable {
    /// The validated settings (non-supervised experiments train from these).
    let configuration: ExperimentConfiguration
    /// The typed run every engine trains from.
    let recipe: TrainingRecipe?
    /// What the trial shares with the trials it may train beside in a fused group.
    let groupKey: String

    /// The epochs the trial is configured for.
    var plannedEpochs: Int? {
        recipe?.epochs ?? configuration.values["epochs"].flatMap { Int($0) }
    }

    /// The fused plan of the trial, or `nil` when the fused step cannot train it.
    func plan(metric: String) -> FusedTrainingPlan? {
        recipe.flatMap { FusedTrainingPlan($0, groupKey: groupKey, metric: metric) }
    }
}
