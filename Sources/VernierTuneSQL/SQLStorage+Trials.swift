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
        let state = TrialState(rawValue: row.string(1)!) ?? .failed
        if state.isFinished { throw StorageError.trialFinished(trialID: trialID) }
        return (row.int64(0)!, state)
    }

    /// Runs `statement`, one of the `write…` statements of ``SQLStatements`` (which change nothing unless the trial
    /// exists and is unfinished, the trial being its last binding), as a whole running-trial transaction: one round
    /// trip to a server. When it changed nothing, reads the trial to throw
    /// ``VernierTune/StorageError/trialFinished(trialID:)`` or ``VernierTune/StorageError/trialNotFound(trialID:)``.
    func writeUnfinished(_ trialID: Int64, _ statement: (SQLStatements) -> String, _ bindings: [SQLValue]) throws {
        let changed = try batch(.runningTrial(trialID)) { session in
            [SQLStatement(statement(session.statements), bindings)]
        }[0].changes
        guard changed == 0 else { return }
        let state = try read { session in
            try session.query(session.statements.trialState, [.integer(trialID)]).first?.string(0)
        }
        if let state, TrialState(rawValue: state)?.isFinished ?? true {
            throw StorageError.trialFinished(trialID: trialID)
        }
        throw StorageError.trialNotFound(trialID: trialID)
    }

    /// Stores a parameter, checking the study-wide distribution (rule 5). Once this connection has seen a name's
    /// distribution committed, later parameters of that name and study are one conditional statement
    /// (``writeUnfinished(_:_:_:)``).
    public func setTrialParameter(
        trialID: Int64, name: String, internalValue: Double, distribution: Distribution
    )
        throws
    {
        let (json, known) = try session.withLock { session in
            let json = try session.json(distribution)
            guard let studyID = session.trialStudies[trialID] else { return (json, false) }
            return (json, session.storedDistributions[studyID]?[name] == json)
        }
        if known {
            return try writeUnfinished(
                trialID, \.writeParameter,
                [.integer(trialID), .text(name), .real(internalValue), .text(json), .integer(trialID)])
        }
        let checked: (studyID: Int64, json: String)? = try writeRunningTrial(trialID) { session in
            let (studyID, _) = try Self.requireUnfinished(session, trialID)
            session.trialStudies[trialID] = studyID
            var checked: (Int64, String)?
            if session.storedDistributions[studyID]?[name] != json {
                try Self.storeDistribution(
                    session, studyID: studyID, name: name, json: json, distribution: distribution)
                checked = (studyID, json)
            }
            try session.query(
                session.statements.upsertParameter,
                [.integer(trialID), .text(name), .real(internalValue), .text(json)])
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

    /// Stores (or replaces) an intermediate value of an unfinished trial: one conditional statement.
    public func setTrialIntermediateValue(trialID: Int64, step: Int, value: Double) throws {
        try writeUnfinished(
            trialID, \.writeIntermediateValue,
            [.integer(trialID), .integer(Int64(step)), .real(value), .integer(trialID)])
    }

    /// Sets one attribute of an unfinished trial: one conditional statement.
    public func setTrialAttribute(trialID: Int64, key: String, value: AttributeValue, kind: AttributeKind) throws {
        let json = try session.withLock { session in try session.json(value) }
        try writeUnfinished(
            trialID, \.writeAttribute,
            [.integer(trialID), .text(kind.rawValue), .text(key), .text(json), .integer(trialID)])
    }

    /// Moves a running trial to a final state with one conditional `UPDATE` (and, with a `claim`, only while the
    /// trial's `release_count` is the claim's) that also stores the first value; the further values and the
    /// constraints, when there are any, are inserted in the same transaction. A one-objective trial without
    /// constraints is one statement (one round trip to a server). Durable when this returns, together with every
    /// earlier write of the trial. When nothing was updated, reads the trial once to throw the reason:
    /// ``VernierTune/StorageError/trialNoLongerHeld(trialID:)``, ``VernierTune/StorageError/trialFinished(trialID:)``,
    /// ``VernierTune/StorageError/invalidTransition(trialID:from:to:)`` or ``VernierTune/StorageError/trialNotFound(trialID:)``.
    public func finishTrial(
        trialID: Int64, state: TrialState, values: [Double]?, constraints: [Double]?, failReason: String?,
        claim: TrialClaim?
    ) throws {
        var bindings: [SQLValue] = [
            .text(state.rawValue), SQLValue(values?.first), SQLValue(failReason), .real(Date().timeIntervalSince1970),
            .integer(trialID),
        ]
        if let claim { bindings.append(.integer(Int64(claim.releaseCount))) }
        let further = (values ?? []).dropFirst().enumerated().map { (offset: $0.offset + 1, element: $0.element) }
        let constraints = (constraints ?? []).enumerated().map { (offset: $0.offset, element: $0.element) }
        let finished =
            try state.isFinished
            && session.withLock { session in
                defer { session.trialStudies[trialID] = nil }
                let finish = SQLStatement(
                    claim == nil ? session.statements.finish : session.statements.finishHeld, bindings)
                guard !further.isEmpty || !constraints.isEmpty else {
                    return try session.connection.transaction(.write(flushes: true), batch: [finish])[0].changes > 0
                }
                return try session.transaction(.write(flushes: true)) { session in
                    guard try session.connection.change(finish.sql, finish.bindings) > 0 else { return false }
                    var inserts: [SQLStatement] = []
                    for (table, rows) in [(SQLStatements.PositionTable.values, further), (.constraints, constraints)]
                    where !rows.isEmpty {
                        inserts.append(
                            SQLStatement(
                                session.statements.insertPositions(into: table, count: rows.count),
                                rows.flatMap { [.integer(trialID), .integer(Int64($0.offset)), .real($0.element)] }))
                    }
                    _ = try session.connection.queries(inserts)
                    return true
                }
            }
        if finished { return }
        guard
            let row = try read({ session in
                try session.query(session.statements.trialState, [.integer(trialID)]).first
            })
        else { throw StorageError.trialNotFound(trialID: trialID) }
        let current = TrialState(rawValue: row.string(0)!) ?? .failed
        if let claim, current == .waiting || row.int64(1) != Int64(claim.releaseCount) {
            throw StorageError.trialNoLongerHeld(trialID: trialID)
        }
        if current.isFinished { throw StorageError.trialFinished(trialID: trialID) }
        throw StorageError.invalidTransition(trialID: trialID, from: current, to: state)
    }
}
