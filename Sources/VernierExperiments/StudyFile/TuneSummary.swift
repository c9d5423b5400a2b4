import Foundation
import VernierTune

/// What `vernier tune --out DIR` writes to `DIR/summary.json` (DESIGN.md, "Machine-readable outputs").
///
/// ```swift
/// let summary = try TuneSummary(study: study, metrics: ["value"], sampler: .random)
/// let json = try summary.jsonData()
/// ```
public struct TuneSummary: Sendable, Codable, Hashable {
    /// The study's name.
    public var study: String
    /// The storage URL.
    public var storage: String
    /// `minimize` or `maximize` (the first objective's).
    public var direction: StudyDirection
    /// The metric's name (the first objective's).
    public var metric: String
    /// Every objective's direction and metric, when the study has several (written as `directions` and
    /// `metrics`); `nil` for one objective.
    public var objectives: [Objective]?
    /// The hypervolume of the Pareto front (2–3 objectives; reference point: ``ParetoAnalysis``).
    public var hypervolume: Double?
    /// The sampler used by this run.
    public var sampler: SamplerKind?
    /// Number of trials per state (every state listed).
    public var trials: [String: Int]
    /// The best complete value (one objective).
    public var bestValue: Double?
    /// Every tied-best trial (its standard deviation over repeats is the user attribute
    /// ``AttributeKey/valueSD``); with several objectives, the Pareto front.
    public var bestTrials: [TrialSnapshot]
    /// The test-set score of the chosen configuration.
    public var testValue: Double?
    /// The trial whose configuration was tested.
    public var testTrial: Int?
    /// The impact table of a sensitivity study.
    public var impact: [ImpactTable.Row]?
    /// Epochs per trial and in total against running every trial to completion (experiment objectives).
    public var epochs: EpochUsage?

    enum CodingKeys: String, CodingKey {
        case study, storage, direction, metric, sampler, trials, impact, epochs, objectives, hypervolume
        case bestValue = "best_value"
        case bestTrials = "best_trials"
        case testValue = "test_value"
        case testTrial = "test_trial"
    }

    /// Summarizes a study (the impact table only for sensitivity studies).
    ///
    /// ```swift
    /// let summary = try TuneSummary(study: study, metric: "val_accuracy", sampler: .sensitivity)
    /// ```
    public init(study: Study, metric: String, sampler: SamplerKind?) throws {
        try self.init(study: study, metrics: [metric], sampler: sampler)
    }

    /// Summarizes a study of one metric per direction (the Pareto front and its hypervolume with several).
    ///
    /// ```swift
    /// let summary = try TuneSummary(study: study, metrics: ["val_accuracy", "parameters"], sampler: .random)
    /// ```
    public init(study: Study, metrics: [String], sampler: SamplerKind?) throws {
        let all = try study.trials()
        self.study = study.name
        storage = study.storage.url
        direction = study.direction
        metric = metrics[0]
        if study.isMultiObjective {
            objectives = zip(metrics, study.directions).map { Objective(metric: $0, direction: $1) }
            hypervolume = ParetoAnalysis(trials: all, directions: study.directions).hypervolume
        }
        self.sampler = sampler
        var counts: [String: Int] = [:]
        for state in TrialState.allCases { counts[state.rawValue] = 0 }
        for trial in all { counts[trial.state.rawValue, default: 0] += 1 }
        trials = counts
        bestTrials = try study.bestTrials().map(TrialSnapshot.init)
        bestValue = bestTrials.first?.value
        let score = try study.testValue()
        testValue = score?.value
        testTrial = score?.trialNumber
        let isSensitivity = all.contains { $0.systemAttributes[OneAtATimeSampler.parameterKey] != nil }
        impact = isSensitivity ? ImpactTable(trials: all, direction: study.direction).rows : nil
        epochs = EpochUsage(trials: all)
    }

    /// Pretty-printed JSON with sorted keys (absent values written as `null`), written as ``StudySnapshot`` is.
    ///
    /// ```swift
    /// try summary.jsonData().write(to: url)
    /// ```
    public func jsonData() throws -> Data {
        try StudySnapshot.jsonEncoder().encode(self)
    }

    /// Writes the keys `best_value`, `test_value`, `test_trial` and `impact` even when empty (as `null`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(study, forKey: .study)
        try container.encode(storage, forKey: .storage)
        try container.encode(direction, forKey: .direction)
        try container.encode(metric, forKey: .metric)
        try container.encodeIfPresent(sampler, forKey: .sampler)
        try container.encode(trials, forKey: .trials)
        try container.encode(bestValue, forKey: .bestValue)
        try container.encode(bestTrials, forKey: .bestTrials)
        try container.encode(testValue, forKey: .testValue)
        try container.encode(testTrial, forKey: .testTrial)
        try container.encodeIfPresent(objectives, forKey: .objectives)
        try container.encodeIfPresent(hypervolume, forKey: .hypervolume)
        try container.encode(impact, forKey: .impact)
        try container.encodeIfPresent(epochs, forKey: .epochs)
    }

    /// One objective of a multi-objective summary.
    public struct Objective: Sendable, Codable, Hashable {
        /// The metric's name.
        public var metric: String
        /// Its direction.
        public var direction: StudyDirection
    }
}
