import Foundation

/// A running trial, handed to the objective: it suggests parameters, reports intermediate values and asks the
/// pruner whether to stop.
///
/// Suggesting the same name twice in one trial returns the same value. Conditional search spaces are plain
/// `if`s. A `Trial` belongs to the thread running the objective; share ``FrozenTrial`` snapshots instead.
///
/// ```swift
/// try study.optimize(trials: 20) { trial in
///     let layers = try trial.suggestInt("layers", in: 1...3)
///     var width = 0
///     if layers > 1 { width = try trial.suggestInt("width", in: 8...128, log: true) }
///     for epoch in 0..<10 {
///         let loss = Double(10 - epoch) / Double(layers + width)
///         try trial.report(loss, step: epoch)
///         if try trial.shouldPrune() { throw TrialPruned() }
///     }
///     return Double(layers)
/// }
/// ```
public final class Trial {
    /// The study this trial belongs to.
    public let study: Study
    /// The storage identifier of the trial.
    public let trialID: Int64
    /// The trial's number in the study.
    public let number: Int
    /// The repeat being evaluated (0 when the study is optimized without repeats).
    public internal(set) var repeatIndex = 0
    /// Internal values and distributions of the parameters suggested so far.
    var cache: [String: (value: Double, distribution: Distribution)] = [:]
    /// Values fixed by an enqueued template (grid point, one-at-a-time point, `enqueue`).
    let fixedParameters: [String: ParameterValue]
    /// Values a relative sampler chose jointly at the start of the trial, with their distributions.
    var relativeParameters: [String: Double] = [:]
    var relativeSearchSpace: [String: Distribution] = [:]
    /// The snapshot the trial was claimed with.
    let claimed: FrozenTrial
    /// The constraint values set with ``setConstraints(_:)`` (`nil` until then); stored when the trial completes.
    public private(set) var constraints: [Double]?

    init(study: Study, claimed: FrozenTrial) {
        self.study = study
        self.claimed = claimed
        self.trialID = claimed.trialID
        self.number = claimed.number
        var fixed: [String: ParameterValue] = [:]
        if let object = claimed.systemAttributes[TrialTemplate.fixedParametersKey]?.objectValue {
            for (name, value) in object {
                if let parameter = value.parameterValue { fixed[name] = parameter }
            }
        }
        self.fixedParameters = fixed
        for (name, value) in claimed.parameters {
            if let distribution = claimed.distributions[name] { cache[name] = (value, distribution) }
        }
    }

    /// The parameters suggested so far, as the objective saw them.
    ///
    /// ```swift
    /// print(trial.parameters)   // ["lr": 0.01, "optimizer": "adam"]
    /// ```
    public var parameters: [String: ParameterValue] {
        cache.mapValues { $0.distribution.externalValue(ofInternal: $0.value) }
    }

    /// Stores the objective's value at `step` (an epoch, a number of samples seen, …) for pruning and learning
    /// curves. Reporting the same step again replaces the value.
    ///
    /// ```swift
    /// try trial.report(validationLoss, step: epoch)
    /// ```
    public func report(_ value: Double, step: Int) throws {
        precondition(step >= 0, "Trial.report: step must be ≥ 0, got \(step)")
        try study.storage.setTrialIntermediateValue(trialID: trialID, step: step, value: value)
    }

    /// Sets the trial's constraint values, each satisfied when ≤ 0 (write `c(x) ≤ b` as `c(x) - b`). They are
    /// stored with the trial when it completes (``FrozenTrial/constraints``); feasible trials rank before
    /// infeasible ones in ``Study/bestTrials(tolerance:)``. Setting them again replaces them. Throws
    /// ``StudyError/nonFiniteConstraint(_:)`` for NaN or an infinity.
    ///
    /// ```swift
    /// try trial.setConstraints([Double(parameterCount) - 50_000])   // at most 50,000 parameters
    /// ```
    public func setConstraints(_ constraints: [Double]) throws {
        if let bad = constraints.first(where: { !$0.isFinite }) { throw StudyError.nonFiniteConstraint(bad) }
        self.constraints = constraints
    }

    /// Asks the study's pruner whether this trial should stop now (then throw ``TrialPruned``).
    ///
    /// ```swift
    /// if try trial.shouldPrune() { throw TrialPruned() }
    /// ```
    public func shouldPrune() throws -> Bool {
        try study.pruner.shouldPrune(study: study, trial: try snapshot())
    }

    /// Sets a free-form attribute of the trial.
    ///
    /// ```swift
    /// try trial.setUserAttribute("train_seconds", .double(1.7))
    /// ```
    public func setUserAttribute(_ key: String, _ value: AttributeValue) throws {
        try study.storage.setTrialAttribute(trialID: trialID, key: key, value: value, kind: .user)
    }

    /// Sets a well-known attribute of the trial.
    ///
    /// ```swift
    /// try trial.setUserAttribute(.epochs, .int(12))
    /// ```
    public func setUserAttribute(_ key: AttributeKey, _ value: AttributeValue) throws {
        try setUserAttribute(key.rawValue, value)
    }

    /// Sets an attribute reserved for samplers, pruners and the engine.
    ///
    /// ```swift
    /// try trial.setSystemAttribute("sampler", "tpe")
    /// ```
    public func setSystemAttribute(_ key: String, _ value: AttributeValue) throws {
        try study.storage.setTrialAttribute(trialID: trialID, key: key, value: value, kind: .system)
    }

    /// Sets a well-known system attribute of the trial.
    public func setSystemAttribute(_ key: AttributeKey, _ value: AttributeValue) throws {
        try setSystemAttribute(key.rawValue, value)
    }

    /// The trial as stored now.
    ///
    /// ```swift
    /// let frozen = try trial.snapshot()
    /// ```
    public func snapshot() throws -> FrozenTrial {
        try study.storage.trial(id: trialID)
    }
}
