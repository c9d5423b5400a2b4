import Foundation
import VernierTune
import VernierTuneSQL

/// How ``PostgresConnection`` runs the transactions of ``PostgresStorage``.
///
/// - ``VernierTuneSQL/SQLTransactionKind/read``: `REPEATABLE READ READ ONLY`, so several queries see one snapshot.
/// - ``VernierTuneSQL/SQLTransactionKind/write(flushes:)``: read committed, on disk when it returns
///   (`synchronous_commit` as the server has it, `on` by default); the storage takes the row locks it needs.
///   `flushes`: the transaction surely writes WAL, so its commit also makes every earlier running-trial commit of
///   this connection durable (the WAL is flushed in order).
/// - ``VernierTuneSQL/SQLTransactionKind/runningTrial(_:)``: committed with `synchronous_commit = off`: visible to
///   every other session at once, on disk a few hundred milliseconds later at most (the WAL writer) or at the next
///   durable commit of this connection, whichever comes first. A server crash can lose such a write only while its
///   trial is still running, and the worker cannot miss it: the crash breaks the connection, and a connection lost
///   with unflushed writes is reported (``VernierTune/StorageError/backendUnavailable(_:reason:)``) instead of being
///   retried, so the worker never finishes a trial whose earlier writes might be gone (another worker releases it
///   after the grace period).
///
/// A serialization failure or deadlock retries the whole transaction with backoff; a lost connection is reset and
/// the transaction retried only if `COMMIT` was not yet sent (a loss during `COMMIT` is reported: the outcome is
/// unknown).
extension PostgresConnection {
    /// Runs `body` as one transaction of `kind` (see the type's description).
    public func transaction<T>(_ kind: SQLTransactionKind, _ body: () throws -> T) throws -> T {
        switch kind {
        case .read:
            return try run(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
        case .write(let flushes):
            try refuseAfterLostWrites()
            flushesOnCommit = flushes
            defer { flushesOnCommit = false }
            let result = try run(begin: "BEGIN", body)
            if flushesOnCommit { unflushedTrialID = nil }
            return result
        case .runningTrial(let trialID):
            try refuseAfterLostWrites()
            runningTrialID = trialID
            defer { runningTrialID = nil }
            let result = try run(begin: "BEGIN; SET LOCAL synchronous_commit TO off", body)
            if let written = runningTrialID { unflushedTrialID = written }
            return result
        }
    }

    /// Runs `statements` as one transaction of `kind` in one round trip: begin, the statements and `COMMIT` in one
    /// pipeline. A serialization failure or deadlock retries it, and a lost connection is retried for a read only:
    /// a write's `COMMIT` was sent with it, so its outcome is unknown and is reported
    /// (``VernierTune/StorageError/backendUnavailable(_:reason:)``), after losing unflushed running-trial writes as
    /// ``transaction(_:_:)`` does.
    public func transaction(_ kind: SQLTransactionKind, batch statements: [SQLStatement]) throws -> [SQLResult] {
        let begin: [String]
        switch kind {
        case .read: begin = ["BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"]
        case .write: begin = ["BEGIN"]
        case .runningTrial: begin = ["BEGIN", "SET LOCAL synchronous_commit TO off"]
        }
        if kind != .read { try refuseAfterLostWrites() }
        let items = begin.map { PipelineItem.control($0) } + statements.map { .statement($0) } + [.control("COMMIT")]
        var attempt = 0
        while true {
            do {
                let results = Array(try pipeline(items)[begin.count..<(begin.count + statements.count)])
                switch kind {
                case .read: break
                case .write(let flushes):
                    // Only a commit that wrote WAL flushes the earlier ones.
                    if flushes && results.contains(where: { $0.changes > 0 }) { unflushedTrialID = nil }
                case .runningTrial(let trialID):
                    if let trialID { unflushedTrialID = trialID }
                }
                return results
            } catch let error as SQLError {
                if inTransaction { try? execute("ROLLBACK") }
                attempt += 1
                if error.condition == .connectionLost {
                    if kind != .read {
                        if case .runningTrial = kind { lostUnflushedWrites = true }
                        if unflushedTrialID != nil { lostUnflushedWrites = true }
                        _ = reset()
                        throw StorageError.backendUnavailable(
                            info.redacted,
                            reason: "lost the connection to \(info.endpoint) while committing; not retried (the "
                                + "outcome is unknown): \(error.message)")
                    }
                    guard attempt < maximumAttempts else { throw error.storageError }
                    Self.pause(attempt: attempt, base: 0.01)
                    _ = reset()
                    continue
                }
                guard error.condition == .conflict, attempt < maximumAttempts else { throw error.storageError }
                Self.pause(attempt: attempt, base: 0.01)
            }
        }
    }

    /// Names the trial of the current running-trial transaction (a claim, once it knows the trial).
    public func noteRunningTrialWrite(_ trialID: Int64) { runningTrialID = trialID }

    /// Makes the current running-trial transaction durable at its commit.
    public func requireDurableCommit() throws { try execute("SET LOCAL synchronous_commit TO on") }

    private func refuseAfterLostWrites() throws {
        if lostUnflushedWrites {
            throw StorageError.backendUnavailable(
                info.redacted,
                reason: "an earlier connection loss may have lost this worker's unflushed writes to its running trial; "
                    + "open the storage again (the trial is released by another worker after the grace period)")
        }
    }

    /// Begins with `begin`, runs `body`, commits; rolls back and retries as the type's description says.
    private func run<T>(begin: String, _ body: () throws -> T) throws -> T {
        var attempt = 0
        while true {
            var committing = false
            do {
                try execute(begin)
                let result = try body()
                committing = true
                try execute("COMMIT")
                return result
            } catch let error as SQLError {
                if inTransaction { try? execute("ROLLBACK") }
                attempt += 1
                let lost = error.condition == .connectionLost
                if lost, unflushedTrialID != nil {
                    // The server may have crashed and lost the unflushed writes: never carry on as if they were there.
                    lostUnflushedWrites = true
                    _ = reset()
                    throw StorageError.backendUnavailable(
                        info.redacted,
                        reason: "lost the connection to \(info.endpoint) before the running trial's last "
                            + "writes were flushed to disk; not retried (they may be lost): \(error.message)")
                }
                let retry = error.condition == .conflict || (lost && !committing)
                guard retry, attempt < maximumAttempts else {
                    if lost {
                        throw StorageError.backendUnavailable(
                            info.redacted, reason: "lost the connection to \(info.endpoint): \(error.message)")
                    }
                    throw error.storageError
                }
                Self.pause(attempt: attempt, base: 0.01)
                if lost && !reset() {
                    continue  // the next BEGIN fails again and counts as another attempt
                }
            } catch {
                if inTransaction { try? execute("ROLLBACK") }
                throw error
            }
        }
    }

    /// Sleeps `base · 2^(attempt-1)` seconds (capped at 2 s) plus up to 10 % jitter.
    static func pause(attempt: Int, base: TimeInterval) {
        let delay = min(2, base * pow(2, Double(attempt - 1)))
        usleep(UInt32((delay * (1 + Double.random(in: 0..<0.1))) * 1e6))
    }
}
