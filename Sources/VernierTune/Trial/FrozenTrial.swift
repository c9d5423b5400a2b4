import Foundation

/// A read-only snapshot of one trial, as storage returns it and as samplers and pruners see it.
///
/// Parameters are kept in their internal `Double` representation together with their distributions
/// (see ``Distribution``); ``externalParameters`` converts them for display.
///
/// ```swift
/// for trial in try study.trials(states: [.complete]) {
///     print(trial.number, trial.value!, trial.externalParameters)
/// }
/// ```
public struct FrozenTrial: Sendable, Hashable, Codable {
    /// The storage's identifier of the trial (unique across studies).
    public var trialID: Int64
    /// The trial's number in its study: 0, 1, 2, … in creation order.
    public var number: Int
    /// The current state.
    public var state: TrialState
    /// The objective values, one per direction of the study (each the mean over repeats) when `complete`; for
    /// `pruned` the last reported value as a one-element vector; `nil` otherwise.
    public var values: [Double]?
    /// The constraint values the objective reported (``Trial/setConstraints(_:)``), `nil` when it reported none.
    /// A constraint is satisfied when ≤ 0; see ``isFeasible`` and ``violation``.
    public var constraints: [Double]?
    /// Internal values of the parameters suggested so far, by name.
    public var parameters: [String: Double]
    /// The distribution of each parameter in ``parameters``.
    public var distributions: [String: Distribution]
    /// Values reported with ``Trial/report(_:step:)``, by step.
    public var intermediateValues: [Int: Double]
    /// Free-form attributes set by user code.
    public var userAttributes: [String: AttributeValue]
    /// Attributes set by the engine, samplers and pruners.
    public var systemAttributes: [String: AttributeValue]
    /// When the trial started running (`nil` while waiting).
    public var startDate: Date?
    /// When the trial finished (`nil` until then).
    public var completeDate: Date?
    /// Why the trial failed, when `state == .failed`.
    public var failReason: String?

    /// Creates a snapshot (storage backends build these).
    ///
    /// ```swift
    /// let trial = FrozenTrial(trialID: 1, number: 0, state: .running)
    /// ```
    public init(
        trialID: Int64, number: Int, state: TrialState, value: Double? = nil, values: [Double]? = nil,
        constraints: [Double]? = nil, parameters: [String: Double] = [:],
        distributions: [String: Distribution] = [:], intermediateValues: [Int: Double] = [:],
        userAttributes: [String: AttributeValue] = [:], systemAttributes: [String: AttributeValue] = [:],
        startDate: Date? = nil, completeDate: Date? = nil, failReason: String? = nil
    ) {
        precondition(value == nil || values == nil, "FrozenTrial: give value or values, not both")
        self.trialID = trialID
        self.number = number
        self.state = state
        self.values = values ?? value.map { [$0] }
        self.constraints = constraints
        self.parameters = parameters
        self.distributions = distributions
        self.intermediateValues = intermediateValues
        self.userAttributes = userAttributes
        self.systemAttributes = systemAttributes
        self.startDate = startDate
        self.completeDate = completeDate
        self.failReason = failReason
    }

    /// The single objective value of a one-objective study (the only element of ``values``); `nil` when the
    /// trial has no value **or several** (read ``values`` in a multi-objective study). Setting it sets ``values``
    /// to one element.
    ///
    /// ```swift
    /// trial.value   // 0.93
    /// ```
    public var value: Double? {
        get {
            guard let values, values.count == 1 else { return nil }
            return values[0]
        }
        set { values = newValue.map { [$0] } }
    }

    /// The sum of the positive constraint values (0 without constraints): how far the trial is from feasible.
    ///
    /// ```swift
    /// FrozenTrial(trialID: 1, number: 0, state: .complete, constraints: [-1, 0.5]).violation   // 0.5
    /// ```
    public var violation: Double { constraints.map(Pareto.violation) ?? 0 }

    /// Whether every constraint is satisfied (≤ 0); a trial without constraints is feasible.
    public var isFeasible: Bool { violation == 0 }

    /// The parameters as the objective saw them (floats, integers, choices).
    ///
    /// ```swift
    /// trial.externalParameters["optimizer"]   // .string("adam")
    /// ```
    public var externalParameters: [String: ParameterValue] {
        var result: [String: ParameterValue] = [:]
        for (name, value) in parameters {
            guard let distribution = distributions[name] else { continue }
            result[name] = distribution.externalValue(ofInternal: value)
        }
        return result
    }

    /// How long the trial ran, when it has finished.
    ///
    /// ```swift
    /// trial.duration   // e.g. 0.42 (seconds)
    /// ```
    public var duration: TimeInterval? {
        guard let startDate, let completeDate else { return nil }
        return completeDate.timeIntervalSince(startDate)
    }

    /// The last reported intermediate value and its step, if any.
    ///
    /// ```swift
    /// if let (step, value) = trial.lastIntermediateValue { print(step, value) }
    /// ```
    public var lastIntermediateValue: (step: Int, value: Double)? {
        guard let step = intermediateValues.keys.max() else { return nil }
        return (step, intermediateValues[step]!)
    }
}
