import Foundation
import VernierTraining
import VernierTune

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
        let parsed: ExperimentConfiguration
        do {
            parsed = try experiment.configuration(settings: tuning.settings, location: "ExperimentTuning")
        } catch {
            preconditionFailure("the tuning defaults of \(experiment.name) are not valid: \(error)")
        }
        let changed = parsed.values.filter { tuning.settings[$0.key] != nil }
        return Self.experiment(
            experiment, settings: changed, space: tuning.space, metrics: [experiment.objectiveMetric],
            derive: tuning.derive)
    }

    /// The objective of `experiment` with the typed `settings` fixed, returning `metrics` (the first one is
    /// reported per epoch and scored on the test set); more than one metric trains with the plain trainer (the
    /// fused step has no parameter count or time per configuration).
    static func experiment(
        _ experiment: any Experiment, settings: [String: SettingValue], space: SearchSpace, metrics: [String],
        derive: (@Sendable ([String: SettingValue]) -> [String: SettingValue])? = nil
    ) -> TunableObjective {
        let metric = metrics[0]
        let testMetric = metric.hasPrefix("val_") ? "test_" + metric.dropFirst(4) : "test_" + metric
        let keys = experiment.keys
        // A trial's parameters as typed settings over the fixed ones, checked once by the experiment's keys.
        @Sendable func configuration(_ parameters: [String: ParameterValue]) throws -> ExperimentConfiguration {
            var values = settings
            var fromParameters: Set<String> = []
            for (name, parameter) in parameters {
                let (key, value) = ExperimentTuning.setting(name: name, value: parameter)
                values[key] = keys.first { $0.name == key }?.validated(value) ?? value
                fromParameters.insert(key)
            }
            if let derive, !parameters.isEmpty {
                for (key, value) in derive(values) where !fromParameters.contains(key) { values[key] = value }
            }
            return try experiment.configuration(settings: values, location: "parameters")
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
            try PreparedTrial(experiment, try configuration(parameters), seed: seed)
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
        // Trials with a fused plan train as a group (each with `Trainer`, the same values), else `evaluate`.
        let fusedGroup = FusedGroupEvaluation(
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
                // Every evaluation with a plan, in order; plans are independent, so they train as one group.
                var planned: [(index: Int, plan: FusedTrainingPlan, prepared: PreparedTrial)] = []
                for index in evaluations.indices {
                    do {
                        let prepared = try prepare(parameters[index], seed: seeds[index])
                        if let plan = prepared.plan(metric: metric) { planned.append((index, plan, prepared)) }
                    } catch {
                        results[index] = .failure(error)
                    }
                }
                let observed = planned.map { evaluations[$0.index].repeatIndex == 0 }
                let outcomes = FusedTrainingPlan.train(
                    planned.map(\.plan), observed: observed, threads: ProcessInfo.processInfo.activeProcessorCount)
                for (position, (index, _, prepared)) in planned.enumerated() {
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
                            try recordPlannedEpochs(trial, prepared)
                        }
                        if let failure = outcome.failure { throw failure }
                        return try value(of: outcome.final)
                    }
                }
                return results
            })
        let direction: StudyDirection = experiment.maximizesObjective ? .maximize : .minimize
        var objective = TunableObjective(
            name: experiment.name, summary: experiment.summary, direction: direction, metric: metric,
            searchSpace: space, evaluateTest: hasTest ? evaluateTest : nil, evaluate: evaluate)
        objective.metrics = metrics
        objective.fusedGroup = fusedGroup
        objective.metricNames = Set(
            ["train_", "val_"].flatMap { prefix in (["loss"] + Metric.allCases.map(\.rawValue)).map { prefix + $0 } }
                + ExperimentRun.costMetrics)
        let keyNames = Set(experiment.keyNames)
        objective.parameterKey = { name in
            let key = ExperimentTuning.key(forParameter: name)
            return keyNames.contains(key) ? key : nil
        }
        objective.settingKeys = keys
        let defaults = try? configuration([:])
        objective.baseline = Self.baseline(of: space, keys: keys, settings: defaults?.values ?? settings)
        objective.epochBudget = defaults.flatMap(experiment.plannedEpochs)
        objective.applySettings = { overrides, metricsOverride in
            let merged = settings.merging(overrides) { $1 }
            do {
                _ = try experiment.configuration(settings: merged, location: "set")
            } catch {
                throw ObjectiveSettingsError(description: "\(experiment.name): \(error)")
            }
            return TunableObjective.experiment(
                experiment, settings: merged, space: space, metrics: metricsOverride ?? metrics, derive: derive)
        }
        return objective
    }

    /// The value of each parameter that matches the fixed settings (the baseline of a sensitivity study),
    /// compared as typed values.
    static func baseline(
        of space: SearchSpace, keys: [ExperimentKey], settings: [String: SettingValue]
    ) -> [String: ParameterValue] {
        var result: [String: ParameterValue] = [:]
        for parameter in space.parameters {
            if let candidates = parameter.distribution.finiteValues {
                let match = candidates.first { candidate in
                    let (key, value) = ExperimentTuning.setting(name: parameter.name, value: candidate)
                    return settings[key] != nil && keys.first { $0.name == key }?.validated(value) == settings[key]
                }
                if let match { result[parameter.name] = match }
            } else {
                let key = ExperimentTuning.key(forParameter: parameter.name)
                if let number = settings[key]?.number { result[parameter.name] = .double(number) }
            }
        }
        return result
    }

    private static func hasTestSet(_ experiment: any Experiment, _ configuration: ExperimentConfiguration?) -> Bool {
        guard let configuration, let supervised = experiment as? SupervisedExperiment else { return false }
        return (try? supervised.dataRecipe(configuration))?.hasTestSet ?? false
    }
}
