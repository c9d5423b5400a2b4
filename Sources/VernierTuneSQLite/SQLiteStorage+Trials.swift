import Foundation
import VernierTune

extension SQLiteStorage {
    /// Adds waiting trials in one transaction (once per `onceKey`).
    @discardableResult
    public func enqueueTrials(studyID: Int64, templates: [TrialTemplate], onceKey: String?) throws -> Bool {
        try write { context in try enqueue(context, studyID: studyID, templates: templates, onceKey: onceKey) }
    }

    /// The body of ``enqueueTrials(studyID:templates:onceKey:)`` inside the caller's write transaction.
    func enqueue(_ context: Context, studyID: Int64, templates: [TrialTemplate], onceKey: String?) throws -> Bool {
        do {
            let connection = context.connection
            try requireStudy(context, studyID)
            if let onceKey {
                let existing = try connection.query(
                    "SELECT 1 FROM study_once_keys WHERE study_id = ? AND key = ?", [.integer(studyID), .text(onceKey)])
                guard existing.isEmpty else { return false }
                try connection.query(
                    "INSERT INTO study_once_keys (study_id, key) VALUES (?, ?)", [.integer(studyID), .text(onceKey)])
            }
            var number = try nextNumber(context, studyID)
            for template in templates {
                try connection.query(
                    "INSERT INTO trials (study_id, number, state) VALUES (?, ?, 'waiting')",
                    [.integer(studyID), .integer(number)])
                let trialID = connection.lastInsertRowID
                var attributes = template.systemAttributes
                attributes[TrialTemplate.fixedParametersKey] = .object(template.parameters.mapValues { .init($0) })
                for (key, value) in attributes {
                    try connection.query(
                        "INSERT INTO trial_attributes (trial_id, kind, key, value_json) VALUES (?, 'system', ?, ?)",
                        [.integer(trialID), .text(key), .text(try context.json(value))])
                }
                number += 1
            }
            return true
        }
    }

    /// Claims the next waiting trial or creates one, within the study-wide budget, in one `BEGIN IMMEDIATE`
    /// transaction.
    public func claimTrial(studyID: Int64, maxTrials: Int?, createIfNoneWaiting: Bool) throws -> FrozenTrial? {
        let claimedID: Int64? = try write { context in
            let connection = context.connection
            try requireStudy(context, studyID)
            if let maxTrials {
                let used = try connection.query(
                    "SELECT COUNT(*) FROM trials WHERE study_id = ? AND state != 'waiting'", [.integer(studyID)]
                )[0][0].int64!
                if used >= Int64(maxTrials) { return nil }
            }
            let now = SQLiteValue.real(Date().timeIntervalSince1970)
            if let waiting = try connection.query(
                "SELECT trial_id FROM trials WHERE study_id = ? AND state = 'waiting' ORDER BY number LIMIT 1",
                [.integer(studyID)]
            ).first?[0].int64 {
                try connection.query(
                    "UPDATE trials SET state = 'running', start_time = ?, heartbeat = ? WHERE trial_id = ?",
                    [now, now, .integer(waiting)])
                return waiting
            }
            guard createIfNoneWaiting else { return nil }
            try connection.query(
                "INSERT INTO trials (study_id, number, state, start_time, heartbeat) VALUES (?, ?, 'running', ?, ?)",
                [.integer(studyID), .integer(try nextNumber(context, studyID)), now, now])
            return connection.lastInsertRowID
        }
        return try claimedID.map { try trial(id: $0) }
    }

    /// Refreshes a running trial's heartbeat (a trial in another state is left alone).
    public func recordHeartbeat(trialID: Int64) throws {
        _ = try write { context in
            try context.connection.query(
                "UPDATE trials SET heartbeat = ? WHERE trial_id = ? AND state = 'running'",
                [.real(Date().timeIntervalSince1970), .integer(trialID)])
        }
    }

    /// Moves the running ones of `trialIDs` back to waiting (``TrialRelease``) in one `BEGIN IMMEDIATE`
    /// transaction.
    public func releaseTrials(trialIDs: [Int64], reason: String) throws -> [FrozenTrial] {
        try write { context in try release(context, trialIDs.map { ($0, reason) }) }
    }

    /// Releases, in one `BEGIN IMMEDIATE` transaction, the running trials whose heartbeat is older than
    /// `gracePeriod` seconds, and returns them.
    public func releaseStaleTrials(studyID: Int64, gracePeriod: TimeInterval) throws -> [FrozenTrial] {
        try write { context in
            try requireStudy(context, studyID)
            let now = Date().timeIntervalSince1970
            let stale = try context.connection.query(
                "SELECT trial_id, COALESCE(heartbeat, start_time, ?) FROM trials "
                    + "WHERE study_id = ? AND state = 'running' AND COALESCE(heartbeat, start_time, ?) < ?",
                [.real(now), .integer(studyID), .real(now), .real(now - gracePeriod)])
            return try release(
                context,
                stale.map { row in
                    (row[0].int64!, TrialRelease.staleReason(age: now - row[1].double!, gracePeriod: gracePeriod))
                })
        }
    }

    /// The body of the two release methods inside the caller's write transaction: each running trial of
    /// `releases` goes back to waiting with its reason; the others are left alone.
    private func release(_ context: Context, _ releases: [(trialID: Int64, reason: String)]) throws -> [FrozenTrial] {
        let connection = context.connection
        var released: [Int64] = []
        for (trialID, reason) in releases {
            guard
                let running = try loadTrials(
                    context, filter: "t.trial_id = ? AND t.state = 'running'", [.integer(trialID)]
                ).first
            else { continue }
            try connection.query(
                "UPDATE trials SET state = 'waiting', value = NULL, fail_reason = NULL, start_time = NULL, "
                    + "complete_time = NULL, heartbeat = NULL WHERE trial_id = ?", [.integer(trialID)])
            for table in ["trial_parameters", "trial_intermediate_values", "trial_attributes"] {
                try connection.query("DELETE FROM \(table) WHERE trial_id = ?", [.integer(trialID)])
            }
            for (key, value) in TrialRelease.waitingSystemAttributes(of: running, reason: reason) {
                try connection.query(
                    "INSERT INTO trial_attributes (trial_id, kind, key, value_json) VALUES (?, 'system', ?, ?)",
                    [.integer(trialID), .text(key), .text(try context.json(value))])
            }
            released.append(trialID)
        }
        guard !released.isEmpty else { return [] }
        let placeholders = Array(repeating: "?", count: released.count).joined(separator: ", ")
        return try loadTrials(context, filter: "t.trial_id IN (\(placeholders))", released.map { .integer($0) })
    }

    func nextNumber(_ context: Context, _ studyID: Int64) throws -> Int64 {
        try context.connection.query(
            "SELECT COALESCE(MAX(number) + 1, 0) FROM trials WHERE study_id = ?", [.integer(studyID)])[0][0].int64!
    }

    /// Checks that the trial exists and is not finished; returns its study.
    func requireUnfinished(_ context: Context, _ trialID: Int64) throws -> (studyID: Int64, state: TrialState) {
        guard
            let row = try context.connection.query(
                "SELECT study_id, state FROM trials WHERE trial_id = ?", [.integer(trialID)]
            ).first
        else { throw StorageError.trialNotFound(trialID: trialID) }
        let state = TrialState(rawValue: row[1].string!) ?? .failed
        if state.isFinished { throw StorageError.trialFinished(trialID: trialID) }
        return (row[0].int64!, state)
    }

    /// Stores a parameter after checking the study-wide distribution.
    public func setTrialParameter(
        trialID: Int64, name: String, internalValue: Double, distribution: Distribution
    )
        throws
    {
        try write { context in
            let connection = context.connection
            let (studyID, _) = try requireUnfinished(context, trialID)
            let json = try context.json(distribution)
            if let existing = try connection.query(
                "SELECT distribution_json FROM study_distributions WHERE study_id = ? AND name = ?",
                [.integer(studyID), .text(name)]
            ).first?[0].string {
                let stored = try context.distribution(existing)
                guard stored == distribution else {
                    throw SearchSpaceError.incompatibleDistribution(name: name, existing: stored, new: distribution)
                }
            } else {
                try connection.query(
                    "INSERT INTO study_distributions (study_id, name, distribution_json) VALUES (?, ?, ?)",
                    [.integer(studyID), .text(name), .text(json)])
            }
            try connection.query(
                "INSERT OR REPLACE INTO trial_parameters (trial_id, name, value, distribution_json) VALUES (?, ?, ?, ?)",
                [.integer(trialID), .text(name), .real(internalValue), .text(json)])
        }
    }

    /// Stores an intermediate value.
    public func setTrialIntermediateValue(trialID: Int64, step: Int, value: Double) throws {
        try write { context in
            _ = try requireUnfinished(context, trialID)
            try context.connection.query(
                "INSERT OR REPLACE INTO trial_intermediate_values (trial_id, step, value) VALUES (?, ?, ?)",
                [.integer(trialID), .integer(Int64(step)), .real(value)])
        }
    }

    /// Sets one trial attribute.
    public func setTrialAttribute(trialID: Int64, key: String, value: AttributeValue, kind: AttributeKind) throws {
        try write { context in
            _ = try requireUnfinished(context, trialID)
            try context.connection.query(
                "INSERT OR REPLACE INTO trial_attributes (trial_id, kind, key, value_json) VALUES (?, ?, ?, ?)",
                [.integer(trialID), .text(kind.rawValue), .text(key), .text(try context.json(value))])
        }
    }

    /// Moves a running trial to a final state.
    public func finishTrial(trialID: Int64, state: TrialState, value: Double?, failReason: String?) throws {
        try write { context in
            let (_, current) = try requireUnfinished(context, trialID)
            guard state.isFinished, current == .running else {
                throw StorageError.invalidTransition(trialID: trialID, from: current, to: state)
            }
            try context.connection.query(
                "UPDATE trials SET state = ?, value = ?, fail_reason = ?, complete_time = ? WHERE trial_id = ?",
                [
                    .text(state.rawValue), value.map { .real($0) } ?? .null, failReason.map { .text($0) } ?? .null,
                    .real(Date().timeIntervalSince1970), .integer(trialID),
                ])
        }
    }

    /// One trial.
    public func trial(id: Int64) throws -> FrozenTrial {
        let found = try read { context in try loadTrials(context, filter: "t.trial_id = ?", [.integer(id)]) }
        guard let trial = found.first else { throw StorageError.trialNotFound(trialID: id) }
        return trial
    }

    /// The study's trials in number order.
    public func trials(studyID: Int64, states: Set<TrialState>?) throws -> [FrozenTrial] {
        try read { context in
            try requireStudy(context, studyID)
            let all = try loadTrials(context, filter: "t.study_id = ?", [.integer(studyID)])
            guard let states else { return all }
            return all.filter { states.contains($0.state) }
        }
    }

    /// Counts the study's trials in `states` with one query.
    public func trialCount(studyID: Int64, states: Set<TrialState>?) throws -> Int {
        try read { context in
            try requireStudy(context, studyID)
            let rows = try context.connection.query(
                "SELECT state, COUNT(*) FROM trials WHERE study_id = ? GROUP BY state", [.integer(studyID)])
            return rows.reduce(0) { total, row in
                let state = TrialState(rawValue: row[0].string!) ?? .failed
                return total + ((states?.contains(state) ?? true) ? Int(row[1].int64!) : 0)
            }
        }
    }

    /// Loads trials matching `filter` (SQL over alias `t` with `?` placeholders) with all their parts.
    func loadTrials(_ context: Context, filter: String, _ bindings: [SQLiteValue]) throws -> [FrozenTrial] {
        let connection = context.connection
        var trials: [FrozenTrial] = []
        var index: [Int64: Int] = [:]
        try connection.forEachRow(
            "SELECT t.trial_id, t.number, t.state, t.value, t.fail_reason, t.start_time, t.complete_time "
                + "FROM trials t WHERE \(filter) ORDER BY t.number", bindings
        ) { row in
            index[row[0].int64!] = trials.count
            trials.append(
                FrozenTrial(
                    trialID: row[0].int64!, number: Int(row[1].int64!),
                    state: TrialState(rawValue: row[2].string!) ?? .failed, value: row[3].double,
                    failReason: row[4].string))
            if let start = row[5].double { trials[trials.count - 1].startDate = Date(timeIntervalSince1970: start) }
            if let end = row[6].double { trials[trials.count - 1].completeDate = Date(timeIntervalSince1970: end) }
        }
        guard !trials.isEmpty else { return [] }
        try connection.forEachRow(
            "SELECT p.trial_id, p.name, p.value, p.distribution_json FROM trial_parameters p "
                + "JOIN trials t ON t.trial_id = p.trial_id WHERE \(filter)", bindings
        ) { row in
            guard let position = index[row[0].int64!] else { return }
            trials[position].parameters[row[1].string!] = row[2].double!
            trials[position].distributions[row[1].string!] = try context.distribution(row[3].string!)
        }
        try connection.forEachRow(
            "SELECT v.trial_id, v.step, v.value FROM trial_intermediate_values v "
                + "JOIN trials t ON t.trial_id = v.trial_id WHERE \(filter)", bindings
        ) { row in
            guard let position = index[row[0].int64!] else { return }
            trials[position].intermediateValues[Int(row[1].int64!)] = row[2].double ?? .nan
        }
        try connection.forEachRow(
            "SELECT a.trial_id, a.kind, a.key, a.value_json FROM trial_attributes a "
                + "JOIN trials t ON t.trial_id = a.trial_id WHERE \(filter)", bindings
        ) { row in
            guard let position = index[row[0].int64!] else { return }
            let value = try context.attribute(row[3].string!)
            if row[1].string == AttributeKind.user.rawValue {
                trials[position].userAttributes[row[2].string!] = value
            } else {
                trials[position].systemAttributes[row[2].string!] = value
            }
        }
        return trials
    }
}
