import ArgumentParser
import Foundation
import VernierTune

/// The options of `vernier tune` for parallel and distributed studies: `--workers`, heartbeats and the grace
/// period after which a dead worker's trials return to waiting.
///
/// ```
/// vernier tune branin --trials 200 --workers 4 --storage sqlite:runs/v.db --grace-period 30
/// ```
struct ParallelOptions: ParsableArguments {
    @Option(
        parsing: .unconditional,
        help: "Run the study in N worker processes sharing the storage (SQLite or PostgreSQL, not memory:).")
    var workers: Int?

    @Option(parsing: .unconditional, help: "Seconds between heartbeats of a running trial.")
    var heartbeatInterval: Double = 5

    @Option(
        parsing: .unconditional,
        help:
            "Return running trials without a heartbeat for this many seconds to waiting, to be run again (0 turns it off)."
    )
    var gracePeriod: Double = 60

    /// Kept so that older command lines still run: a trial lost to a dead worker always returns to waiting.
    @Flag(help: .hidden)
    var retryFailed = false

    /// Simulated work: sleep this long inside every trial (for fault tests and benchmarks of the engine).
    @Option(help: .hidden)
    var delay: Double?

    func validate() throws {
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
        try Self.check(heartbeatInterval: heartbeatInterval, gracePeriod: gracePeriod)
    }

    /// The checks `vernier tune` and `vernier worker` share: a positive heartbeat, a grace period ≥ 0 and, when
    /// on, at least two heartbeats long.
    static func check(heartbeatInterval: Double, gracePeriod: Double) throws {
        guard heartbeatInterval > 0 else { throw ValidationError("--heartbeat-interval must be positive") }
        guard gracePeriod >= 0 else { throw ValidationError("--grace-period must be ≥ 0") }
        if gracePeriod > 0, gracePeriod < 2 * heartbeatInterval {
            throw ValidationError(
                "--grace-period (\(gracePeriod) s) must be at least twice --heartbeat-interval (\(heartbeatInterval) s)"
            )
        }
    }

    /// How a process running trials takes part: `id` on its trials, these heartbeats and grace period.
    func workerOptions(id: String?) -> WorkerOptions {
        WorkerOptions(
            workerID: id, heartbeatInterval: heartbeatInterval, gracePeriod: gracePeriod > 0 ? gracePeriod : nil)
    }
}
