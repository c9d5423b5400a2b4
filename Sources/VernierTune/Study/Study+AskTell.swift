import Foundation

extension Study {
    /// Starts a new trial (a waiting one first, e.g. an enqueued or grid point), or returns `nil` when the study
    /// holds `maxTrials` trials already or a grid / one-at-a-time sampler has no point left.
    ///
    /// `fixedDistributions` are suggested at once (the CLI's `vernier ask --param`).
    /// ```swift
    /// if let trial = try study.ask(maxTrials: 100) {
    ///     let x = try trial.suggestFloat("x", in: 0...1)
    ///     try study.tell(trial, value: x * x)
    /// }
    /// ```
    public func ask(maxTrials: Int? = nil, fixedDistributions: [String: Distribution] = [:]) throws -> Trial? {
        // A rejected ask writes nothing: fixed distributions are checked against the study's before claiming.
        if !fixedDistributions.isEmpty {
            let stored = try storage.studyDistributions(studyID: id)
            for (name, distribution) in fixedDistributions.sorted(by: { $0.key < $1.key }) {
                if let existing = stored[name], existing != distribution {
                    throw SearchSpaceError.incompatibleDistribution(name: name, existing: existing, new: distribution)
                }
            }
        }
        let points = try ensurePointListEnqueued()
        try releaseStaleTrialsIfDue()
        guard
            let claimed = try storage.claimTrial(
                studyID: id, maxTrials: maxTrials, createIfNoneWaiting: !points)
        else { return nil }
        if let workerID = workerOptions.workerID {
            try storage.setTrialAttribute(
                trialID: claimed.trialID, key: WorkerOptions.workerIDKey, value: .string(workerID), kind: .system)
        }
        let trial = Trial(study: self, claimed: claimed)
        try sampler.beforeTrial(study: self, trial: claimed)
        if let relative = sampler as? any RelativeSampler {
            let space = try relative.inferRelativeSearchSpace(study: self, trial: claimed)
            if !space.isEmpty {
                trial.relativeSearchSpace = space
                trial.relativeParameters = try relative.sampleRelative(study: self, trial: claimed, searchSpace: space)
            }
        }
        for name in fixedDistributions.keys.sorted() {
            try trial.suggest(name, fixedDistributions[name]!)
        }
        return trial
    }

    /// Starts a new trial; throws ``StudyError/exhausted(study:)`` when none is left (see ``ask(maxTrials:fixedDistributions:)``).
    ///
    /// ```swift
    /// let trial = try study.ask()
    /// ```
    public func ask() throws -> Trial {
        guard let trial = try ask(maxTrials: nil) else { throw StudyError.exhausted(study: name) }
        return trial
    }

    /// Finishes a trial of a one-objective study with its value (and the constraints set with
    /// ``Trial/setConstraints(_:)``); a NaN or infinite value makes it `failed`. Throws as
    /// ``tell(_:values:)`` does.
    ///
    /// ```swift
    /// try study.tell(trial, value: 0.93)
    /// ```
    public func tell(_ trial: Trial, value: Double) throws {
        try tell(trial, values: [value])
    }

    /// Finishes a trial with one value per objective (and the constraints set with ``Trial/setConstraints(_:)``);
    /// throws ``StudyError/valueCountMismatch(study:expected:got:)`` for a vector of the wrong length.
    /// Throws ``StorageError/trialNoLongerHeld(trialID:)`` when the trial was returned to waiting meanwhile (its
    /// heartbeat went stale) and, perhaps, claimed again: the values belong to a claim that no longer holds.
    ///
    /// ```swift
    /// try study.tell(trial, values: [0.93, 12_400])
    /// ```
    public func tell(_ trial: Trial, values: [Double]) throws {
        let claimed = trial.claimed
        let current = try storage.trial(id: claimed.trialID)
        if current.state.isFinished {
            throw StudyError.trialNotRunning(study: name, number: trial.number, state: current.state)
        }
        try finish(
            claimed, state: .complete, values: values, constraints: trial.constraints, failReason: nil,
            claim: TrialClaim(of: claimed))
    }

    /// Finishes the trial with this number (possibly asked by another process) in `state`, for a one-objective
    /// study: ``tell(trialNumber:state:values:constraints:failReason:)`` with `value` as a one-element vector.
    ///
    /// ```swift
    /// try study.tell(trialNumber: 4, state: .failed, failReason: "out of memory")
    /// ```
    public func tell(
        trialNumber: Int, state: TrialState = .complete, value: Double? = nil, failReason: String? = nil
    )
        throws
    {
        try tell(trialNumber: trialNumber, state: state, values: value.map { [$0] }, failReason: failReason)
    }

    /// Finishes the trial with this number (possibly asked by another process) in `state`.
    ///
    /// For `complete`, `values` (one per objective) are required; a non-finite one records the trial as `failed`
    /// with the reason, a vector of the wrong length throws ``StudyError/valueCountMismatch(study:expected:got:)``.
    /// For `pruned`, missing values are taken from the last intermediate value. `constraints` (satisfied when
    /// ≤ 0) are stored with a complete trial; a non-finite one throws ``StudyError/nonFiniteConstraint(_:)``.
    /// Nothing is written when it throws. The trial is finished under the claim it is running with when read
    /// (``TrialClaim``), so a trial returned to waiting and claimed again in the meantime is refused with
    /// ``StorageError/trialNoLongerHeld(trialID:)``.
    /// ```swift
    /// try study.tell(trialNumber: 4, values: [0.91, 48_000], constraints: [48_000 - 50_000])
    /// ```
    public func tell(
        trialNumber: Int, state: TrialState = .complete, values: [Double]?, constraints: [Double]? = nil,
        failReason: String? = nil
    )
        throws
    {
        let frozen = try trial(number: trialNumber)
        guard frozen.state == .running else {
            throw StudyError.trialNotRunning(study: name, number: trialNumber, state: frozen.state)
        }
        // Finished only under the claim just read: a trial released and claimed again in between is refused
        // (``StorageError/trialNoLongerHeld(trialID:)``) instead of taking another claim's place.
        try finish(
            frozen, state: state, values: values, constraints: constraints, failReason: failReason,
            claim: TrialClaim(of: frozen))
    }

    /// Records `value` as the intermediate value at `step` of the running trial `trialNumber` (possibly asked by
    /// another process, as `vernier tell --step` does) and returns the study's pruner's answer: `true` when the
    /// trial should stop now (then tell it `pruned`).
    ///
    /// ```swift
    /// if try study.report(trialNumber: 4, step: 3, value: 0.61) { try study.tell(trialNumber: 4, state: .pruned) }
    /// ```
    public func report(trialNumber: Int, step: Int, value: Double) throws -> Bool {
        guard step >= 0 else { throw StudyError.negativeStep(step) }
        let frozen = try trial(number: trialNumber)
        guard frozen.state == .running else {
            throw StudyError.trialNotRunning(study: name, number: trialNumber, state: frozen.state)
        }
        try storage.setTrialIntermediateValue(trialID: frozen.trialID, step: step, value: value)
        return try pruner.shouldPrune(study: self, trial: try storage.trial(id: frozen.trialID))
    }

    /// Finishes `frozen` in `state` (normalizing the values, constraints and reason as
    /// ``tell(trialNumber:state:values:constraints:failReason:)`` says), with a `claim` only while it holds, and
    /// tells the sampler.
    func finish(
        _ frozen: FrozenTrial, state: TrialState, values: [Double]?, constraints: [Double]?, failReason: String?,
        claim: TrialClaim? = nil
    ) throws {
        var state = state
        var values = values
        var constraints = constraints
        var reason = failReason
        switch state {
        case .complete:
            guard let told = values else { throw StudyError.nonFiniteValue(.nan) }
            guard told.count == directions.count else {
                throw StudyError.valueCountMismatch(study: name, expected: directions.count, got: told.count)
            }
            if let bad = constraints?.first(where: { !$0.isFinite }) { throw StudyError.nonFiniteConstraint(bad) }
            if !told.allSatisfy(\.isFinite) {
                state = .failed
                reason = "objective returned \(Self.text(told))"
                values = nil
                constraints = nil
            }
        case .pruned:
            if values == nil {
                values = try storage.trial(id: frozen.trialID).lastIntermediateValue.map { [$0.value] }
            }
            constraints = nil
        case .failed:
            values = nil
            constraints = nil
            if reason == nil { reason = "told failed" }
        case .waiting, .running:
            throw StudyError.invalidTellState(state)
        }
        try storage.finishTrial(
            trialID: frozen.trialID, state: state, values: values, constraints: constraints, failReason: reason,
            claim: claim)
        var finished = frozen
        finished.state = state
        finished.values = values
        finished.constraints = constraints
        finished.failReason = reason
        try sampler.afterTrial(study: self, trial: finished, state: state, values: values)
    }

    /// Enqueues the sampler's point list once per study (through storage, so other processes agree) and returns
    /// whether the sampler has one.
    func ensurePointListEnqueued() throws -> Bool {
        if pointListEnqueued.withLock({ $0 }) { return true }
        guard let points = try sampler.pointList(study: self) else { return false }
        let templates = points.map { point -> TrialTemplate in
            var template = point
            template.systemAttributes[TrialTemplate.fixedParametersKey] = .object(
                point.parameters.mapValues { AttributeValue($0) })
            return template
        }
        try storage.enqueueTrials(studyID: id, templates: templates, onceKey: sampler.pointListKey)
        pointListEnqueued.withLock { $0 = true }
        return true
    }
}
