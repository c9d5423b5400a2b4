import Foundation

/// One evaluation of a batch: a trial and which of its repeats (0-based) to run.
///
/// ```swift
/// let evaluation = TrialEvaluation(trial: trial, repeatIndex: 0)
/// ```
public struct TrialEvaluation {
    /// The running trial (report intermediate values and set attributes through it).
    public let trial: Trial
    /// The repeat (the objective seeds its randomness with it).
    public let repeatIndex: Int

    /// Creates an evaluation.
    public init(trial: Trial, repeatIndex: Int) {
        self.trial = trial
        self.repeatIndex = repeatIndex
    }
}

extension Study {
    /// Like ``optimize(trials:timeout:repeats:onTrialFinished:objective:)``, but asks up to `batchSize` trials at
    /// a time and hands all their repeats to `batchObjective` at once, so it can train compatible configurations
    /// together (e.g. as one fused group). `batchObjective` returns one result per evaluation, in order, or
    /// `nil` for an evaluation it leaves to `objective`, which then runs it alone as the sequential loop would.
    ///
    /// Use it only with samplers whose suggestions do not depend on the values of the trials asked just before
    /// (random, Sobol, grid, one-at-a-time) and without a pruner that compares trials as they run: the trials of
    /// a batch are asked before any of them is told. Budget, timeout (checked between batches), repeats,
    /// failures, heartbeats and `onTrialFinished` behave as in the sequential loop, and each trial is stored
    /// with the same state, value and attributes.
    ///
    /// ```swift
    /// try study.optimize(trials: 100, repeats: 1, batchSize: 16, batchObjective: { evaluations in
    ///     evaluations.map { .success(Double($0.trial.number)) }
    /// }) { trial, _ in Double(trial.number) }
    /// ```
    @discardableResult
    public func optimize(
        trials: Int? = nil, timeout: TimeInterval? = nil, repeats: Int, batchSize: Int,
        onTrialFinished: ((FrozenTrial, OptimizeProgress) -> Void)? = nil,
        batchObjective: ([TrialEvaluation]) throws -> [Result<Double, any Error>?],
        objective: (Trial, Int) throws -> Double
    ) throws -> OptimizeSummary {
        try optimizeObjectives(
            trials: trials, timeout: timeout, repeats: repeats, batchSize: batchSize, onTrialFinished: onTrialFinished,
            batchObjective: { try batchObjective($0).map { $0?.map { [$0] } } }, objective: { [try objective($0, $1)] })
    }

    /// The batched loop for objectives that return one value per direction of the study (see
    /// ``optimizeObjectives(trials:timeout:repeats:onTrialFinished:objective:)``).
    ///
    /// ```swift
    /// try study.optimizeObjectives(trials: 100, repeats: 1, batchSize: 16, batchObjective: { evaluations in
    ///     evaluations.map { .success([Double($0.trial.number), 1]) }
    /// }) { trial, _ in [Double(trial.number), 1] }
    /// ```
    @discardableResult
    public func optimizeObjectives(
        trials: Int? = nil, timeout: TimeInterval? = nil, repeats: Int, batchSize: Int,
        onTrialFinished: ((FrozenTrial, OptimizeProgress) -> Void)? = nil,
        batchObjective: ([TrialEvaluation]) throws -> [Result<[Double], any Error>?],
        objective: (Trial, Int) throws -> [Double]
    ) throws -> OptimizeSummary {
        checkOptimizeArguments(trials: trials, timeout: timeout, repeats: repeats)
        precondition(batchSize >= 1, "Study.optimize: batchSize must be ≥ 1, got \(batchSize)")
        let start = Date()
        var run = 0
        var best: Double? = onTrialFinished == nil ? nil : try bestValueIfAny()
        var poll = Study.firstPoll  // the wait for other processes' trials at the end
        while true {
            if let timeout, Date().timeIntervalSince(start) >= timeout {
                return OptimizeSummary(trialsRun: run, stopReason: .timeout, elapsed: Date().timeIntervalSince(start))
            }
            var batch: [Trial] = []
            while batch.count < batchSize,
                let trial = try runningTrials.claim(storage: storage, { try ask(maxTrials: trials) })
            {
                batch.append(trial)
            }
            guard !batch.isEmpty else {
                if try !runningTrials.isStopping && waitForOtherRunningTrials(poll: &poll) { continue }
                return try noMoreTrials(budget: trials, run: run, start: start)
            }
            let heartbeats = batch.map { trial in
                workerOptions.heartbeatInterval.map {
                    HeartbeatThread(storage: storage, trialID: trial.trialID, interval: $0)
                }
            }
            let evaluations = batch.flatMap { trial in
                (0..<repeats).map { TrialEvaluation(trial: trial, repeatIndex: $0) }
            }
            let batched: [Result<[Double], any Error>?]
            do {
                batched = try batchObjective(evaluations)
                precondition(batched.count == evaluations.count, "Study.optimize: one batch result per evaluation")
            } catch {
                // The batch is abandoned as a whole: its trials go back to waiting and run when the study continues.
                for heartbeat in heartbeats { heartbeat?.stop() }
                for trial in batch { runningTrials.finished(trialID: trial.trialID) }
                _ = try storage.releaseTrials(trialIDs: batch.map(\.trialID), reason: "batch abandoned: \(error)")
                throw error
            }
            for (position, trial) in batch.enumerated() {
                let evaluated = Result {
                    try evaluate(trial, repeats: repeats) { trial, index in
                        if let result = batched[position * repeats + index] { return try result.get() }
                        return try objective(trial, index)
                    }
                }
                heartbeats[position]?.stop()
                try record(
                    trial, try evaluated.get(), budget: trials, start: start, run: &run, best: &best,
                    onTrialFinished: onTrialFinished)
            }
        }
    }
}
