import Foundation
import Synchronization

/// A hyperparameter search: a name, a direction per objective, a storage holding its trials, a sampler and a
/// pruner.
///
/// A study with several directions is **multi-objective**: its objective returns one value per direction,
/// ``bestTrials()`` is the Pareto front, ``bestTrial()`` refuses, and its sampler must accept several objectives
/// (``Sampler/supportsSeveralObjectives``) and its pruner must be ``NopPruner``.
///
/// Opening a study whose name already exists in the storage **resumes** it: its trials are kept and count
/// towards the trial budget of ``optimize(trials:timeout:repeats:onTrialFinished:objective:)``. Several
/// processes may open the same study on one storage and work on it together.
///
/// ```swift
/// let study = try Study(name: "quadratic", direction: .minimize, storage: InMemoryStorage(),
///                       sampler: RandomSampler(seed: 1))
/// try study.optimize(trials: 50) { trial in
///     let x = try trial.suggestFloat("x", in: -10...10)
///     let optimizer = try trial.suggestCategorical("optimizer", ["sgd", "adam"])
///     return (x - 2) * (x - 2) + (optimizer == "adam" ? 0 : 1)
/// }
/// print(try study.bestTrials().map(\.externalParameters))
/// ```
public final class Study: Sendable {
    /// The study's unique name in its storage.
    public let name: String
    /// Minimize or maximize, one per objective (one element for a one-objective study).
    public let directions: [StudyDirection]
    /// The direction of the first objective (the only one of a one-objective study).
    public var direction: StudyDirection { directions[0] }
    /// Whether the study has more than one objective.
    public var isMultiObjective: Bool { directions.count > 1 }
    /// The storage's identifier of the study.
    public let id: Int64
    /// Where the trials live.
    public let storage: any Storage
    /// The reads of ``trials(states:)`` and ``trial(number:)``: `storage` itself when it is a
    /// ``FinishedTrialCache``, else one of this study's own, so that a long-lived study loop reads each finished
    /// trial once.
    let reads: FinishedTrialCache
    /// Chooses parameter values.
    public let sampler: any Sampler
    /// Stops unpromising trials early.
    public let pruner: any Pruner
    /// Worker id, heartbeats and the handling of dead workers' trials (see ``WorkerOptions``).
    public let workerOptions: WorkerOptions
    /// The trials this process is running in the study (released to waiting when the process is stopped).
    public let runningTrials: RunningTrials
    let pointListEnqueued = Mutex(false)
    /// When this process last looked for trials with a stale heartbeat.
    let lastStaleCheck = Mutex<Date?>(nil)

    /// Opens the study `name` in `storage`, creating it if it does not exist. `runningTrials` is where the
    /// optimize loops register the trials they claim (share one with a signal handler to release them on stop).
    ///
    /// Throws ``StudyError/directionMismatch(study:stored:requested:)`` if it exists with other directions.
    /// ```swift
    /// let study = try Study(name: "lr", direction: .maximize, storage: try SQLiteStorage(path: "runs/v.db"))
    /// ```
    public convenience init(
        name: String, direction: StudyDirection, storage: any Storage, sampler: any Sampler = RandomSampler(seed: 0),
        pruner: any Pruner = NopPruner(), workerOptions: WorkerOptions = WorkerOptions(),
        runningTrials: RunningTrials = RunningTrials()
    ) throws {
        try self.init(
            name: name, directions: [direction], storage: storage, sampler: sampler, pruner: pruner,
            workerOptions: workerOptions, runningTrials: runningTrials)
    }

    /// Opens (or creates) the study `name` with one direction per objective, as
    /// ``init(name:direction:storage:sampler:pruner:workerOptions:runningTrials:)`` does.
    ///
    /// With several directions it throws ``StudyError/samplerNeedsOneObjective(study:sampler:)`` for a sampler
    /// that handles one objective only (GP, TPE, CMA-ES) and ``StudyError/prunerNeedsOneObjective(study:)`` for
    /// any pruner but ``NopPruner`` (pruning is not defined for several objectives); with none,
    /// ``StudyError/noDirections(study:)``. Nothing is written when it throws for these.
    /// ```swift
    /// let study = try Study(name: "size", directions: [.maximize, .minimize], storage: InMemoryStorage())
    /// ```
    public init(
        name: String, directions: [StudyDirection], storage: any Storage,
        sampler: any Sampler = RandomSampler(seed: 0), pruner: any Pruner = NopPruner(),
        workerOptions: WorkerOptions = WorkerOptions(), runningTrials: RunningTrials = RunningTrials()
    ) throws {
        try Self.checkObjectives(name: name, directions: directions, sampler: sampler, pruner: pruner)
        var record = try storage.study(named: name)
        if record == nil {
            do {
                record = try storage.createStudy(name: name, directions: directions)
            } catch StorageError.studyAlreadyExists {
                record = try storage.requireStudy(named: name)  // another process created it meanwhile
            }
        }
        guard let record else { throw StorageError.studyNotFound(name: name) }
        guard record.directions == directions else {
            throw StudyError.directionMismatch(study: name, stored: record.directions, requested: directions)
        }
        self.name = name
        self.directions = directions
        self.id = record.id
        self.storage = storage
        self.reads = FinishedTrialCache.over(storage)
        self.sampler = sampler
        self.pruner = pruner
        self.workerOptions = workerOptions
        self.runningTrials = runningTrials
    }

    /// Opens an existing study with its stored directions; throws ``StorageError/studyNotFound(name:)``.
    ///
    /// ```swift
    /// let study = try Study.load(name: "lr", storage: storage)
    /// ```
    public static func load(
        name: String, storage: any Storage, sampler: any Sampler = RandomSampler(seed: 0),
        pruner: any Pruner = NopPruner()
    ) throws -> Study {
        let record = try storage.requireStudy(named: name)
        return try Study(
            name: name, directions: record.directions, storage: storage, sampler: sampler, pruner: pruner)
    }

    /// Refuses what several objectives cannot use: no direction, a one-objective sampler, a pruner.
    static func checkObjectives(
        name: String, directions: [StudyDirection], sampler: any Sampler, pruner: any Pruner
    ) throws {
        guard !directions.isEmpty else { throw StudyError.noDirections(study: name) }
        guard directions.count > 1 else { return }
        guard sampler.supportsSeveralObjectives else {
            throw StudyError.samplerNeedsOneObjective(study: name, sampler: "\(type(of: sampler))")
        }
        guard pruner is NopPruner else { throw StudyError.prunerNeedsOneObjective(study: name) }
    }

    /// The study's trials in number order, optionally only those in `states`. Finished trials come from memory
    /// after the first read (see ``FinishedTrialCache``); unfinished ones are read from the storage every time.
    ///
    /// ```swift
    /// let complete = try study.trials(states: [.complete])
    /// ```
    public func trials(states: Set<TrialState>? = nil) throws -> [FrozenTrial] {
        try reads.trials(studyID: id, states: states)
    }

    /// The trial with this number; throws ``StorageError/trialNumberNotFound(study:number:)``.
    ///
    /// ```swift
    /// let first = try study.trial(number: 0)
    /// ```
    public func trial(number: Int) throws -> FrozenTrial {
        guard let trial = try reads.trial(studyID: id, number: number) else {
            throw StorageError.trialNumberNotFound(study: name, number: number)
        }
        return trial
    }

    /// Sets a free-form attribute of the study.
    ///
    /// ```swift
    /// try study.setUserAttribute("dataset", "spirals")
    /// ```
    public func setUserAttribute(_ key: String, _ value: AttributeValue) throws {
        try storage.setStudyAttribute(studyID: id, key: key, value: value, kind: .user)
    }

    /// The study's user attributes.
    ///
    /// ```swift
    /// try study.userAttributes()["dataset"]
    /// ```
    public func userAttributes() throws -> [String: AttributeValue] {
        try storage.studyAttributes(studyID: id, kind: .user)
    }

    /// Adds a trial with fixed parameter values; it runs before newly sampled ones.
    ///
    /// ```swift
    /// try study.enqueue(["lr": 0.01, "optimizer": "adam"])
    /// ```
    public func enqueue(_ parameters: [String: ParameterValue]) throws {
        try storage.enqueueTrials(studyID: id, templates: [TrialTemplate(parameters: parameters)], onceKey: nil)
    }

    /// The parameters that every complete trial (and, optionally, every running trial) has with the same
    /// distribution: the usual relative search space of model-based samplers.
    ///
    /// ```swift
    /// let space = try study.intersectionSearchSpace()   // e.g. ["lr": .float(...), "width": .int(...)]
    /// ```
    public func intersectionSearchSpace(includingRunning: Bool = false) throws -> [String: Distribution] {
        let states: Set<TrialState> = includingRunning ? [.complete, .running] : [.complete]
        var space: [String: Distribution]?
        for trial in try trials(states: states) {
            guard var current = space else {
                space = trial.distributions
                continue
            }
            for (name, distribution) in current where trial.distributions[name] != distribution {
                current[name] = nil
            }
            space = current
        }
        return space ?? [:]
    }
}
