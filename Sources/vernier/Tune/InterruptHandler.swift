import Foundation
import VernierTune

/// SIGINT and SIGTERM in a process that runs trials (`vernier tune` without `--workers`, `vernier worker`): the
/// trials it is running are marked `failed` with the reason "interrupted (SIGINT)" or "interrupted (SIGTERM)",
/// durably, before it exits with status 128 + the signal number, so no trial of a stopped worker stays `running`
/// until another worker's grace period runs out.
///
/// ```swift
/// let sources = InterruptHandler.install()
/// defer { InterruptHandler.remove(sources) }
/// ```
enum InterruptHandler {
    /// The failure reason of a trial whose worker was stopped by `signal`.
    static func reason(signal number: Int32) -> String {
        "interrupted (\(number == SIGINT ? "SIGINT" : number == SIGTERM ? "SIGTERM" : "signal \(number)"))"
    }

    /// Tracks running trials (``RunningTrials``) and handles SIGINT and SIGTERM until ``remove(_:)``.
    static func install() -> [any DispatchSourceSignal] {
        RunningTrials.enable()
        return [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)  // delivered to the dispatch source instead of killing the process
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                let text = reason(signal: number)
                let failed = RunningTrials.failAll(reason: text)
                FileHandle.standardError.write(
                    Data("vernier: \(text): \(failed.count) running trial(s) marked failed; stopping\n".utf8))
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
