import Foundation
import VernierTune

extension TuneConfiguration {
    /// This configuration as the study stores it.
    ///
    /// ```swift
    /// let json = try configuration.spec.json()
    /// ```
    public var spec: StudySpec {
        StudySpec(
            objective: objective.name, settings: settings, metric: metric, direction: direction, sampler: sampler,
            candidates: candidates, pruner: pruner, space: space, values: values, baseline: baseline,
            repeats: repeats, seed: seed, noise: noise, test: evaluatesTest, vectorize: vectorize, trials: trials,
            timeout: timeout, command: command)
    }

    /// The configuration a stored spec describes (its objective with its settings, sampler, pruner, space,
    /// budget…), as `vernier worker` and later runs rebuild it.
    ///
    /// ```swift
    /// let configuration = try TuneConfiguration(spec: spec)
    /// ```
    public init(spec: StudySpec) throws {
        if let command = spec.command {
            self.init(command: command, space: spec.space, metric: spec.metric, direction: spec.direction)
            studyName = "\(CommandObjective.objectiveName)-\(spec.sampler.rawValue)"
        } else {
            try self.init(objectiveName: spec.objective)
        }
        if !spec.settings.isEmpty || spec.metric != metric {
            try applySettings(spec.settings, metric: spec.metric == metric ? nil : spec.metric)
        }
        metric = spec.metric
        direction = spec.direction
        sampler = spec.sampler
        candidates = spec.candidates
        pruner = spec.pruner
        space = spec.space
        values = spec.values
        baseline = spec.baseline
        repeats = spec.repeats
        seed = spec.seed
        noise = spec.noise
        evaluatesTest = spec.test
        vectorize = spec.vectorize
        trials = spec.trials
        timeout = spec.timeout
    }

    /// The spec stored with the study ``studyName`` in `storage`: `nil` when the study does not exist yet or
    /// was created without one. Throws ``StudySpecError/mismatch(study:differences:)`` when it describes another
    /// recipe than this configuration; writes nothing.
    ///
    /// ```swift
    /// try configuration.checkStoredSpec(in: storage)   // before anything is written
    /// ```
    @discardableResult
    public func checkStoredSpec(in storage: any Storage) throws -> StudySpec? {
        guard let stored = try StudySpec.stored(study: studyName, in: storage) else { return nil }
        let differences = stored.differences(from: spec)
        guard differences.isEmpty else { throw StudySpecError.mismatch(study: studyName, differences: differences) }
        return stored
    }

    /// Stores this configuration's spec with the study (after ``checkStoredSpec(in:)``), so that workers and
    /// later runs read it; a later run's budget replaces the stored one.
    public func storeSpec(studyID: Int64, in storage: any Storage) throws {
        try storage.setStudyAttribute(
            studyID: studyID, key: StudySpec.attributeKey, value: .string(try spec.json()), kind: .system)
    }
}

extension StudySpec {
    /// The spec stored with the study `name` in `storage`: `nil` when the study does not exist or was created
    /// without one; throws ``StudySpecError/unreadable(study:reason:)`` for a spec this build cannot read.
    ///
    /// ```swift
    /// let spec = try StudySpec.stored(study: "ext", in: storage)
    /// ```
    public static func stored(study name: String, in storage: any Storage) throws -> StudySpec? {
        guard let record = try storage.study(named: name),
            let text = try storage.studyAttributes(studyID: record.id, kind: .system)[attributeKey]?.stringValue
        else { return nil }
        return try StudySpec(json: text, study: name)
    }
}
