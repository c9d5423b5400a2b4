import Foundation
import Testing
import VernierTune

/// Runs the `vernier` executable as worker processes for fault and parallelism tests: finds the binary built
/// next to the test bundle, starts and kills processes, and checks what a killed worker leaves in a storage.
///
/// ```swift
/// @Test(.enabled(if: WorkerProcesses.binary != nil, "vernier binary not built")) func killed() throws {
///     try WorkerProcesses.killedWorkerScenario(storageURL: "sqlite:/tmp/x.db") { try SQLiteStorage(path: "/tmp/x.db") }
/// }
/// ```
public enum WorkerProcesses {
    /// The `vernier` binary: `$VERNIER_BINARY`, or the one in the build folder of the running tests.
    public static let binary: String? = {
        var candidates: [String] = []
        if let path = ProcessInfo.processInfo.environment["VERNIER_BINARY"] { candidates.append(path) }
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("vernier").path)
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        candidates.append(executable.appendingPathComponent("vernier").path)
        candidates.append(executable.deletingLastPathComponent().appendingPathComponent("vernier").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Starts `vernier arguments…` with its output in `log`; the caller waits for or kills it.
    public static func start(_ arguments: [String], log: URL) throws -> Process {
        guard let binary else { throw CocoaError(.fileNoSuchFile) }
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// Runs `vernier arguments…` to the end; returns the exit status and the output.
    public static func run(_ arguments: [String], log: URL) throws -> (status: Int32, output: String) {
        let process = try start(arguments, log: log)
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    /// Polls `condition` every 50 ms until it holds or `timeout` seconds pass; returns whether it held.
    public static func wait(timeout: TimeInterval, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return try condition()
    }

    /// The process ids whose parent is `parent` (Linux: read from `/proc/<pid>/stat`).
    public static func children(of parent: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            // After "pid (name)": state, then the parent's pid.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && pid_t(fields[1]) == parent ? pid : nil
        }
    }

    /// A fresh folder for one scenario's logs.
    static func scenarioFolder(_ name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-\(name)-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The trials of study `name`, by number.
    static func trials(_ storage: any Storage, study name: String) throws -> [FrozenTrial] {
        try storage.trials(studyID: try storage.requireStudy(named: name).id, states: nil)
    }

    /// What every fault scenario ends with: exactly `budget` trials, all complete, each number once, no two
    /// with the same parameters (a random sampler over continuous parameters never repeats itself), none waiting
    /// or running.
    static func expectFullBudget(_ trials: [FrozenTrial], budget: Int, _ context: String) {
        let summary = trials.map { "\($0.number) \($0.state)" }
        #expect(trials.count == budget, "\(context): \(summary)")
        #expect(trials.allSatisfy { $0.state == .complete }, "\(context): \(summary)")
        #expect(trials.map(\.number) == Array(0..<trials.count), "\(context): numbers \(summary)")
        let points = trials.map { trial in
            trial.externalParameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        }
        #expect(Set(points).count == points.count, "\(context): a configuration ran twice")
    }

    /// A worker with slow trials (`--delay`) is killed with SIGKILL in the middle of trial 2; after the grace
    /// period a second worker (`vernier worker`) joins the study from its stored configuration, returns the lost
    /// trial to waiting and runs it first, under its own number and with its own parameters. The study ends with
    /// exactly its budget of 6 complete trials, the first two unchanged.
    public static func killedWorkerScenario(storageURL: String, open: () throws -> any Storage) throws {
        let folder = try scenarioFolder("fault")
        defer { try? FileManager.default.removeItem(at: folder) }
        let common = [
            "--study", "fault", "--storage", storageURL, "--seed", "7", "--heartbeat-interval", "0.2",
            "--grace-period", "1", "--retry-failed", "--quiet",
        ]
        let first = try run(["tune", "sphere", "--trials", "2"] + common, log: folder.appendingPathComponent("1.log"))
        #expect(first.status == 0, "\(first.output)")
        let storage = try open()
        let study = try storage.requireStudy(named: "fault")
        let before = try storage.trials(studyID: study.id, states: [.complete])
        #expect(before.count == 2)

        let doomed = try start(
            ["tune", "sphere", "--trials", "6", "--delay", "60"] + common,
            log: folder.appendingPathComponent("2.log"))
        let claimed = try wait(timeout: 30) {
            try storage.trials(studyID: study.id, states: [.running]).contains { $0.parameters.count == 2 }
        }
        kill(doomed.processIdentifier, SIGKILL)
        doomed.waitUntilExit()
        #expect(claimed, "the slow worker never started a trial")
        #expect(doomed.terminationReason == .uncaughtSignal)
        let running = try storage.trials(studyID: study.id, states: [.running])
        let lost = try #require(running.first)
        #expect(running.count == 1)

        Thread.sleep(forTimeInterval: 1.3)  // let the killed worker's heartbeat age past the grace period
        let survivor = try run(
            ["worker", "--study", "fault", "--storage", storageURL, "--worker-id", "survivor", "--quiet"],
            log: folder.appendingPathComponent("3.log"))
        #expect(survivor.status == 0, "\(survivor.output)")

        let trials = try storage.trials(studyID: study.id, states: nil)
        expectFullBudget(trials, budget: 6, "killed worker")
        let rerun = try #require(trials.first { $0.number == lost.number })
        #expect(rerun.externalParameters == lost.externalParameters)
        #expect(rerun.systemAttributes[TrialRelease.countKey] == .int(1))
        #expect(rerun.systemAttributes[TrialRelease.reasonKey]?.stringValue?.contains("no heartbeat") == true)
        for trial in before {
            #expect(trials.contains { $0.number == trial.number && $0.value == trial.value }, "lost \(trial.number)")
        }
        let survivorTrials = trials.filter { $0.systemAttributes[WorkerOptions.workerIDKey] == "survivor" }
        #expect(survivorTrials.count == 4)
    }

    /// `vernier tune sphere --sampler grid --workers N` runs the same 25 grid points, each exactly once, as one
    /// worker does, and every trial records one of the N worker ids.
    public static func gridWithWorkers(storageURL: String, workers: Int, open: () throws -> any Storage) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-grid-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var pointSets: [[String]] = []
        for (name, count) in [("grid-one", 1), ("grid-many", workers)] {
            let result = try run(
                ["tune", "sphere", "--sampler", "grid", "--study", name, "--storage", storageURL, "--quiet"]
                    + ["--workers", "\(count)"], log: folder.appendingPathComponent("\(name).log"))
            #expect(result.status == 0, "\(result.output)")
            let storage = try open()
            let trials = try storage.trials(studyID: try storage.requireStudy(named: name).id, states: nil)
            #expect(trials.count == 25)
            #expect(trials.allSatisfy { $0.state == .complete })
            let ids = Set(trials.compactMap { $0.systemAttributes[WorkerOptions.workerIDKey]?.stringValue })
            let prefixes = Set(ids.map { $0.split(separator: "-").dropLast().joined(separator: "-") })
            #expect(prefixes.count == 1, "one invocation, one id prefix: \(ids)")
            let suffixes = Set(ids.compactMap { $0.split(separator: "-").last.map(String.init) })
            #expect(suffixes.isSubset(of: Set((0..<count).map { "w\($0)" })), "\(ids)")
            #expect(trials.allSatisfy { $0.systemAttributes[WorkerOptions.workerIDKey] != nil })
            let points = trials.map { trial in
                trial.externalParameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
                    separator: ",")
            }
            #expect(Set(points).count == points.count, "duplicate grid points")
            pointSets.append(points.sorted())
        }
        #expect(pointSets[0] == pointSets[1])
    }

    /// A worker stopped by `signal` (SIGINT or SIGTERM) in the middle of a slow trial returns that trial to
    /// waiting, with the reason "interrupted (SIGINT)" / "interrupted (SIGTERM)" and its parameters, before it
    /// exits with status 128 + signal: nothing is left `running`, nothing failed, the completed trials are
    /// unchanged; the same command run again runs that trial first and completes the budget with status 0.
    public static func interruptedWorkerScenario(
        storageURL: String, signal number: Int32, open: () throws -> any Storage
    ) throws {
        let folder = try scenarioFolder("interrupt")
        defer { try? FileManager.default.removeItem(at: folder) }
        let common = [
            "--study", "interrupt", "--storage", storageURL, "--seed", "3", "--heartbeat-interval", "0.2",
            "--grace-period", "60", "--quiet",
        ]
        let first = try run(["tune", "sphere", "--trials", "2"] + common, log: folder.appendingPathComponent("1.log"))
        #expect(first.status == 0, "\(first.output)")
        let storage = try open()
        let study = try storage.requireStudy(named: "interrupt")
        let before = try storage.trials(studyID: study.id, states: [.complete])

        let log = folder.appendingPathComponent("2.log")
        let worker = try start(["tune", "sphere", "--trials", "6", "--delay", "60"] + common, log: log)
        let claimed = try wait(timeout: 30) {
            try storage.trials(studyID: study.id, states: [.running]).contains { $0.parameters.count == 2 }
        }
        #expect(claimed, "the slow worker never started a trial")
        let lost = try #require(try storage.trials(studyID: study.id, states: [.running]).first)
        kill(worker.processIdentifier, number)
        worker.waitUntilExit()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(worker.terminationReason == .exit, "\(output)")
        #expect(worker.terminationStatus == 128 + number, "\(output)")

        let trials = try storage.trials(studyID: study.id, states: nil)
        #expect(trials.filter { $0.state == .running || $0.state == .failed }.isEmpty, "\(trials.map(\.state))")
        let waiting = try #require(trials.first { $0.state == .waiting })
        #expect(waiting.number == lost.number)
        let name = number == SIGINT ? "SIGINT" : "SIGTERM"
        #expect(waiting.systemAttributes[TrialRelease.reasonKey] == .string("interrupted (\(name))"))
        #expect(trials.count == 3)
        for trial in before {
            #expect(trials.contains { $0.number == trial.number && $0.value == trial.value && $0.state == .complete })
        }

        let again = try run(["tune", "sphere", "--trials", "6"] + common, log: folder.appendingPathComponent("3.log"))
        #expect(again.status == 0, "\(again.output)")
        let finished = try storage.trials(studyID: study.id, states: nil)
        expectFullBudget(finished, budget: 6, "after \(name)")
        #expect(finished.first { $0.number == lost.number }?.externalParameters == lost.externalParameters)
    }
}
