import Foundation
import VernierTune

extension SQLStorage {
    /// Locks the trial row, checks that it exists and is not finished; returns its study and state.
    static func requireUnfinished(
        _ session: SQLSession<Connection>, _ trialID: Int64
    ) throws -> (studyID: Int64, state: TrialState) {
        guard let row = try session.query(session.statements.trialForWrite, [.integer(trialID)]).first else {
            throw StorageError.trialNotFound(trialID: trialID)
        }
        return try unfinished(row, trialID)
    }

    /// ``requireUnfinished(_:_:)`` and `statement` (a write to that trial) as one batch (one round trip to a
    /// server). When the check fails, the error is thrown and the transaction rolls the write back.
    static func requireUnfinished(
        _ session: SQLSession<Connection>, _ trialID: Int64, then statement: String, _ bindings: [SQLValue]
    ) throws -> (studyID: Int64, state: TrialState) {
        let results: [[SQLRow]]
        do {
            results = try session.connection.queries([
                SQLStatement(session.statements.trialForWrite, [.integer(trialID)]), SQLStatement(statement, bindings),
            ])
        } catch let error as SQLError where error.condition == .foreignKeyViolation {
            throw StorageError.trialNotFound(trialID: trialID)  // the write's foreign key: no such trial
        }
        guard let row = results[0].first else { throw StorageError.trialNotFound(trialID: trialID) }
        return try unfinished(row, trialID)
    }

    /// The bindings of a value or constraint row: trial, position, value.
    private static func row(_ trialID: Int64, _ element: (offset: Int, element: Double)) -> [SQLValue] {
        [.integer(trialID), .integer(Int64(element.offset)), .real(element.element)]
    }

    private static func unfinished(_ row: SQLRow, _ trialID: Int64) throws -> (studyID: Int64, state: TrialState) {
        let state = TrialState(rawValue: row.string(1)!) ?? .failed
        if state.isFinished { throw StorageError.trialFinished(trialID: trialID) }
        return (row.int64(0)!, state)
    }

    /// Stores a parameter, checking the study-wide distribution (rule 5). Once this connection has seen a name's
    /// distribution committed, later parameters of that name and study check only the trial (one batch).
    public func setTrialParameter(
        trialID: Int64, name: String, internalValue: Double, distribution: Distribution
    )
        throws
    {
        let checked: (studyID: Int64, json: String)? = try writeRunningTrial(trialID) { session in
            let json = try session.json(distribution)
            let insert = session.statements.upsertParameter
            let bindings: [SQLValue] = [.integer(trialID), .text(name), .real(internalValue), .text(json)]
            if let studyID = session.trialStudies[trialID], session.storedDistributions[studyID]?[name] == json {
                _ = try Self.requireUnfinished(session, trialID, then: insert, bindings)
                return nil
            }
            let (studyID, _) = try Self.requireUnfinished(session, trialID)
            session.trialStudies[trialID] = studyID
            var checked: (Int64, String)?
            if session.storedDistributions[studyID]?[name] != json {
                try Self.storeDistribution(
                    session, studyID: studyID, name: name, json: json, distribution: distribution)
                checked = (studyID, json)
            }
            try session.query(insert, bindings)
            return checked
        }
        if let checked {  // committed: later parameters of this name skip the check
            session.withLock { $0.storedDistributions[checked.studyID, default: [:]][name] = checked.json }
        }
    }

    /// Records the study-wide distribution of `name` (the first one stored wins, rule 5) and checks `distribution`
    /// against it. A first insert makes the transaction durable: other connections cache what they read.
    private static func storeDistribution(
        _ session: SQLSession<Connection>, studyID: Int64, name: String, json: String, distribution: Distribution
    ) throws {
        // Insert-or-keep first: a concurrent insert of the same name waits here, then the stored one is read.
        let inserted = try session.connection.change(
            session.statements.insertDistribution, [.integer(studyID), .text(name), .text(json)])
        if inserted > 0 { try session.connection.requireDurableCommit() }
        let existing = try session.query(session.statements.distribution, [.integer(studyID), .text(name)])[0]
            .string(0)!
        if existing != json {
            let stored = try session.distribution(existing)
            guard stored == distribution else {
                throw SearchSpaceError.incompatibleDistribution(name: name, existing: stored, new: distribution)
            }
        }
    }

    /// Stores (or replaces) an intermediate value of an unfinished trial.
    public func setTrialIntermediateValue(trialID: Int64, step: Int, value: Double) throws {
        try writeRunningTrial(trialID) { session in
            _ = try Self.requireUnfinished(
                session, trialID, then: session.statements.upsertIntermediateValue,
                [.integer(trialID), .integer(Int64(step)), .real(value)])
        }
    }

    /// Sets one attribute of an unfinished trial.
    public func setTrialAttribute(trialID: Int64, key: String, value: AttributeValue, kind: AttributeKind) throws {
        try writeRunningTrial(trialID) { session in
            _ = try Self.requireUnfinished(
                session, trialID, then: session.statements.upsertAttribute,
                [.integer(trialID), .text(kind.rawValue), .text(key), .text(try session.json(value))])
        }
    }

    /// Moves a running trial to a final state with one conditional `UPDATE` (and, with a `claim`, only while the
    /// trial's `release_count` is the claim's), then inserts its values and constraints in the same transaction.
    /// Durable when this returns, together with every earlier write of the trial. When nothing was updated, reads the trial once to throw the reason:
    /// ``VernierTune/StorageError/trialNoLongerHeld(trialID:)``, ``VernierTune/StorageError/trialFinished(trialID:)``,
    /// ``VernierTune/StorageError/invalidTransition(trialID:from:to:)`` or ``VernierTune/StorageError/trialNotFound(trialID:)``.
    public func finishTrial(
        trialID: Int64, state: TrialState, values: [Double]?, constraints: [Double]?, failReason: String?,
        claim: TrialClaim?
    ) throws {
        try write(flushes: true) { session in
            defer { session.trialStudies[trialID] = nil }
            let statements = session.statements
            if state.isFinished {
                var bindings: [SQLValue] = [
                    .text(state.rawValue), SQLValue(failReason), .real(Date().timeIntervalSince1970), .integer(trialID),
                ]
                if let claim { bindings.append(.integer(Int64(claim.releaseCount))) }
                let finished = try session.connection.change(
                    claim == nil ? statements.finish : statements.finishHeld, bindings)
                if finished > 0 {
                    let rows =
                        (values ?? []).enumerated().map { SQLStatement(statements.insertValue, Self.row(trialID, $0)) }
                        + (constraints ?? []).enumerated().map {
                            SQLStatement(statements.insertConstraint, Self.row(trialID, $0))
                        }
                    if !rows.isEmpty { _ = try session.connection.queries(rows) }
                    return
                }
            }
            guard let row = try session.query(statements.trialState, [.integer(trialID)]).first else {
                throw StorageError.trialNotFound(trialID: trialID)
            }
            let current = TrialState(rawValue: row.string(0)!) ?? .failed
            if let claim, current == .waiting || row.int64(1) != Int64(claim.releaseCount) {
                throw StorageError.trialNoLongerHeld(trialID: trialID)
            }
            if current.isFinished { throw StorageError.trialFinished(trialID: trialID) }
            throw StorageError.invalidTransition(trialID: trialID, from: current, to: state)
        }
    }
}
