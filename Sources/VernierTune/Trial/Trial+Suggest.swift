/// A Swift type usable as a categorical choice: `String`, `Int`, `Double` or `Bool`.
///
/// ```swift
/// let activation: String = try trial.suggestCategorical("activation", ["relu", "tanh"])
/// ```
public protocol CategoricalChoice: Hashable, Sendable {
    /// The choice as a stored parameter value.
    var parameterValue: ParameterValue { get }
    /// Converts back from a stored value; `nil` if the kind differs.
    init?(parameterValue: ParameterValue)
}

extension String: CategoricalChoice {
    /// `.string(self)`.
    public var parameterValue: ParameterValue { .string(self) }
    /// The string of a `.string` value.
    public init?(parameterValue: ParameterValue) {
        guard case .string(let value) = parameterValue else { return nil }
        self = value
    }
}

extension Int: CategoricalChoice {
    /// `.int(self)`.
    public var parameterValue: ParameterValue { .int(self) }
    /// The integer of an integral numeric value.
    public init?(parameterValue: ParameterValue) {
        guard let value = parameterValue.intValue else { return nil }
        self = value
    }
}

extension Double: CategoricalChoice {
    /// `.double(self)`.
    public var parameterValue: ParameterValue { .double(self) }
    /// The number of a numeric value.
    public init?(parameterValue: ParameterValue) {
        guard let value = parameterValue.doubleValue else { return nil }
        self = value
    }
}

extension Bool: CategoricalChoice {
    /// `.bool(self)`.
    public var parameterValue: ParameterValue { .bool(self) }
    /// The Boolean of a `.bool` value.
    public init?(parameterValue: ParameterValue) {
        guard case .bool(let value) = parameterValue else { return nil }
        self = value
    }
}

extension Trial {
    /// Suggests a real value in `range`, uniformly, on a log scale, or on a grid of `step`.
    ///
    /// ```swift
    /// let rate = try trial.suggestFloat("lr", in: 1e-4...1, log: true)
    /// ```
    public func suggestFloat(
        _ name: String, in range: ClosedRange<Double>, log: Bool = false, step: Double? = nil
    )
        throws -> Double
    {
        let distribution = try FloatDistribution(
            low: range.lowerBound, high: range.upperBound, log: log, step: step, name: name)
        return try suggest(name, .float(distribution)).doubleValue!
    }

    /// Suggests an integer in `range`, uniformly, on a log scale, or every `step`.
    ///
    /// ```swift
    /// let width = try trial.suggestInt("width", in: 8...128, log: true)
    /// ```
    public func suggestInt(
        _ name: String, in range: ClosedRange<Int>, log: Bool = false, step: Int = 1
    ) throws
        -> Int
    {
        let distribution = try IntDistribution(
            low: range.lowerBound, high: range.upperBound, log: log, step: step, name: name)
        return try suggest(name, .int(distribution)).intValue!
    }

    /// Suggests one of `choices`.
    ///
    /// ```swift
    /// let optimizer = try trial.suggestCategorical("optimizer", ["sgd", "adam"])
    /// let batch = try trial.suggestCategorical("batch", [16, 32, 64])
    /// ```
    public func suggestCategorical<Choice: CategoricalChoice>(_ name: String, _ choices: [Choice]) throws -> Choice {
        let distribution = try CategoricalDistribution(choices: choices.map(\.parameterValue), name: name)
        let value = try suggest(name, .categorical(distribution))
        guard let index = distribution.index(of: value) else {
            throw SearchSpaceError.valueOutOfDistribution(
                name: name, value: value, distribution: .categorical(distribution))
        }
        return choices[index]
    }

    /// Suggests a value of any distribution and returns it in external form. The value comes, in order of
    /// preference, from an earlier suggestion of the same name in this trial, from an enqueued template, from
    /// the relative sampler, and from the sampler's independent sampling; it is then stored.
    ///
    /// Throws ``SearchSpaceError/incompatibleDistribution(name:existing:new:)`` when the name was used with
    /// another distribution in this study.
    /// ```swift
    /// let value = try trial.suggest("dropout", .float(try FloatDistribution(low: 0, high: 0.5, step: 0.1)))
    /// ```
    @discardableResult
    public func suggest(_ name: String, _ distribution: Distribution) throws -> ParameterValue {
        if let cached = cache[name] {
            guard cached.distribution == distribution else {
                throw SearchSpaceError.incompatibleDistribution(
                    name: name, existing: cached.distribution, new: distribution)
            }
            return distribution.externalValue(ofInternal: cached.value)
        }
        let internalValue: Double
        if let fixed = fixedParameters[name] {
            internalValue = try distribution.internalValue(of: fixed, name: name)
        } else if let relative = relativeParameters[name], relativeSearchSpace[name] == distribution,
            distribution.containsInternal(relative)
        {
            internalValue = relative
        } else if distribution.isSingleValue {
            internalValue = distribution.internalValue(fromUnit: 0)
        } else {
            internalValue = try study.sampler.sampleIndependent(
                study: study, trial: claimed, name: name, distribution: distribution)
            precondition(
                distribution.containsInternal(internalValue),
                "sampler \(type(of: study.sampler)) returned \(internalValue), outside \(distribution) for '\(name)'")
        }
        try study.storage.setTrialParameter(
            trialID: trialID, name: name, internalValue: internalValue, distribution: distribution)
        cache[name] = (internalValue, distribution)
        return distribution.externalValue(ofInternal: internalValue)
    }
}
