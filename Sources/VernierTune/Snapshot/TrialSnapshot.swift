import Foundation

/// One trial as every Vernier output writes it (`studies export`, `summary.json`, the dashboard's API, the
/// report's JSON): parameters in their external form, intermediate values sorted by step, user and system
/// attributes, and dates as ISO-8601 text (``ISO8601Timestamp``). Numbers keep every bit.
///
/// ```swift
/// let snapshot = TrialSnapshot(try study.trials()[0])
/// print(snapshot.parameters["lr"] ?? .string("-"), snapshot.start.map(ISO8601Timestamp.string) ?? "")
/// ```
public struct TrialSnapshot: Sendable, Hashable, Codable {
    /// The value reported at one step.
    public struct IntermediateValue: Sendable, Hashable, Codable {
        /// The step (the epoch, for training objectives).
        public var step: Int
        /// The value.
        public var value: Double

        /// Creates an intermediate value.
        public init(step: Int, value: Double) {
            self.step = step
            self.value = value
        }
    }

    /// The trial number within its study (0, 1, 2, …).
    public var number: Int
    /// The state.
    public var state: TrialState
    /// The objective value (complete trials of a one-objective study).
    public var value: Double?
    /// The objective values of a multi-objective study's trial (`nil` for one objective: see ``value``).
    public var values: [Double]?
    /// The constraint values the trial was told (satisfied when ≤ 0), if any.
    public var constraints: [Double]?
    /// Parameters by name, in their external form (numbers, strings, Booleans).
    public var parameters: [String: ParameterValue]
    /// The distribution each parameter was drawn from.
    public var distributions: [String: Distribution]
    /// Ascending by step.
    public var intermediateValues: [IntermediateValue]
    /// Set by user code and objectives (``AttributeKey/valueSD``, ``AttributeKey/epochs``, …).
    public var userAttributes: [String: AttributeValue]
    /// Set by the engine, samplers and pruners (``AttributeKey/workerID``, …).
    public var systemAttributes: [String: AttributeValue]
    /// When the trial started.
    public var start: Date?
    /// When the trial finished.
    public var complete: Date?
    /// Run time in seconds (finished trials).
    public var duration: Double?
    /// Why a failed trial failed.
    public var failReason: String?

    /// Converts a stored trial.
    ///
    /// ```swift
    /// let snapshots = try study.trials().map(TrialSnapshot.init)
    /// ```
    public init(_ trial: FrozenTrial) {
        number = trial.number
        state = trial.state
        value = trial.value
        values = (trial.values?.count ?? 0) > 1 ? trial.values : nil
        constraints = trial.constraints
        parameters = trial.externalParameters
        distributions = trial.distributions
        intermediateValues = trial.intermediateValues.sorted { $0.key < $1.key }.map {
            IntermediateValue(step: $0.key, value: $0.value)
        }
        userAttributes = trial.userAttributes
        systemAttributes = trial.systemAttributes
        start = trial.startDate
        complete = trial.completeDate
        duration = trial.duration
        failReason = trial.failReason
    }

    enum CodingKeys: String, CodingKey {
        case number, state, value, values, constraints, parameters, distributions, start, complete
        case intermediateValues = "intermediate_values"
        case userAttributes = "user_attributes"
        case systemAttributes = "system_attributes"
        case duration = "duration_s"
        case failReason = "fail_reason"
    }

    /// Reads what ``encode(to:)`` writes.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        number = try container.decode(Int.self, forKey: .number)
        state = try container.decode(TrialState.self, forKey: .state)
        value = try container.decodeIfPresent(Double.self, forKey: .value)
        values = try container.decodeIfPresent([Double].self, forKey: .values)
        constraints = try container.decodeIfPresent([Double].self, forKey: .constraints)
        parameters = try container.decode([String: ParameterValue].self, forKey: .parameters)
        distributions = try container.decode([String: Distribution].self, forKey: .distributions)
        intermediateValues = try container.decode([IntermediateValue].self, forKey: .intermediateValues)
        userAttributes = try container.decode([String: AttributeValue].self, forKey: .userAttributes)
        systemAttributes = try container.decode([String: AttributeValue].self, forKey: .systemAttributes)
        func date(_ key: CodingKeys) throws -> Date? {
            guard let text = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
            guard let date = ISO8601Timestamp.date(from: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: container, debugDescription: "not an ISO-8601 date: \(text)")
            }
            return date
        }
        start = try date(.start)
        complete = try date(.complete)
        duration = try container.decodeIfPresent(Double.self, forKey: .duration)
        failReason = try container.decodeIfPresent(String.self, forKey: .failReason)
    }

    /// Writes every key (absent values as `null`; `values` and `constraints` only when the trial has them, so a
    /// one-objective study's JSON is unchanged) and dates as ISO-8601 text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(number, forKey: .number)
        try container.encode(state, forKey: .state)
        try container.encode(value, forKey: .value)
        try container.encodeIfPresent(values, forKey: .values)
        try container.encodeIfPresent(constraints, forKey: .constraints)
        try container.encode(parameters, forKey: .parameters)
        try container.encode(distributions, forKey: .distributions)
        try container.encode(intermediateValues, forKey: .intermediateValues)
        try container.encode(userAttributes, forKey: .userAttributes)
        try container.encode(systemAttributes, forKey: .systemAttributes)
        try container.encode(start.map(ISO8601Timestamp.string), forKey: .start)
        try container.encode(complete.map(ISO8601Timestamp.string), forKey: .complete)
        try container.encode(duration, forKey: .duration)
        try container.encode(failReason, forKey: .failReason)
    }
}
