import Foundation
import VernierRandom
import VernierTune

/// Runs a study from its recipe: builds the objective, sampler, pruner and ``Study``, chooses between training
/// trials with a fused plan side by side (``TunableObjective/fusedGroup``) and one at a time, applies repeats and
/// noise, scores the chosen configuration on the test set and returns the ``TuneSummary``. How this process takes
/// part (its worker id, heartbeats, grace period, the registry a signal handler releases) is a parameter of each run;
/// nothing is global. ``runWithWorkers(count:storage:storageURL:worker:launcher:)`` runs it in worker processes.
///
/// ```swift
/// var options = StudySpec.Overrides()
/// options.objective = "branin"
/// options.sampler = .sobol
/// options.trials = 32
/// let runner = try StudyRunner(spec: try options.resolved(), studyName: "branin-sobol")
/// let summary = try runner.run(storage: InMemoryStorage())
/// print(summary.bestValue!)
/// ```
public struct StudyRunner: Sendable {
    /// Whether this process started the study or joins one another process started.
    public enum Role: Sendable {
        /// Stores the spec with the study (workers and later runs read it) and scores the test set at the end.
        case coordinator
        /// Only runs trials (`vernier worker`): stores nothing and scores no test value.
        case worker
    }

    /// The recipe.
    public let spec: StudySpec
    /// The study's name in storage.
    public let studyName: String
    /// The spec's objective, sampler, pruner and budget (``StudyPlan``).
    public let plan: StudyPlan
    /// Trials asked at once, and so the largest fused group, when trials with a fused plan train side by side.
    public var fusedGroupSize = 16
    /// Simulated work: seconds every evaluation sleeps first (fault tests and benchmarks of the engine).
    public var simulatedWork: TimeInterval?

    /// A runner for `spec` under `studyName`; throws ``RecipeError`` when the spec's objective cannot be built
    /// (call ``StudySpec/validate()`` first to check the rest).
    public init(spec: StudySpec, studyName: String) throws {
        self.spec = spec
        self.studyName = studyName
        plan = StudyPlan(spec: spec, objective: try spec.makeObjective())
    }

    /// The objective the trials run.
    public var objective: TunableObjective { plan.objective }

    /// Opens (or resumes) the study in `storage` with the spec's sampler and pruner; `worker` and `running` say
    /// how this process takes part (see ``Study/init(name:directions:storage:sampler:pruner:workerOptions:runningTrials:)``).
    public func makeStudy(
        storage: any Storage, worker: WorkerOptions = WorkerOptions(), running: RunningTrials = RunningTrials()
    ) throws -> Study {
        try Study(
            name: studyName, directions: spec.directions, storage: storage, sampler: try plan.makeSampler(),
            pruner: try plan.effectivePruner.makePruner(), workerOptions: worker, runningTrials: running)
    }

    /// Runs the study in this process until its budget, timeout or grid is used up, and returns the summary. A
    /// ``Role/coordinator`` stores the spec first and scores the chosen configuration on the test set after.
    ///
    /// ```swift
    /// let summary = try runner.run(storage: storage, worker: WorkerOptions(workerID: "a", gracePeriod: 60))
    /// ```
    public func run(
        storage: any Storage, role: Role = .coordinator, worker: WorkerOptions = WorkerOptions(),
        running: RunningTrials = RunningTrials(), onTrialFinished: ((FrozenTrial, OptimizeProgress) -> Void)? = nil
    ) throws -> TuneSummary {
        let study = try makeStudy(storage: storage, worker: worker, running: running)
        if role == .coordinator {
            try spec.store(studyID: study.id, in: storage)
            if study.isMultiObjective, try study.metricNames() != spec.metrics {
                try study.setMetricNames(spec.metrics)
            }
        }
        try optimize(study, onTrialFinished: onTrialFinished)
        return try summarize(study, scoresTest: role == .coordinator)
    }

    /// Scores the chosen configuration on the test set when the spec asks for it and the objective has one
    /// (once; the value is stored and never used to choose) and summarizes the study.
    func summarize(_ study: Study, scoresTest: Bool) throws -> TuneSummary {
        // Several objectives have no single chosen configuration to score.
        if scoresTest, spec.test, !study.isMultiObjective, let evaluateTest = objective.evaluateTest,
            let best = try study.bestTrials().first
        {
            try study.setTestValue(try evaluateTest(best.externalParameters, spec.seed), trialNumber: best.number)
        }
        return try TuneSummary(study: study, metrics: spec.metrics, sampler: spec.sampler)
    }

    /// Evaluates trials (with repeats and noise) until the budget, timeout or grid is used up: trials with a fused
    /// plan side by side as one fused group (each a `Trainer` run) when the objective has a fast path, the spec's
    /// ``StudySpec/fused`` is on and the sampler does not learn from finished trials (random, Sobol, grid,
    /// sensitivity) nor a pruner stops them; else one at a time.
    func optimize(_ study: Study, onTrialFinished: ((FrozenTrial, OptimizeProgress) -> Void)?) throws {
        let (space, seed, noise, delay) = (spec.space, spec.seed, spec.noise, simulatedWork)
        let fast = spec.fused ? objective.fusedGroup : nil
        let evaluate = fast?.single ?? objective.evaluate
        let (objectiveCount, constraints) = (spec.metrics.count, spec.constraints)
        // The objective's values (noise added), then the constraints' metrics, which become the trial's
        // constraint values (the mean over repeats, as the values).
        let repeated = RepeatedConstraints(repeats: spec.repeats)
        @Sendable func split(_ produced: [Double], trial: Trial, repeatIndex: Int) throws -> [Double] {
            if !constraints.isEmpty {
                try repeated.record(
                    zip(constraints, produced.dropFirst(objectiveCount)).map { $0.value(of: $1) }, trial: trial,
                    repeatIndex: repeatIndex)
            }
            let values = Array(produced.prefix(objectiveCount))
            guard noise > 0 else { return values }
            var generator = Xoshiro256(seed: seed ^ stableHash("noise")).stream(
                UInt64(trial.number) &* 1_000_003 &+ UInt64(repeatIndex))
            return values.map { $0 + noise * generator.nextNormal() }
        }
        let evaluateTrial: (Trial, Int) throws -> [Double] = { trial, repeatIndex in
            let parameters = try space.suggest(in: trial)
            if let delay { Thread.sleep(forTimeInterval: delay) }
            return try split(
                try evaluate(trial, parameters, seed &+ UInt64(repeatIndex)), trial: trial, repeatIndex: repeatIndex)
        }
        let independentSampler = [.random, .sobol, .grid, .sensitivity].contains(spec.sampler)
        guard let fast, independentSampler, spec.pruner.kind == .none else {
            try study.optimizeObjectives(
                trials: plan.budget, timeout: spec.timeout, repeats: spec.repeats, onTrialFinished: onTrialFinished,
                objective: evaluateTrial)
            return
        }
        try study.optimizeObjectives(
            trials: plan.budget, timeout: spec.timeout, repeats: spec.repeats, batchSize: fusedGroupSize,
            onTrialFinished: onTrialFinished,
            batchObjective: { evaluations in
                var parameters: [[String: ParameterValue]] = []
                for evaluation in evaluations { parameters.append(try space.suggest(in: evaluation.trial)) }
                let seeds = evaluations.map { seed &+ UInt64($0.repeatIndex) }
                if let delay { Thread.sleep(forTimeInterval: delay) }
                let results = try fast.batch(evaluations, parameters, seeds)
                return zip(evaluations, results).map { evaluation, result in
                    result.map { result in
                        result.flatMap { produced in
                            Result { try split(produced, trial: evaluation.trial, repeatIndex: evaluation.repeatIndex) }
                        }
                    }
                }
            }, objective: evaluateTrial)
    }

    /// Whether this run finished what it was asked to (the exit status of `vernier tune` and `vernier worker`).
    ///
    /// ```swift
    /// runner.outcome(of: summary)   // .complete
    /// ```
    public func outcome(of summary: TuneSummary) -> BudgetOutcome {
        BudgetOutcome(
            counts: summary.trials, expected: plan.expectedTrialCount, boundedByTimeout: spec.timeout != nil)
    }
}
