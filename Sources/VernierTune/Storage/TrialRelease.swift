import Foundation

/// What happens to a running trial that was lost to an interruption rather than finished on its own merits: a
/// signal stopped its process, its worker died (no heartbeat for the grace period), or a batch it belonged to was
/// abandoned. The trial goes back to `waiting` under its own number, keeping the parameters it had been given
/// (and so its grid point), and the next claim of the study runs it before any new trial.
///
/// Every backend's ``Storage/releaseTrials(trialIDs:reason:)`` applies this one rule:
/// - the state becomes `waiting`; start time, heartbeat, value and failure reason are cleared;
/// - the suggested parameters become the waiting trial's fixed parameters (``TrialTemplate/fixedParametersKey``),
///   merged over the fixed parameters it already had;
/// - intermediate values and user attributes written by the lost run are dropped, and so are the system
///   attributes that only describe that run (the worker id, successive-halving rung values);
/// - ``countKey`` counts the releases and ``reasonKey`` keeps the last reason, so a report can show them.
///
/// ```swift
/// let waiting = TrialRelease.waitingSystemAttributes(of: lost, reason: "interrupted (SIGINT)")
/// waiting[TrialTemplate.fixedParametersKey]   // the lost run's parameters
/// ```
public enum TrialRelease {
    /// The system attribute counting how often a trial went back to waiting.
    public static let countKey = "release_count"
    /// The system attribute holding why a trial last went back to waiting.
    public static let reasonKey = "release_reason"
    /// The system attribute holding the worker that runs (or ran) a trial; it describes one run only.
    public static let workerIDKey = AttributeKey.workerID.rawValue
    /// The prefix of the system attributes that hold a pruner's rung values of one run (successive halving).
    public static let rungKeyPrefix = "sha:rung_"

    /// The system attributes the waiting trial keeps after `trial` (running) is released for `reason`.
    public static func waitingSystemAttributes(of trial: FrozenTrial, reason: String) -> [String: AttributeValue] {
        var attributes = trial.systemAttributes.filter { key, _ in keepsSystemAttribute(key) }
        var fixed = trial.externalParameters.mapValues { AttributeValue($0) }
        if let earlier = trial.systemAttributes[TrialTemplate.fixedParametersKey]?.objectValue {
            fixed.merge(earlier) { _, earlier in earlier }
        }
        attributes[TrialTemplate.fixedParametersKey] = .object(fixed)
        attributes[countKey] = .int((trial.systemAttributes[countKey]?.intValue ?? 0) + 1)
        attributes[reasonKey] = .string(reason)
        return attributes
    }

    /// Whether a system attribute survives a release: everything but what describes only the lost run.
    static func keepsSystemAttribute(_ key: String) -> Bool {
        key != workerIDKey && !key.hasPrefix(rungKeyPrefix)
    }

    /// The release reason of a trial whose worker stopped beating.
    ///
    /// ```swift
    /// TrialRelease.staleReason(age: 42, gracePeriod: 30)
    /// // "worker lost: no heartbeat for 42.0 s (grace period 30.0 s)"
    /// ```
    public static func staleReason(age: TimeInterval, gracePeriod: TimeInterval) -> String {
        "worker lost: no heartbeat for \(String(format: "%.1f", age)) s (grace period \(String(format: "%.1f", gracePeriod)) s)"
    }
}
