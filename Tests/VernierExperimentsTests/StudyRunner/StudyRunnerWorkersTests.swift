import Foundation
import Synchronization
import Testing
import VernierExperiments
import VernierTune

/// `StudyRunner.runWithWorkers`: the study and its spec are stored before the workers start, each worker runs
/// from the STORED spec with its own options, and the coordinator scores the test set and summarizes after.
@Suite struct StudyRunnerWorkersTests {
    /// Runs each worker in a thread of this process on one shared storage, as `vernier worker` would.
    final class ThreadLauncher: WorkerLauncher {
        let storage: any Storage
        let interruption: Int32?
        let launches = Mutex<[WorkerLaunch]>([])

        init(storage: any Storage, interruption: Int32? = nil) {
            self.storage = storage
            self.interruption = interruption
        }

        func run(_ launch: WorkerLaunch) throws -> WorkerFleetOutcome {
            launches.withLock { $0.append(launch) }
            guard interruption == nil else { return WorkerFleetOutcome(interruption: interruption) }
            guard let spec = try StudySpec.stored(study: launch.study, in: storage) else {
                throw StudySpecError.missing(study: launch.study)
            }
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: launch.count) { index in
                do {
                    let runner = try StudyRunner(spec: spec, studyName: launch.study)
                    let options = WorkerOptions(
                        workerID: "t\(index)", heartbeatInterval: launch.heartbeatInterval,
                        gracePeriod: launch.gracePeriod)
                    _ = try runner.run(storage: storage, role: .worker, worker: options)
                } catch {
                    failures.withLock { $0.append("t\(index): \(error)") }
                }
            }
            return WorkerFleetOutcome(failures: failures.withLock { $0 })
        }
    }

    func recipe(trials: Int) throws -> StudyRunner {
        var options = StudySpec.Overrides(objective: "sphere")
        options.trials = trials
        return try StudyRunner(spec: try options.resolved(), studyName: "fleet")
    }

    @Test func workersRunTheStoredSpecAndTheCoordinatorSummarizes() throws {
        let storage = InMemoryStorage()
        let launcher = ThreadLauncher(storage: storage)
        let result = try recipe(trials: 12).runWithWorkers(
            count: 3, storage: storage, storageURL: "sqlite:shared.db",
            worker: WorkerOptions(heartbeatInterval: 2, gracePeriod: 10), launcher: launcher)
        #expect(result.failures.isEmpty, "\(result.failures)")
        #expect(result.summary?.trials["complete"] == 12)
        #expect(result.trialsPerWorker.values.reduce(0, +) == 12)
        #expect(Set(result.trialsPerWorker.keys).isSubset(of: ["t0", "t1", "t2"]))
        let launch = try #require(launcher.launches.withLock { $0.first })
        #expect(
            launch
                == WorkerLaunch(
                    count: 3, study: "fleet", storageURL: "sqlite:shared.db", heartbeatInterval: 2, gracePeriod: 10))
        #expect(try StudySpec.stored(study: "fleet", in: storage)?.trials == 12)
    }

    @Test func anInterruptedFleetHasNoSummaryAndMemoryIsRefused() throws {
        let storage = InMemoryStorage()
        let interrupted = try recipe(trials: 4).runWithWorkers(
            count: 2, storage: storage, storageURL: "sqlite:shared.db", worker: WorkerOptions(),
            launcher: ThreadLauncher(storage: storage, interruption: SIGINT))
        #expect(interrupted.interruption == SIGINT && interrupted.summary == nil)
        #expect(throws: WorkerFleetError.storageNotShared) {
            try recipe(trials: 4).runWithWorkers(
                count: 2, storage: InMemoryStorage(), storageURL: "memory:", worker: WorkerOptions(),
                launcher: ThreadLauncher(storage: storage))
        }
    }
}
