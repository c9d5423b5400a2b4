import Foundation
import VernierTune

extension SQLStorage {
    /// One trial; throws ``VernierTune/StorageError/trialNotFound(trialID:)``.
    public func trial(id: Int64) throws -> FrozenTrial {
        let found = try read { session in try Self.loadTrials(session, session.statements.trialByID, [.integer(id)]) }
        guard let trial = found.first else { throw StorageError.trialNotFound(trialID: id) }
        return trial
    }

    /// The study's trial with this number (one indexed lookup), or `nil`.
    public func trial(studyID: Int64, number: Int) throws -> FrozenTrial? {
        try read { session in
            try Self.loadTrials(
                session, session.statements.trialByNumber, [.integer(studyID), .integer(Int64(number))]
            ).first
        }
    }

    /// The study's trials in number order, optionally only those in `states`.
    public func trials(studyID: Int64, states: Set<TrialState>?) throws -> [FrozenTrial] {
        try read { session in
            try Self.requireStudy(session, studyID)
            let all = try Self.loadTrials(session, session.statements.trialsOfStudy, [.integer(studyID)])
            guard let states else { return all }
            return all.filter { states.contains($0.state) }
        }
    }

    /// The study's trials numbered `first` or above (one batch through the `(study_id, number)` index; the study's
    /// existence is checked only when none is found).
    public func trials(studyID: Int64, numberedFrom first: Int) throws -> [FrozenTrial] {
        try read { session in
            let found = try Self.loadTrials(
                session, session.statements.trialsNumberedFrom, [.integer(studyID), .integer(Int64(first))])
            if found.isEmpty { try Self.requireStudy(session, studyID) }
            return found
        }
    }

    /// Counts the study's trials in `states` with one query.
    public func trialCount(studyID: Int64, states: Set<TrialState>?) throws -> Int {
        try read { session in
            try Self.requireStudy(session, studyID)
            let rows = try session.query(session.statements.countByState, [.integer(studyID)])
            return rows.reduce(0) { total, row in
                let state = TrialState(rawValue: row.string(0)!) ?? .failed
                return total + ((states?.contains(state) ?? true) ? Int(row.int64(1)!) : 0)
            }
        }
    }

    /// Loads the trials `queries` select (with `bindings`) with all their parts: six queries in one batch,
    /// which see one state inside the caller's transaction; `write`, when given, runs first in the same batch.
    /// `unfinished`: the caller knows the trials are waiting or running, so they have no values or constraints
    /// yet and those two queries are left out.
    static func loadTrials(
        _ session: SQLSession<Connection>, _ queries: SQLStatements.TrialQueries, _ bindings: [SQLValue],
        after write: SQLStatement? = nil, unfinished: Bool = false
    ) throws -> [FrozenTrial] {
        var batch = [
            SQLStatement(queries.rows, bindings), SQLStatement(queries.parameters, bindings),
            SQLStatement(queries.intermediateValues, bindings), SQLStatement(queries.attributes, bindings),
        ]
        if !unfinished {
            batch += [SQLStatement(queries.values, bindings), SQLStatement(queries.constraints, bindings)]
        }
        let count = batch.count
        if let write { batch.insert(write, at: 0) }
        var results = Array(try session.connection.queries(batch).suffix(count))
        if unfinished { results += [[], []] }
        var trials: [FrozenTrial] = []
        var index: [Int64: Int] = [:]
        for row in results[0] {
            index[row.int64(0)!] = trials.count
            var trial = FrozenTrial(
                trialID: row.int64(0)!, number: Int(row.int64(1)!),
                state: TrialState(rawValue: row.string(2)!) ?? .failed, failReason: row.string(3))
            if let start = row.double(4) { trial.startDate = Date(timeIntervalSince1970: start) }
            if let end = row.double(5) { trial.completeDate = Date(timeIntervalSince1970: end) }
            trial.values = row.double(6).map { [$0] }  // objective 0; the others follow from `trial_values`
            trials.append(trial)
        }
        guard !trials.isEmpty else { return [] }
        for row in results[1] {
            guard let position = index[row.int64(0)!] else { continue }
            trials[position].parameters[row.string(1)!] = row.double(2)!
            trials[position].distributions[row.string(1)!] = try session.distribution(row.string(3)!)
        }
        for row in results[2] {
            guard let position = index[row.int64(0)!] else { continue }
            trials[position].intermediateValues[Int(row.int64(1)!)] = row.double(2) ?? .nan
        }
        for row in results[3] {
            guard let position = index[row.int64(0)!] else { continue }
            let value = try session.attribute(row.string(3)!)
            if row.string(1) == AttributeKind.user.rawValue {
                trials[position].userAttributes[row.string(2)!] = value
            } else {
                trials[position].systemAttributes[row.string(2)!] = value
            }
        }
        // Further values and constraints come ordered by trial and position, so appending keeps their order.
        for row in results[4] {
            guard let position = index[row.int64(0)!] else { continue }
            trials[position].values = (trials[position].values ?? []) + [row.double(2)!]
        }
        for row in results[5] {
            guard let position = index[row.int64(0)!] else { continue }
            trials[position].constraints = (trials[position].constraints ?? []) + [row.double(2)!]
        }
        return trials
    }
}
