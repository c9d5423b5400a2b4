import Foundation
import VernierTune

/// SIGINT and SIGTERM in a process that runs trials (`vernier tune` without `--workers`, `vernier worker`): the
/// trials it is running go back to `waiting` with their parameters (``RunningTrials/releaseAll(reason:)``,
/// reason "interrupted (SIGINT)" or "interrupted (SIGTERM)"), durably, before it exits with status 128 + the
/// signal number. Running the same command again runs them first; nothing waits for a grace period.
///
/// ```swift
/// let running = RunningTrials()
/// let sources = InterruptHandler.install(releasing: running)
/// defer { InterruptHandler.remove(sources) }
/// ```
enum InterruptHandler {
    /// The release reason of a trial whose process was stopped by `signal`.
    static func reason(signal number: Int32) -> String {
        "interrupted (\(signalName(number)))"
    }

    /// `SIGINT`, `SIGTERM`, or `signal N`.
    static func signalName(_ number: Int32) -> String {
        number == SIGINT ? "SIGINT" : number == SIGTERM ? "SIGTERM" : "signal \(number)"
    }

    /// Handles SIGINT and SIGTERM by releasing `running` and exiting, until ``remove(_:)``.
    static func install(releasing running: RunningTrials) -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)  // delivered to the dispatch source instead of killing the process
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                let text = reason(signal: number)
                let released = running.releaseAll(reason: text)
                FileHandle.standardError.write(
                    Data(
                        ("vernier: \(text): \(released.count) running trial(s) returned to waiting; "
                            + "run the same command again to continue\n").utf8))
                exit(128 + number)
            }
            source.resume()
            return source
        }
    }

    /// Restores the default handling of SIGINT and SIGTERM.
    static func remove(_ sources: [any DispatchSourceSignal]) {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
