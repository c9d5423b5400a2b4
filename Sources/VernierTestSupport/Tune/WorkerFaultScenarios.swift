import Foundation
import Testing
import VernierTune

/// Fault scenarios of `vernier tune --workers N` on one storage, each ending with exactly the budget complete,
/// every trial number once and no configuration run twice: a worker holding a fused batch killed with
/// SIGKILL, the main process killed (its workers die with it), the main process and all workers killed, Ctrl-C
/// (SIGINT) and a rerun, and a grid with a killed worker. Every backend's tests call them with its storage URL.
///
/// ```swift
/// @Test func batch() throws {
///     try WorkerFaultScenarios.killedBatchWorker(storageURL: "sqlite:/tmp/x.db") { try SQLiteStorage(path: "/tmp/x.db") }
/// }
/// ```
public enum WorkerFaultScenarios {
    /// Options shared by the scenarios: fast heartbeats and a short grace period.
    static func common(study: String, storageURL: String) -> [String] {
        [
            "--study", study, "--storage", storageURL, "--heartbeat-interval", "0.2", "--grace-period", "1.5",
            "--quiet",
        ]
    }

    /// Waits until `count` trials of `study` are in `state`.
    static func waitFor(
        _ count: Int, _ state: TrialState, study: String, _ storage: any Storage, timeout: TimeInterval = 60
    ) throws -> Bool {
        try WorkerProcesses.wait(timeout: timeout) {
            guard let record = try storage.study(named: study) else { return false }
            return try storage.trialCount(studyID: record.id, states: [state]) >= count
        }
    }

    /// `vernier tune` of a two-epoch spirals study, 40 trials, `--workers 2`, trains 16 trials at a time per worker (the fused
    /// path); one worker is killed with SIGKILL while both hold a batch. The survivor finishes, waits for the
    /// dead worker's batch to go stale, returns all of it to waiting and trains it: the same run exits 0 with 40
    /// complete trials.
    public static func killedBatchWorker(storageURL: String, open: () throws -> any Storage) throws {
        let folder = try WorkerProcesses.scenarioFolder("batch")
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("tune.log")
        // Two-epoch spirals MLPs over the learning rate: fast trials that train 16 at a time.
        let file = folder.appendingPathComponent("batch.yaml")
        try """
        objective: spirals
        set: {epochs: 2}
        parameters:
          lr: {type: float, low: 0.001, high: 0.3, log: true}
        """.write(to: file, atomically: true, encoding: .utf8)
        let tune = try WorkerProcesses.start(
            [
                "tune", file.path, "--trials", "40", "--workers", "2", "--delay", "1", "--report", "none",
            ] + common(study: "batch", storageURL: storageURL), log: log)
        let storage = try open()
        let bothHoldBatches = try waitFor(17, .running, study: "batch", storage)
        let workers = WorkerProcesses.children(of: tune.processIdentifier)
        #expect(bothHoldBatches && workers.count == 2, "\(workers)")
        if let victim = workers.first { kill(victim, SIGKILL) }
        tune.waitUntilExit()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(tune.terminationStatus == 0, "\(output)")
        #expect(output.contains("was killed by signal 9"), "\(output)")
        let trials = try WorkerProcesses.trials(storage, study: "batch")
        WorkerProcesses.expectFullBudget(trials, budget: 40, "killed batch worker")
        let released = trials.filter { $0.systemAttributes[TrialRelease.countKey] != nil }
        #expect(released.count >= 1 && released.count <= 16, "one batch at most: \(released.count)")
    }

    /// `vernier tune sphere --trials 12 --workers 2` with slow trials; the main process is killed with SIGKILL.
    /// Its workers die with it (a parent-death signal) and return their running trials to waiting; rerunning the
    /// same command completes the budget with status 0.
    public static func killedMainProcess(storageURL: String, open: () throws -> any Storage) throws {
        let folder = try WorkerProcesses.scenarioFolder("orphans")
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments =
            ["tune", "sphere", "--trials", "12", "--workers", "2", "--delay", "0.4", "--report", "none"]
            + common(study: "orphans", storageURL: storageURL)
        let tune = try WorkerProcesses.start(arguments, log: folder.appendingPathComponent("1.log"))
        let storage = try open()
        #expect(try waitFor(2, .complete, study: "orphans", storage))
        let workers = WorkerProcesses.children(of: tune.processIdentifier)
        #expect(workers.count == 2, "\(workers)")
        kill(tune.processIdentifier, SIGKILL)
        tune.waitUntilExit()
        let gone = WorkerProcesses.wait(timeout: 10) { workers.allSatisfy { kill($0, 0) != 0 } }
        #expect(gone, "the workers outlived the killed main process")
        let running = try storage.trialCount(
            studyID: try storage.requireStudy(named: "orphans").id, states: [.running])
        #expect(running == 0, "the dying workers return their trials to waiting")
        let again = try WorkerProcesses.run(arguments, log: folder.appendingPathComponent("2.log"))
        #expect(again.status == 0, "\(again.output)")
        WorkerProcesses.expectFullBudget(try WorkerProcesses.trials(storage, study: "orphans"), budget: 12, "rerun")
    }

    /// The main process and both workers are killed with SIGKILL at once, leaving running trials behind; the
    /// same command run again at once waits for them to go stale (the grace period), runs them under their own
    /// numbers and completes the budget with status 0.
    public static func killedMainAndWorkers(storageURL: String, open: () throws -> any Storage) throws {
        let folder = try WorkerProcesses.scenarioFolder("massacre")
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments =
            ["tune", "sphere", "--trials", "12", "--workers", "2", "--delay", "0.4", "--report", "none"]
            + common(study: "massacre", storageURL: storageURL)
        let tune = try WorkerProcesses.start(arguments, log: folder.appendingPathComponent("1.log"))
        let storage = try open()
        #expect(try waitFor(2, .complete, study: "massacre", storage))
        #expect(try waitFor(2, .running, study: "massacre", storage))
        let workers = WorkerProcesses.children(of: tune.processIdentifier)
        for pid in workers + [tune.processIdentifier] { kill(pid, SIGKILL) }
        tune.waitUntilExit()
        let study = try storage.requireStudy(named: "massacre")
        let lost = try storage.trials(studyID: study.id, states: [.running])
        #expect(!lost.isEmpty, "the killed workers leave running trials")
        let again = try WorkerProcesses.run(arguments, log: folder.appendingPathComponent("2.log"))
        #expect(again.status == 0, "\(again.output)")
        let trials = try WorkerProcesses.trials(storage, study: "massacre")
        WorkerProcesses.expectFullBudget(trials, budget: 12, "after SIGKILL of every process")
        // A lost trial may have been read between its claim and its last suggestion (claim and suggestions are
        // separate writes): every parameter it had is kept by its rerun, the rest is sampled again.
        for trial in lost {
            let rerun = trials.first { $0.number == trial.number }
            for (name, value) in trial.externalParameters {
                #expect(rerun?.externalParameters[name] == value, "trial \(trial.number), parameter \(name)")
            }
        }
    }

    /// Ctrl-C (SIGINT to the main process, which forwards it) stops `vernier tune --workers 2` with status 130
    /// and leaves no trial running or failed; the same command run again completes the budget with status 0.
    public static func interruptedWorkersAndRerun(storageURL: String, open: () throws -> any Storage) throws {
        let folder = try WorkerProcesses.scenarioFolder("ctrl-c")
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments =
            ["tune", "sphere", "--trials", "12", "--workers", "2", "--delay", "0.4", "--report", "none"]
            + common(study: "ctrl-c", storageURL: storageURL)
        let log = folder.appendingPathComponent("1.log")
        let tune = try WorkerProcesses.start(arguments, log: log)
        let storage = try open()
        #expect(try waitFor(2, .complete, study: "ctrl-c", storage))
        kill(tune.processIdentifier, SIGINT)
        tune.waitUntilExit()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(tune.terminationStatus == 128 + SIGINT, "\(output)")
        let stopped = try WorkerProcesses.trials(storage, study: "ctrl-c")
        #expect(stopped.allSatisfy { $0.state == .complete || $0.state == .waiting }, "\(stopped.map(\.state))")
        #expect(stopped.contains { $0.state == .waiting }, "the interrupted trials wait")
        let again = try WorkerProcesses.run(arguments, log: folder.appendingPathComponent("2.log"))
        #expect(again.status == 0, "\(again.output)")
        WorkerProcesses.expectFullBudget(try WorkerProcesses.trials(storage, study: "ctrl-c"), budget: 12, "rerun")
    }

    /// A grid of 25 points with two workers, one killed with SIGKILL in the middle: the survivor runs the dead
    /// worker's point again once it is stale, so the same run exits 0 with every point exactly once.
    public static func gridWithKilledWorker(storageURL: String, open: () throws -> any Storage) throws {
        let folder = try WorkerProcesses.scenarioFolder("grid-kill")
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("tune.log")
        let tune = try WorkerProcesses.start(
            ["tune", "sphere", "--sampler", "grid", "--workers", "2", "--delay", "0.3", "--report", "none"]
                + common(study: "grid-kill", storageURL: storageURL), log: log)
        let storage = try open()
        #expect(try waitFor(3, .complete, study: "grid-kill", storage))
        let workers = WorkerProcesses.children(of: tune.processIdentifier)
        #expect(workers.count == 2, "\(workers)")
        if let victim = workers.first { kill(victim, SIGKILL) }
        tune.waitUntilExit()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(tune.terminationStatus == 0, "\(output)")
        WorkerProcesses.expectFullBudget(
            try WorkerProcesses.trials(storage, study: "grid-kill"), budget: 25, "grid with a killed worker")
    }
}
