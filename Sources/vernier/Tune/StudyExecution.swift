import ArgumentParser
import Foundation
import VernierExperiments
import VernierTune

/// Runs a ``StudyRunner`` from the command line: in this process (with SIGINT/SIGTERM returning its running
/// trials to waiting), or with `--workers N` in N `vernier worker` processes (``ProcessWorkerLauncher``).
struct StudyExecution {
    /// What a run ended with.
    struct Result {
        /// The study's summary.
        var summary: TuneSummary
        /// Trials per worker when the study ran in worker processes.
        var trialsPerWorker: [String: Int]?
    }

    let runner: StudyRunner
    let storage: any Storage
    let storageURL: String

    /// Runs the study as `parallel` says (`vernier tune`: this process coordinates).
    func run(
        _ parallel: ParallelOptions, onTrialFinished: @escaping (FrozenTrial, OptimizeProgress) -> Void
    ) throws -> Result {
        var runner = self.runner
        runner.simulatedWork = parallel.delay
        guard let workers = parallel.workers else {
            let options = parallel.workerOptions(id: "\(ProcessInfo.processInfo.hostName)-\(getpid())")
            let summary = try Self.runHere(
                runner, storage: storage, role: .coordinator, worker: options, onTrialFinished: onTrialFinished)
            return Result(summary: summary)
        }
        print(
            "Starting \(workers) worker processes (heartbeat \(parallel.heartbeatInterval) s, grace period "
                + "\(parallel.gracePeriod) s)")
        fflush(nil)  // before the workers write to the same terminal
        let result: StudyRunner.FleetResult
        do {
            result = try runner.runWithWorkers(
                count: workers, storage: storage, storageURL: storageURL, worker: parallel.workerOptions(id: nil),
                launcher: ProcessWorkerLauncher())
        } catch let error as WorkerFleetError {
            throw ValidationError(error.description)
        }
        for failure in result.failures { print("warning: \(failure)") }
        guard let summary = result.summary else {
            let number = result.interruption ?? SIGTERM
            // The workers returned their running trials to waiting; the next run of the same command continues.
            FileHandle.standardError.write(
                Data(
                    ("vernier: interrupted (\(InterruptHandler.signalName(number))); the workers returned their "
                        + "running trials to waiting: run the same command again to continue\n").utf8))
            throw ExitCode(128 + number)
        }
        return Result(summary: summary, trialsPerWorker: result.trialsPerWorker)
    }

    /// Runs `runner` in this process; SIGINT or SIGTERM returns its running trials to waiting and exits with
    /// 128 + the signal (``InterruptHandler``).
    static func runHere(
        _ runner: StudyRunner, storage: any Storage, role: StudyRunner.Role, worker: WorkerOptions,
        onTrialFinished: @escaping (FrozenTrial, OptimizeProgress) -> Void
    ) throws -> TuneSummary {
        let running = RunningTrials()
        let signals = InterruptHandler.install(releasing: running)
        defer { InterruptHandler.remove(signals) }
        let result = Swift.Result {
            try runner.run(
                storage: storage, role: role, worker: worker, running: running, onTrialFinished: onTrialFinished)
        }
        if running.isStopping {
            // The signal handler returned the trials to waiting (and stopped their programs, which can end the
            // trial this thread was running at once) and is exiting with 128 + signal: this thread must not
            // print a summary or exit with the budget's status first.
            Thread.sleep(forTimeInterval: 10)
            throw ExitCode(130)
        }
        return try result.get()
    }
}
