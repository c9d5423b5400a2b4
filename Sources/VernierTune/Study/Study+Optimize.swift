import Foundation

extension Study {
    /// Runs the objective on new trials until the study holds `trials` trials (a **study-wide** budget: trials
    /// of earlier runs and of other processes count), the timeout passes, or a grid / one-at-a-time sampler runs
    /// out of points.
    ///
    /// The objective returns the value to optimize. If it throws ``TrialPruned`` the trial is `pruned`; any other
    /// error, NaN or an infinity makes the trial `failed` with the reason, and the study goes on. With
    /// `repeats: k`, each configuration is evaluated `k` times (the objective receives the repeat index, e.g. to
    /// seed its randomness); the trial's value is the mean, and the user attributes `repeat_values` (every value)
    /// and `value_sd` (sample standard deviation) make the noise visible.
    ///
    /// ```swift
    /// let summary = try study.optimize(trials: 40, repeats: 3) { trial, repeatIndex in
    ///     let lr = try trial.suggestFloat("lr", in: 1e-3...1, log: true)
    ///     var rng = Xoshiro256(seed: UInt64(repeatIndex))
    ///     return lr + 0.01 * rng.nextNormal()
    /// }
    /// ```
    @discardableResult
    public func optimize(
        trials: Int? = nil, timeout: TimeInterval? = nil, repeats: Int,
        onTrialFinished: ((FrozenTrial, OptimizeProgress) -> Void)? = nil,
        objective: (Trial, Int) throws -> Double
    ) throws -> OptimizeSummary {
        try optimizeObjectives(trials: trials, timeout: timeout, repeats: repeats, onTrialFinished: onTrialFinished) {
            [try objective($0, $1)]
        }
    }

    /// Runs an objective that returns **one value per direction** of the study (a multi-objective study, or a
    /// one-objective one with a one-element vector), otherwise exactly as
    /// ``optimize(trials:timeout:repeats:onTrialFinished:objective:)`` does (a separate name, so a closure's return
    /// type never has to pick between two overloads): with
    /// repeats, each component is the mean over the repeats. A vector of the wrong length fails the trial.
    ///
    /// ```swift
    /// let study = try Study(name: "size", directions: [.minimize, .minimize], storage: InMemoryStorage())
    /// try study.optimizeObjectives(trials: 30, repeats: 1) { trial, _ in
    ///     let x = try trial.suggestFloat("x", in: 0...1)
    ///     return [x, (1 - x) * (1 - x)]
    /// }
    /// ```
    @discardableResult
    public func optimizeObjectives(
        trials: Int? = nil, timeout: TimeInterval? = nil, repeats: Int,
        onTrialFinished: ((FrozenTrial, OptimizeProgress) -> Void)? = nil,
        objective: (Trial, Int) throws -> [Double]
    ) throws -> OptimizeSummary {
        checkOptimizeArguments(trials: trials, timeout: timeout, repeats: repeats)
        let start = Date()
        var run = 0
        var best: Double? = onTrialFinished == nil ? nil : try bestValueIfAny()
        var poll = Study.firstPoll  // the wait for other processes' trials at the end
        while true {
            if let timeout, Date().timeIntervalSince(start) >= timeout {
                return OptimizeSummary(trialsRun: run, stopReason: .timeout, elapsed: Date().timeIntervalSince(start))
            }
            guard let trial = try runningTrials.claim(storage: storage, { try ask(maxTrials: trials) }) else {
                if try !runningTrials.isStopping && waitForOtherRunningTrials(poll: &poll) { continue }
                return try noMoreTrials(budget: trials, run: run, start: start)
            }
            let heartbeat = workerOptions.heartbeatInterval.map {
                HeartbeatThread(storage: storage, trialID: trial.trialID, interval: $0)
            }
            let evaluated = Result { try evaluate(trial, repeats: repeats, objective: objective) }
            heartbeat?.stop()
            try record(
                trial, try evaluated.get(), budget: trials, start: start, run: &run, best: &best,
                onTrialFinished: onTrialFinished)
        }
    }

    /// The preconditions of both optimize loops.
    func checkOptimizeArguments(trials: Int?, timeout: TimeInterval?, repeats: Int) {
        precondition(repeats >= 1, "Study.optimize: repeats must be ≥ 1, got \(repeats)")
        precondition(trials == nil || trials! >= 0, "Study.optimize: trials must be ≥ 0")
        precondition(
            trials != nil || timeout != nil || (try? sampler.pointList(study: self)) != nil,
            "Study.optimize: give a trial budget or a timeout (or use a grid / one-at-a-time sampler)")
    }

    /// The summary when `ask` gives no more trials: the budget is used up, or the sampler ran out of points.
    func noMoreTrials(budget trials: Int?, run: Int, start: Date) throws -> OptimizeSummary {
        var reason = OptimizeSummary.StopReason.searchSpaceExhausted
        if let trials, try storage.trialCount(studyID: id, states: nonWaiting) >= trials { reason = .budget }
        return OptimizeSummary(trialsRun: run, stopReason: reason, elapsed: Date().timeIntervalSince(start))
    }

    /// Stores a trial's outcome; unless the trial went back to waiting meanwhile (its result is then dropped),
    /// counts it in `run`, updates `best` and calls `onTrialFinished`.
    func record(
        _ trial: Trial, _ outcome: (TrialState, [Double]?, String?), budget trials: Int?, start: Date,
        run: inout Int, best: inout Double?, onTrialFinished: ((FrozenTrial, OptimizeProgress) -> Void)?
    ) throws {
        defer { runningTrials.finished(trialID: trial.trialID) }
        let (state, values, reason) = outcome
        do {
            try finish(
                trial.claimed, state: state, values: values, constraints: trial.constraints, failReason: reason,
                claim: TrialClaim(of: trial.claimed))
        } catch StorageError.trialNoLongerHeld {
            // This process stalled longer than the grace period (or is stopping) and the trial went back to
            // waiting, perhaps to be claimed again elsewhere: storage refused the result in the same step that
            // would have stored it; the trial runs again and the study goes on.
            return
        }
        run += 1
        // The best value and the stored trial only feed the callback: without one, no read-back.
        guard let onTrialFinished else { return }
        let frozen = try storage.trial(id: trial.trialID)
        if frozen.constraints != nil {
            best = try bestValueIfAny()  // feasibility ranks first: the best may not be the best value
        } else if !isMultiObjective, frozen.state == .complete, let value = frozen.value,
            best == nil || direction.isBetter(value, than: best!)
        {
            best = value
        }
        let progress = OptimizeProgress(
            finishedTrials: try storage.trialCount(studyID: id, states: [.complete, .pruned, .failed]), budget: trials,
            finishedThisRun: run, bestValue: best, elapsed: Date().timeIntervalSince(start))
        onTrialFinished(frozen, progress)
    }

    /// Runs the objective once per trial; see ``optimize(trials:timeout:repeats:onTrialFinished:objective:)``.
    ///
    /// ```swift
    /// try study.optimize(trials: 30) { trial in
    ///     let x = try trial.suggestFloat("x", in: -5...5)
    ///     return x * x
    /// }
    /// ```
    @discardableResult
    public func optimize(
        trials: Int? = nil, timeout: TimeInterval? = nil,
        onTrialFinished: ((FrozenTrial, OptimizeProgress) -> Void)? = nil,
        objective: (Trial) throws -> Double
    ) throws -> OptimizeSummary {
        try optimize(trials: trials, timeout: timeout, repeats: 1, onTrialFinished: onTrialFinished) { trial, _ in
            try objective(trial)
        }
    }

    /// Runs a vector objective once per trial; see
    /// ``optimizeObjectives(trials:timeout:repeats:onTrialFinished:objective:)``.
    ///
    /// ```swift
    /// try study.optimizeObjectives(trials: 30) { trial in
    ///     let x = try trial.suggestFloat("x", in: 0...1)
    ///     return [x, 1 - x * x]
    /// }
    /// ```
    @discardableResult
    public func optimizeObjectives(
        trials: Int? = nil, timeout: TimeInterval? = nil,
        onTrialFinished: ((FrozenTrial, OptimizeProgress) -> Void)? = nil,
        objective: (Trial) throws -> [Double]
    ) throws -> OptimizeSummary {
        try optimizeObjectives(trials: trials, timeout: timeout, repeats: 1, onTrialFinished: onTrialFinished) {
            trial, _ in
            try objective(trial)
        }
    }

    var nonWaiting: Set<TrialState> { [.running, .complete, .pruned, .failed] }

    /// Evaluates all repeats; returns the state, values (one per objective) and failure reason to store.
    func evaluate(
        _ trial: Trial, repeats: Int, objective: (Trial, Int) throws -> [Double]
    ) throws
        -> (TrialState, [Double]?, String?)
    {
        var repeated: [[Double]] = []
        for index in 0..<repeats {
            trial.repeatIndex = index
            let suffix = repeats > 1 ? " (repeat \(index))" : ""
            do {
                let values = try objective(trial, index)
                guard values.count == directions.count else {
                    let error = StudyError.valueCountMismatch(
                        study: name, expected: directions.count, got: values.count)
                    return (.failed, nil, "\(error)" + suffix)
                }
                guard values.allSatisfy(\.isFinite) else {
                    return (.failed, nil, "objective returned \(Self.text(values))" + suffix)
                }
                repeated.append(values)
            } catch let pruned as TrialPruned {
                _ = pruned
                return (.pruned, nil, nil)
            } catch let error as StorageError {
                throw error  // the storage is broken: stop the study rather than record a failure
            } catch {
                return (.failed, nil, "\(error)")
            }
        }
        guard repeats > 1 else { return (.complete, repeated[0], nil) }
        // Per objective: the mean, and the values and sample standard deviation as user attributes (a number
        // each for one objective, an array per objective for several).
        var means: [Double] = []
        var valueLists: [AttributeValue] = []
        var deviations: [AttributeValue] = []
        for objective in directions.indices {
            let values = repeated.map { $0[objective] }
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
            means.append(mean)
            valueLists.append(.array(values.map { .double($0) }))
            deviations.append(.double(variance.squareRoot()))
        }
        try trial.setUserAttribute(.repeatValues, isMultiObjective ? .array(valueLists) : valueLists[0])
        try trial.setUserAttribute(.valueSD, isMultiObjective ? .array(deviations) : deviations[0])
        return (.complete, means, nil)
    }

    /// `0.5` for one value, `[0.5, nan]` for several.
    static func text(_ values: [Double]) -> String {
        values.count == 1 ? "\(values[0])" : "[" + values.map { "\($0)" }.joined(separator: ", ") + "]"
    }
}
