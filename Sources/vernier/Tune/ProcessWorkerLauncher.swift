import CVernierProcess
import Foundation
import Synchronization
import VernierExperiments

/// Starts worker processes of this executable (`vernier worker --study … --storage … --worker-id …`), forwards
/// SIGINT and SIGTERM to them, and waits for all of them. The workers die with this process (a parent-death
/// signal), and their ids are unique across invocations and machines: `<host>-<pid>-<random>-w<index>`.
///
/// ```swift
/// let outcome = try ProcessWorkerLauncher().run(
///     WorkerLaunch(count: 4, study: "branin-random", storageURL: "sqlite:runs/v.db", heartbeatInterval: 5,
///                  gracePeriod: 60))
/// ```
final class ProcessWorkerLauncher: WorkerLauncher {
    /// The running children and the signal received, for the signal handlers of one run.
    private let state = Mutex<(children: [Process], interruption: Int32?)>(([], nil))

    func run(_ launch: WorkerLaunch) throws -> WorkerFleetOutcome {
        let executable = try Self.currentExecutable()
        let prefix = Self.workerIDPrefix()
        var processes: [(id: String, process: Process)] = []
        let sources = forwardSignals([SIGINT, SIGTERM])
        defer { for source in sources { source.cancel() } }
        for index in 0..<launch.count {
            let process = Process()
            process.executableURL = executable
            let id = "\(prefix)-w\(index)"
            process.arguments =
                [
                    "worker", "--study", launch.study, "--storage", launch.storageURL, "--worker-id", id,
                    "--parent-pid", "\(getpid())", "--heartbeat-interval", "\(launch.heartbeatInterval)",
                    "--grace-period", "\(launch.gracePeriod ?? 0)",
                ] + (launch.simulatedWork.map { ["--delay", "\($0)"] } ?? [])
            try process.run()
            processes.append((id, process))
            state.withLock { $0.children.append(process) }
        }
        var failures: [String] = []
        for (id, process) in processes {
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal {
                failures.append("worker \(id) was killed by signal \(process.terminationStatus)")
            } else if process.terminationStatus != 0 {
                failures.append("worker \(id) exited with status \(process.terminationStatus)")
            }
        }
        return state.withLock { state in
            state.children.removeAll()
            return WorkerFleetOutcome(failures: failures, interruption: state.interruption)
        }
    }

    /// `<host>-<pid>-<4 random hex digits>`: no two invocations share it, on one machine or several.
    static func workerIDPrefix() -> String {
        let token = String(UInt16.random(in: .min ... .max), radix: 16)
        return
            "\(ProcessInfo.processInfo.hostName)-\(getpid())-\(String(repeating: "0", count: 4 - token.count))\(token)"
    }

    /// Makes this process (a worker) receive SIGTERM when the process that started it, `parent`, dies, so a
    /// killed `vernier tune` leaves no orphan workers; exits at once if `parent` is already gone. On systems
    /// without a parent-death signal a thread checks the parent every half second.
    static func dieWithParent(_ parent: pid_t) {
        // The parent ignores SIGINT and SIGTERM while it forwards them, and a child inherits that: restore the
        // default until the worker installs its own handlers, so an early signal still stops it.
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
        if vernier_set_parent_death_signal(SIGTERM) != 0 {
            Thread.detachNewThread {
                while getppid() == parent { Thread.sleep(forTimeInterval: 0.5) }
                kill(getpid(), SIGTERM)
            }
        }
        // The parent may have died before the request took effect.
        if getppid() != parent { kill(getpid(), SIGTERM) }
    }

    /// `/proc/self/exe` resolved (Linux), else the path this process was started with.
    static func currentExecutable() throws -> URL {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: resolved)
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    }

    /// Ignores `signals` in this process and sends them on to every child instead (Ctrl-C reaches the workers,
    /// which return their running trials to waiting and stop), remembering the signal.
    private func forwardSignals(_ signals: [Int32]) -> [any DispatchSourceSignal] {
        signals.map { [self] number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                self.state.withLock { state in
                    state.interruption = state.interruption ?? number
                    for child in state.children where child.isRunning { kill(child.processIdentifier, number) }
                }
            }
            source.resume()
            return source
        }
    }
}
