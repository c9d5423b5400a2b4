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
        _ trial: Trial, _ outcome: (TrialState, Double?, String?), budget trials: Int?, start: Date,
        run: inout Int, best: inout Double?, onTrialFinished: ((FrozenTrial, OptimizeProgress) -> Void)?
    ) throws {
        defer { runningTrials.finished(trialID: trial.trialID) }
        let (state, value, reason) = outcome
        do {
            try finish(
                trial.claimed, state: state, value: value, failReason: reason, claim: TrialClaim(of: trial.claimed))
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
        if frozen.state == .complete, let value = frozen.value,
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

    var nonWaiting: Set<TrialState> { [.running, .complete, .pruned, .failed] }

    /// Evaluates all repeats; returns the state, value and failure reason to store.
    func evaluate(
        _ trial: Trial, repeats: Int, objective: (Trial, Int) throws -> Double
    ) throws
        -> (TrialState, Double?, String?)
    {
        var values: [Double] = []
        for index in 0..<repeats {
            trial.repeatIndex = index
            do {
                let value = try objective(trial, index)
                guard value.isFinite else {
                    return (.failed, nil, "objective returned \(value)" + (repeats > 1 ? " (repeat \(index))" : ""))
                }
                values.append(value)
            } catch let pruned as TrialPruned {
                _ = pruned
                return (.pruned, nil, nil)
            } catch let error as StorageError {
                throw error  // the storage is broken: stop the study rather than record a failure
            } catch {
                return (.failed, nil, "\(error)")
            }
        }
        if repeats > 1 {
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
            try trial.setUserAttribute(.repeatValues, .array(values.map { .double($0) }))
            try trial.setUserAttribute(.valueSD, .double(variance.squareRoot()))
            return (.complete, mean, nil)
        }
        return (.complete, values[0], nil)
    }

    func bestValueIfAny() throws -> Double? {
        direction.best(of: try trials(states: [.complete]).compactMap(\.value))
    }
}
