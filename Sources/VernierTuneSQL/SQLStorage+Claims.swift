import Foundation
import VernierTune

extension SQLStorage {
    /// Adds waiting trials in one transaction holding the study lock (once per `onceKey`).
    @discardableResult
    public func enqueueTrials(studyID: Int64, templates: [TrialTemplate], onceKey: String?) throws -> Bool {
        try write { session in
            let statements = session.statements
            try Self.lockStudy(session, studyID)
            if let onceKey {
                let inserted = try session.connection.change(
                    statements.insertOnceKey, [.integer(studyID), .text(onceKey)])
                guard inserted > 0 else { return false }
            }
            var number = try session.query(statements.nextNumber, [.integer(studyID)])[0].int64(0)!
            for template in templates {
                let trialID = try session.connection.insert(
                    statements.insertWaiting, [.integer(studyID), .integer(number)])!
                var attributes = template.systemAttributes
                attributes[TrialTemplate.fixedParametersKey] = .object(template.parameters.mapValues { .init($0) })
                for (key, value) in attributes {
                    try session.query(
                        statements.insertSystemAttribute,
                        [.integer(trialID), .text(key), .text(try session.json(value))])
                }
                number += 1
            }
            return true
        }
    }

    /// Claims the lowest-numbered waiting trial or creates one, within the study-wide budget, in one transaction
    /// holding the study lock; a claimed waiting trial is read back in the same transaction. A running-trial write (see
    /// ``SQLTransactionKind/runningTrial(_:)``): durable at the latest with the trial's `finishTrial`. Two round
    /// trips to a server inside the transaction: the lock with the reads it guards, then the insert of a new trial or
    /// the update of a waiting one with its read-back.
    public func claimTrial(studyID: Int64, maxTrials: Int?, createIfNoneWaiting: Bool) throws -> FrozenTrial? {
        try writeRunningTrial(nil) { session in
            let statements = session.statements
            let study = SQLValue.integer(studyID)
            // The lock first, then the reads it guards (each statement sees what was committed before the lock).
            var reads = [
                SQLStatement(statements.lockStudy, [study]), SQLStatement(statements.firstWaiting, [study]),
                SQLStatement(statements.nextNumber, [study]),
            ]
            if maxTrials != nil { reads.append(SQLStatement(statements.countNonWaiting, [study])) }
            let found = try session.connection.queries(reads)
            guard !found[0].isEmpty else { throw StorageError.studyIDNotFound(id: studyID) }
            if let maxTrials, found[3][0].int64(0)! >= Int64(maxTrials) { return nil }
            let start = Date().timeIntervalSince1970
            let now = SQLValue.real(start)
            if let waiting = found[1].first?.int64(0) {
                session.connection.noteRunningTrialWrite(waiting)
                session.trialStudies[waiting] = studyID
                // The update and the read-back in one batch (one round trip to a server).
                return try Self.loadTrials(
                    session, statements.trialByID, [.integer(waiting)],
                    after: SQLStatement(statements.startTrial, [now, now, .integer(waiting)]), unfinished: true
                ).first
            }
            guard createIfNoneWaiting else { return nil }
            let number = found[2][0].int64(0)!
            let trialID = try session.connection.insert(
                statements.insertRunning, [.integer(studyID), .integer(number), now, now])!
            let created = FrozenTrial(
                trialID: trialID, number: Int(number), state: .running, startDate: Date(timeIntervalSince1970: start))
            session.connection.noteRunningTrialWrite(trialID)
            session.trialStudies[trialID] = studyID
            return created  // a new trial has nothing else to read back
        }
    }

    /// Refreshes a running trial's heartbeat (a trial in another state is left alone). A running-trial write: a
    /// heartbeat lost in a server crash only delays it.
    public func recordHeartbeat(trialID: Int64) throws {
        _ = try batch(.runningTrial(trialID)) { session in
            [SQLStatement(session.statements.heartbeat, [.real(Date().timeIntervalSince1970), .integer(trialID)])]
        }
    }

    /// Moves the running ones of `trialIDs` back to waiting (``VernierTune/TrialRelease``) in one durable
    /// transaction.
    public func releaseTrials(trialIDs: [Int64], reason: String) throws -> [FrozenTrial] {
        try write { session in try Self.release(session, trialIDs.map { ($0, reason) }) }
    }

    /// Releases, in one durable transaction holding the study lock, the running trials whose heartbeat (or start)
    /// is older than `gracePeriod` seconds, and returns them.
    public func releaseStaleTrials(studyID: Int64, gracePeriod: TimeInterval) throws -> [FrozenTrial] {
        try write { session in
            try Self.lockStudy(session, studyID)
            let now = Date().timeIntervalSince1970
            let stale = try session.query(
                session.statements.staleTrials, [.real(now), .integer(studyID), .real(now), .real(now - gracePeriod)])
            return try Self.release(
                session,
                stale.map { row in
                    (row.int64(0)!, TrialRelease.staleReason(age: now - row.double(1)!, gracePeriod: gracePeriod))
                })
        }
    }

    /// The body of the two release methods inside the caller's write transaction: each running trial of
    /// `releases` (its row locked) goes back to waiting with its reason, its `release_count` column counting up
    /// with the attribute; the others are left alone.
    private static func release(
        _ session: SQLSession<Connection>, _ releases: [(trialID: Int64, reason: String)]
    ) throws -> [FrozenTrial] {
        let statements = session.statements
        var released: [FrozenTrial] = []
        for (trialID, reason) in releases {
            let id = SQLValue.integer(trialID)
            let locked = try session.query(statements.lockTrialState, [id])
            guard locked.first?.string(0) == TrialState.running.rawValue,
                let running = try loadTrials(session, statements.trialByID, [id], unfinished: true).first
            else { continue }
            try session.query(statements.releaseTrial, [id])
            for delete in statements.deleteRunData { try session.query(delete, [id]) }
            for (key, value) in TrialRelease.waitingSystemAttributes(of: running, reason: reason) {
                try session.query(statements.insertSystemAttribute, [id, .text(key), .text(try session.json(value))])
            }
            released += try loadTrials(session, statements.trialByID, [id], unfinished: true)
        }
        return released
    }
}
