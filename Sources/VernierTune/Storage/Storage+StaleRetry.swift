import Foundation

extension WorkerOptions {
    /// The waiting trial that retries `trial`, a trial failed because its worker died: the same parameters (the
    /// fixed ones of a grid point or enqueued trial first) and system attributes, without the worker id, marked
    /// with ``retryOfKey``. `nil` when `trial` is itself a retry (a retry that dies is not retried again).
    ///
    /// ```swift
    /// if let template = WorkerOptions.retryTemplate(for: lost) { print(template.parameters) }
    /// ```
    public static func retryTemplate(for trial: FrozenTrial) -> TrialTemplate? {
        guard trial.systemAttributes[retryOfKey] == nil else { return nil }
        var parameters = trial.externalParameters
        if let fixed = trial.systemAttributes[TrialTemplate.fixedParametersKey]?.objectValue {
            for (name, value) in fixed { parameters[name] = value.parameterValue ?? parameters[name] }
        }
        var attributes = trial.systemAttributes
        attributes[workerIDKey] = nil
        attributes[TrialTemplate.fixedParametersKey] = nil
        attributes[retryOfKey] = .int(trial.number)
        return TrialTemplate(parameters: parameters, systemAttributes: attributes)
    }

    /// The `onceKey` of the retry of the trial with this identifier: it is enqueued once, however many workers
    /// reap the trial at the same moment.
    ///
    /// ```swift
    /// WorkerOptions.retryOnceKey(trialID: 42)   // "retry-of-trial-42"
    /// ```
    public static func retryOnceKey(trialID: Int64) -> String { "retry-of-trial-\(trialID)" }
}

extension Storage {
    /// Default for backends without a single-transaction version: ``failStaleTrials(studyID:gracePeriod:)``, then
    /// one ``enqueueTrials(studyID:templates:onceKey:)`` per retry (a crash in between loses that retry; the SQL
    /// backends override this and do both in one transaction).
    public func failStaleTrials(studyID: Int64, gracePeriod: TimeInterval, requeue: Bool) throws -> [FrozenTrial] {
        let failed = try failStaleTrials(studyID: studyID, gracePeriod: gracePeriod)
        guard requeue else { return failed }
        for trial in failed {
            guard let template = WorkerOptions.retryTemplate(for: trial) else { continue }
            try enqueueTrials(
                studyID: studyID, templates: [template], onceKey: WorkerOptions.retryOnceKey(trialID: trial.trialID))
        }
        return failed
    }
}
