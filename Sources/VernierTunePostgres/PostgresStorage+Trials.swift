import Foundation
import VernierTune

extension PostgresStorage {
    /// Adds waiting trials in one transaction (once per `onceKey`), holding the study lock.
    @discardableResult
    public func enqueueTrials(studyID: Int64, templates: [TrialTemplate], onceKey: String?) throws -> Bool {
        try write { context in try enqueue(context, studyID: studyID, templates: templates, onceKey: onceKey) }
    }

    /// The body of ``enqueueTrials(studyID:templates:onceKey:)`` inside the caller's write transaction.
    func enqueue(_ context: Context, studyID: Int64, templates: [TrialTemplate], onceKey: String?) throws -> Bool {
        do {
            let connection = context.connection
            try lockStudy(context, studyID)
            if let onceKey {
                let inserted = try connection.query(
                    "INSERT INTO study_once_keys (study_id, key) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1",
                    [.integer(studyID), .text(onceKey)])
                guard !inserted.isEmpty else { return false }
            }
            var number = try nextNumber(context, studyID)
            for template in templates {
                let trialID = try connection.query(
                    "INSERT INTO trials (study_id, number, state) VALUES ($1, $2, 'waiting') RETURNING trial_id",
                    [.integer(studyID), .integer(number)])[0].int64(0)!
                var attributes = template.systemAttributes
                attributes[TrialTemplate.fixedParametersKey] = .object(template.parameters.mapValues { .init($0) })
                for (key, value) in attributes {
                    try connection.query(
                        "INSERT INTO trial_attributes (trial_id, kind, key, value_json) VALUES ($1, 'system', $2, $3)",
                        [.integer(trialID), .text(key), .text(try context.json(value))])
                }
                number += 1
            }
            return true
        }
    }

    /// Claims the next waiting trial or creates one, within the study-wide budget, while holding the study lock.
    /// The claim is committed asynchronously, like every write of a running trial (see
    /// ``writeAsync(trialID:_:)``): visible to every worker at once, durable with the trial's `finishTrial`.
    public func claimTrial(studyID: Int64, maxTrials: Int?, createIfNoneWaiting: Bool) throws -> FrozenTrial? {
        try writeAsync(trialID: nil) { context in
            let connection = context.connection
            try lockStudy(context, studyID)
            if let maxTrials {
                let used = try connection.query(
                    "SELECT COUNT(*) FROM trials WHERE study_id = $1 AND state <> 'waiting'", [.integer(studyID)]
                )[0].int64(0)!
                if used >= Int64(maxTrials) { return nil }
            }
            let now = PostgresValue.real(Date().timeIntervalSince1970)
            var claimed = try connection.query(
                "UPDATE trials SET state = 'running', start_time = $2, heartbeat = $2 WHERE trial_id = ("
                    + "SELECT trial_id FROM trials WHERE study_id = $1 AND state = 'waiting' ORDER BY number LIMIT 1"
                    + ") RETURNING trial_id",
                [.integer(studyID), now]
            ).first?.int64(0)
            if claimed == nil, createIfNoneWaiting {
                // The next number is computed in the INSERT itself (one round trip; the study lock is held).
                claimed = try connection.query(
                    "INSERT INTO trials (study_id, number, state, start_time, heartbeat) "
                        + "SELECT $1, COALESCE(MAX(number) + 1, 0), 'running', $2, $2 FROM trials WHERE study_id = $1 "
                        + "RETURNING trial_id",
                    [.integer(studyID), now])[0].int64(0)!
            }
            guard let claimed else { return nil }
            context.asyncTrialID = claimed
            context.trialStudies[claimed] = studyID
            // Read back in the same transaction (no second BEGIN/COMMIT round trip).
            return try loadTrials(context, filter: "t.trial_id = $1", [.integer(claimed)]).first
        }
    }

    /// Refreshes a running trial's heartbeat (a trial in another state is left alone).
    /// Committed asynchronously (see ``writeAsync(trialID:_:)``): a heartbeat lost in a server crash only delays it.
    public func recordHeartbeat(trialID: Int64) throws {
        try writeAsync(trialID: trialID) { context in
            try context.connection.query(
                "UPDATE trials SET heartbeat = $1 WHERE trial_id = $2 AND state = 'running'",
                [.real(Date().timeIntervalSince1970), .integer(trialID)])
        }
    }

    /// Moves the running ones of `trialIDs` back to waiting (``TrialRelease``) in one durable transaction.
    public func releaseTrials(trialIDs: [Int64], reason: String) throws -> [FrozenTrial] {
        try write { context in try release(context, trialIDs.map { ($0, reason) }) }
    }

    /// Releases, in one durable transaction holding the study lock, the running trials whose heartbeat is older
    /// than `gracePeriod` seconds, and returns them.
    public func releaseStaleTrials(studyID: Int64, gracePeriod: TimeInterval) throws -> [FrozenTrial] {
        try write { context in
            try lockStudy(context, studyID)
            let now = Date().timeIntervalSince1970
            let stale = try context.connection.query(
                "SELECT trial_id, COALESCE(heartbeat, start_time, $2) FROM trials "
                    + "WHERE study_id = $1 AND state = 'running' AND COALESCE(heartbeat, start_time, $2) < $3",
                [.integer(studyID), .real(now), .real(now - gracePeriod)])
            return try release(
                context,
                stale.map { row in
                    (row.int64(0)!, TrialRelease.staleReason(age: now - row.double(1)!, gracePeriod: gracePeriod))
                })
        }
    }

    /// The body of the two release methods inside the caller's write transaction: each running trial of
    /// `releases` (its row locked) goes back to waiting with its reason; the others are left alone.
    private func release(_ context: Context, _ releases: [(trialID: Int64, reason: String)]) throws -> [FrozenTrial] {
        let connection = context.connection
        var released: [FrozenTrial] = []
        for (trialID, reason) in releases {
            let locked = try connection.query(
                "SELECT state FROM trials WHERE trial_id = $1 FOR UPDATE", [.integer(trialID)])
            guard locked.first?.string(0) == TrialState.running.rawValue,
                let running = try loadTrials(context, filter: "t.trial_id = $1", [.integer(trialID)]).first
            else { continue }
            try connection.query(
                "UPDATE trials SET state = 'waiting', value = NULL, fail_reason = NULL, start_time = NULL, "
                    + "complete_time = NULL, heartbeat = NULL WHERE trial_id = $1", [.integer(trialID)])
            for table in ["trial_parameters", "trial_intermediate_values", "trial_attributes"] {
                try connection.query("DELETE FROM \(table) WHERE trial_id = $1", [.integer(trialID)])
            }
            for (key, value) in TrialRelease.waitingSystemAttributes(of: running, reason: reason) {
                try connection.query(
                    "INSERT INTO trial_attributes (trial_id, kind, key, value_json) VALUES ($1, 'system', $2, $3)",
                    [.integer(trialID), .text(key), .text(try context.json(value))])
            }
            released += try loadTrials(context, filter: "t.trial_id = $1", [.integer(trialID)])
        }
        return released
    }

    func nextNumber(_ context: Context, _ studyID: Int64) throws -> Int64 {
        try context.connection.query(
            "SELECT COALESCE(MAX(number) + 1, 0) FROM trials WHERE study_id = $1", [.integer(studyID)])[0].int64(0)!
    }

    /// Locks the trial row, checks that it exists and is not finished; returns its study and state.
    func requireUnfinished(_ context: Context, _ trialID: Int64) throws -> (studyID: Int64, state: TrialState) {
        guard
            let row = try context.connection.query(
                "SELECT study_id, state FROM trials WHERE trial_id = $1 FOR NO KEY UPDATE", [.integer(trialID)]
            ).first
        else { throw StorageError.trialNotFound(trialID: trialID) }
        let state = TrialState(rawValue: row.string(1)!) ?? .failed
        if state.isFinished { throw StorageError.trialFinished(trialID: trialID) }
        return (row.int64(0)!, state)
    }

    /// ``requireUnfinished(_:_:)`` and `statement` (a write to that trial) in one round trip (pipeline mode). When
    /// the check fails, the error is thrown and the transaction rolls the write back.
    func requireUnfinished(
        _ context: Context, _ trialID: Int64, then statement: String, _ bindings: [PostgresValue]
    ) throws -> (studyID: Int64, state: TrialState) {
        let results: [[PostgresRow]]
        do {
            results = try context.connection.pipeline([
                ("SELECT study_id, state FROM trials WHERE trial_id = $1 FOR NO KEY UPDATE", [.integer(trialID)]),
                (statement, bindings),
            ])
        } catch let error as PostgresQueryError where error.sqlState == "23503" {
            throw StorageError.trialNotFound(trialID: trialID)  // the write's foreign key: no such trial
        }
        guard let row = results[0].first else { throw StorageError.trialNotFound(trialID: trialID) }
        let state = TrialState(rawValue: row.string(1)!) ?? .failed
        if state.isFinished { throw StorageError.trialFinished(trialID: trialID) }
        return (row.int64(0)!, state)
    }

    /// Stores a parameter, checking the study-wide distribution.
    public func setTrialParameter(
        trialID: Int64, name: String, internalValue: Double, distribution: Distribution
    )
        throws
    {
        let checked: (studyID: Int64, json: String)? = try writeAsync(trialID: trialID) { context in
            let connection = context.connection
            let json = try context.json(distribution)
            let insert =
                "INSERT INTO trial_parameters (trial_id, name, value, distribution_json) VALUES ($1, $2, $3, $4) "
                + "ON CONFLICT (trial_id, name) DO UPDATE SET value = EXCLUDED.value, "
                + "distribution_json = EXCLUDED.distribution_json"
            let insertBindings: [PostgresValue] = [.integer(trialID), .text(name), .real(internalValue), .text(json)]
            if let studyID = context.trialStudies[trialID], context.storedDistributions[studyID]?[name] == json {
                // Distribution already checked for this study: check the trial and insert in one round trip.
                _ = try requireUnfinished(context, trialID, then: insert, insertBindings)
                return nil
            }
            let (studyID, _) = try requireUnfinished(context, trialID)
            context.trialStudies[trialID] = studyID
            var checked: (Int64, String)?
            if context.storedDistributions[studyID]?[name] != json {
                try storeDistribution(context, studyID: studyID, name: name, json: json, distribution: distribution)
                checked = (studyID, json)
            }
            try connection.query(insert, insertBindings)
            return checked
        }
        if let checked {  // committed: later parameters of this name skip the check
            context.withLock { $0.storedDistributions[checked.studyID, default: [:]][name] = checked.json }
        }
    }

    /// Records the study-wide distribution of `name` (the first one stored wins, rule 5) and checks `distribution`
    /// against it. A first insert makes the transaction durable: other processes cache what they read.
    private func storeDistribution(
        _ context: Context, studyID: Int64, name: String, json: String, distribution: Distribution
    ) throws {
        let connection = context.connection
        do {
            // Insert-or-keep first: a concurrent insert of the same name waits here, then the stored one is read.
            let inserted = try connection.query(
                "INSERT INTO study_distributions (study_id, name, distribution_json) VALUES ($1, $2, $3) "
                    + "ON CONFLICT DO NOTHING RETURNING 1",
                [.integer(studyID), .text(name), .text(json)])
            if !inserted.isEmpty { try connection.execute("SET LOCAL synchronous_commit TO on") }
            let existing = try connection.query(
                "SELECT distribution_json FROM study_distributions WHERE study_id = $1 AND name = $2",
                [.integer(studyID), .text(name)])[0].string(0)!
            if existing != json {
                let stored = try context.distribution(existing)
                guard stored == distribution else {
                    throw SearchSpaceError.incompatibleDistribution(name: name, existing: stored, new: distribution)
                }
            }
        }
    }

    /// Stores an intermediate value.
    public func setTrialIntermediateValue(trialID: Int64, step: Int, value: Double) throws {
        try writeAsync(trialID: trialID) { context in
            _ = try requireUnfinished(context, trialID)
            try context.connection.query(
                "INSERT INTO trial_intermediate_values (trial_id, step, value) VALUES ($1, $2, $3) "
                    + "ON CONFLICT (trial_id, step) DO UPDATE SET value = EXCLUDED.value",
                [.integer(trialID), .integer(Int64(step)), .real(value)])
        }
    }

    /// Sets one trial attribute.
    public func setTrialAttribute(trialID: Int64, key: String, value: AttributeValue, kind: AttributeKind) throws {
        try writeAsync(trialID: trialID) { context in
            _ = try requireUnfinished(context, trialID)
            try context.connection.query(
                "INSERT INTO trial_attributes (trial_id, kind, key, value_json) VALUES ($1, $2, $3, $4) "
                    + "ON CONFLICT (trial_id, kind, key) DO UPDATE SET value_json = EXCLUDED.value_json",
                [.integer(trialID), .text(kind.rawValue), .text(key), .text(try context.json(value))])
        }
    }

    /// Moves a running trial to a final state.
    /// Durable when this returns, together with every earlier write of the trial (the WAL is flushed in order).
    public func finishTrial(trialID: Int64, state: TrialState, value: Double?, failReason: String?) throws {
        try write(flushes: true) { context in
            defer { context.trialStudies[trialID] = nil }
            // Check and update in one round trip; a failed check throws and the transaction rolls the update back.
            let (_, current) = try requireUnfinished(
                context, trialID,
                then:
                    "UPDATE trials SET state = $1, value = $2, fail_reason = $3, complete_time = $4 WHERE trial_id = $5",
                [
                    .text(state.rawValue), value.map { .real($0) } ?? .null, failReason.map { .text($0) } ?? .null,
                    .real(Date().timeIntervalSince1970), .integer(trialID),
                ])
            guard state.isFinished, current == .running else {
                throw StorageError.invalidTransition(trialID: trialID, from: current, to: state)
            }
        }
    }

    /// One trial.
    public func trial(id: Int64) throws -> FrozenTrial {
        let found = try read { context in try loadTrials(context, filter: "t.trial_id = $1", [.integer(id)]) }
        guard let trial = found.first else { throw StorageError.trialNotFound(trialID: id) }
        return trial
    }

    /// The study's trials in number order.
    public func trials(studyID: Int64, states: Set<TrialState>?) throws -> [FrozenTrial] {
        try read { context in
            try requireStudy(context, studyID)
            let all = try loadTrials(context, filter: "t.study_id = $1", [.integer(studyID)])
            guard let states else { return all }
            return all.filter { states.contains($0.state) }
        }
    }

    /// Counts the study's trials in `states` with one query.
    public func trialCount(studyID: Int64, states: Set<TrialState>?) throws -> Int {
        try read { context in
            try requireStudy(context, studyID)
            let rows = try context.connection.query(
                "SELECT state, COUNT(*) FROM trials WHERE study_id = $1 GROUP BY state", [.integer(studyID)])
            return rows.reduce(0) { total, row in
                let state = TrialState(rawValue: row.string(0)!) ?? .failed
                return total + ((states?.contains(state) ?? true) ? Int(row.int64(1)!) : 0)
            }
        }
    }

    /// Loads trials matching `filter` (constant SQL over alias `t` with `$1` placeholders) with all their parts.
    func loadTrials(_ context: Context, filter: String, _ bindings: [PostgresValue]) throws -> [FrozenTrial] {
        // The four queries go out in one round trip (pipeline mode); within a transaction they see one state.
        let results = try context.connection.pipeline([
            (
                "SELECT t.trial_id, t.number, t.state, t.value, t.fail_reason, t.start_time, t.complete_time "
                    + "FROM trials t WHERE \(filter) ORDER BY t.number", bindings
            ),
            (
                "SELECT p.trial_id, p.name, p.value, p.distribution_json FROM trial_parameters p "
                    + "JOIN trials t ON t.trial_id = p.trial_id WHERE \(filter)", bindings
            ),
            (
                "SELECT v.trial_id, v.step, v.value FROM trial_intermediate_values v "
                    + "JOIN trials t ON t.trial_id = v.trial_id WHERE \(filter)", bindings
            ),
            (
                "SELECT a.trial_id, a.kind, a.key, a.value_json FROM trial_attributes a "
                    + "JOIN trials t ON t.trial_id = a.trial_id WHERE \(filter)", bindings
            ),
        ])
        var trials: [FrozenTrial] = []
        var index: [Int64: Int] = [:]
        for row in results[0] {
            index[row.int64(0)!] = trials.count
            var trial = FrozenTrial(
                trialID: row.int64(0)!, number: Int(row.int64(1)!),
                state: TrialState(rawValue: row.string(2)!) ?? .failed, value: row.double(3),
                failReason: row.string(4))
            if let start = row.double(5) { trial.startDate = Date(timeIntervalSince1970: start) }
            if let end = row.double(6) { trial.completeDate = Date(timeIntervalSince1970: end) }
            trials.append(trial)
        }
        guard !trials.isEmpty else { return [] }
        for row in results[1] {
            guard let position = index[row.int64(0)!] else { continue }
            trials[position].parameters[row.string(1)!] = row.double(2)!
            trials[position].distributions[row.string(1)!] = try context.distribution(row.string(3)!)
        }
        for row in results[2] {
            guard let position = index[row.int64(0)!] else { continue }
            trials[position].intermediateValues[Int(row.int64(1)!)] = row.double(2) ?? .nan
        }
        for row in results[3] {
            guard let position = index[row.int64(0)!] else { continue }
            let value = try context.attribute(row.string(3)!)
            if row.string(1) == AttributeKind.user.rawValue {
                trials[position].userAttributes[row.string(2)!] = value
            } else {
                trials[position].systemAttributes[row.string(2)!] = value
            }
        }
        return trials
    }
}
