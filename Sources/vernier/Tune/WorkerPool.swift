import Foundation
import Synchronization

/// Starts worker processes of this executable (`vernier worker --study … --storage … --worker-id wI`), forwards
/// SIGINT and SIGTERM to them, and waits for all of them.
///
/// ```swift
/// let failures = try WorkerPool.run(count: 4, study: "branin-random", storageURL: "sqlite:runs/v.db")
/// ```
enum WorkerPool {
    /// The running children, for the signal handlers.
    private static let children = Mutex<[Process]>([])

    /// Runs `count` workers to completion and returns one line per worker that did not exit with status 0.
    static func run(
        count: Int, study: String, storageURL: String, extraArguments: [String] = [], quiet: Bool = false
    ) throws -> [String] {
        let executable = try currentExecutable()
        var processes: [Process] = []
        let sources = forwardSignals([SIGINT, SIGTERM])
        defer { for source in sources { source.cancel() } }
        for index in 0..<count {
            let process = Process()
            process.executableURL = executable
            process.arguments =
                ["worker", "--study", study, "--storage", storageURL, "--worker-id", "w\(index)"] + extraArguments
                + (quiet ? ["--quiet"] : [])
            try process.run()
            processes.append(process)
            children.withLock { $0.append(process) }
        }
        var failures: [String] = []
        for (index, process) in processes.enumerated() {
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal {
                failures.append("worker w\(index) was killed by signal \(process.terminationStatus)")
            } else if process.terminationStatus != 0 {
                failures.append("worker w\(index) exited with status \(process.terminationStatus)")
            }
        }
        children.withLock { $0.removeAll() }
        return failures
    }

    /// `/proc/self/exe` resolved (Linux), else the path this process was started with.
    static func currentExecutable() throws -> URL {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: resolved)
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    }

    /// Ignores `signals` in this process and sends them on to every child instead (Ctrl-C reaches the workers,
    /// which stop; their running trials are failed by the next run after the grace period).
    private static func forwardSignals(_ signals: [Int32]) -> [any DispatchSourceSignal] {
        signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                children.withLock { children in
                    for child in children where child.isRunning { kill(child.processIdentifier, number) }
                }
            }
            source.resume()
            return source
        }
    }
}
