/// Every statement ``SQLStorage`` runs, written once with `?` placeholders and turned into the dialect's text
/// once per storage. Values always travel as bindings. No statement uses `RETURNING` except through
/// ``SQLDialect/returningKey(_:)``: changed-row counts and generated keys come from the connection.
///
/// The writes to an unfinished trial (`write…`) are single statements that carry their own check: they change
/// nothing when the trial is missing or finished, so each is a whole transaction on its own
/// (``SQLConnection/transaction(_:batch:)``).
///
/// The reads are written for the current schema; for a read-only open of a database older than
/// ``SQLSchema/vectorVersion`` the queries of directions and further values and constraints read the one
/// direction of the older columns and nothing, with the same result columns. A trial's values are `t.value`
/// (objective 0, in every version but 4, where it is `NULL`) followed by its `trial_values` rows.
struct SQLStatements: Sendable {
    /// The six queries that read trials with all their parts, for one filter over the trials alias `t`.
    struct TrialQueries: Sendable {
        /// `trial_id, number, state, fail_reason, start_time, complete_time, value`.
        let rows: String
        let values: String
        let constraints: String
        let parameters: String
        let intermediateValues: String
        let attributes: String

        init(filter: String, vectors: Bool, _ sql: (String) -> String) {
            rows = sql(
                "SELECT t.trial_id, t.number, t.state, t.fail_reason, t.start_time, t.complete_time, t.value "
                    + "FROM trials t WHERE \(filter) ORDER BY t.number")
            if vectors {
                values = sql(
                    "SELECT v.trial_id, v.objective, v.value FROM trial_values v "
                        + "JOIN trials t ON t.trial_id = v.trial_id WHERE \(filter) ORDER BY v.trial_id, v.objective")
                constraints = sql(
                    "SELECT c.trial_id, c.constraint_index, c.value FROM trial_constraints c "
                        + "JOIN trials t ON t.trial_id = c.trial_id WHERE \(filter) "
                        + "ORDER BY c.trial_id, c.constraint_index")
            } else {
                values = sql("SELECT t.trial_id, 0, t.value FROM trials t WHERE \(filter) AND 1 = 0")
                constraints = values
            }
            parameters = sql(
                "SELECT p.trial_id, p.name, p.value, p.distribution_json FROM trial_parameters p "
                    + "JOIN trials t ON t.trial_id = p.trial_id WHERE \(filter)")
            intermediateValues = sql(
                "SELECT v.trial_id, v.step, v.value FROM trial_intermediate_values v "
                    + "JOIN trials t ON t.trial_id = v.trial_id WHERE \(filter)")
            attributes = sql(
                "SELECT a.trial_id, a.kind, a.key, a.value_json FROM trial_attributes a "
                    + "JOIN trials t ON t.trial_id = a.trial_id WHERE \(filter)")
        }
    }

    // Schema.
    let createVersionTable = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"
    let version = "SELECT version FROM schema_version"
    let deleteVersion = "DELETE FROM schema_version"
    let insertVersion: String
    let migrationLock: String?

    // Studies.
    let insertStudy: String
    let insertDirection: String
    let studyByName: String
    let allStudies: String
    let directionsOfStudy: String
    let allDirections: String
    let deleteStudy: String
    let studyExists: String
    let lockStudy: String
    let upsertStudyAttribute: String
    let studyAttributes: String
    let studyDistributions: String

    // Queue and claims.
    let insertOnceKey: String
    let nextNumber: String
    let insertWaiting: String
    let insertSystemAttribute: String
    let countNonWaiting: String
    let firstWaiting: String
    let startTrial: String
    let insertRunning: String
    let heartbeat: String
    let staleTrials: String
    let lockTrialState: String
    let releaseTrial: String
    let deleteRunData: [String]

    // Writes to a trial.
    let trialForWrite: String
    let upsertParameter: String
    let writeParameter: String
    let insertDistribution: String
    let distribution: String
    let writeIntermediateValue: String
    let writeAttribute: String
    let finish: String
    let finishHeld: String
    let trialState: String
    private let dialect: SQLDialect

    // Reads.
    let countByState: String
    let trialByID: TrialQueries
    let trialByNumber: TrialQueries
    let trialsOfStudy: TrialQueries
    let trialsNumberedFrom: TrialQueries

    /// The statements in `dialect` for a database of `schemaVersion` (only reads differ, see above).
    init(_ dialect: SQLDialect, schemaVersion: Int = SQLSchema.supportedVersion) {
        let sql = dialect.sql
        self.dialect = dialect
        let vectors = schemaVersion >= SQLSchema.vectorVersion
        insertVersion = sql("INSERT INTO schema_version (version) VALUES (?)")
        migrationLock = dialect.migrationLock.map(sql)

        insertStudy = sql(
            "INSERT INTO studies (name, direction, created) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING"
                + dialect.returningKey("study_id"))
        insertDirection = sql("INSERT INTO study_directions (study_id, objective, direction) VALUES (?, ?, ?)")
        studyByName = sql("SELECT study_id, name FROM studies WHERE name = ?")
        allStudies = "SELECT study_id, name FROM studies ORDER BY study_id"
        let directions =
            vectors ? "SELECT study_id, direction FROM study_directions" : "SELECT study_id, direction FROM studies"
        directionsOfStudy = sql(directions + " WHERE study_id = ?" + (vectors ? " ORDER BY objective" : ""))
        allDirections = directions + (vectors ? " ORDER BY study_id, objective" : "")
        deleteStudy = sql("DELETE FROM studies WHERE study_id = ?")
        studyExists = sql("SELECT 1 FROM studies WHERE study_id = ?")
        lockStudy = sql("SELECT 1 FROM studies WHERE study_id = ?" + dialect.rowLock)
        upsertStudyAttribute = sql(
            "INSERT INTO study_attributes (study_id, kind, key, value_json) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (study_id, kind, key) DO UPDATE SET value_json = excluded.value_json")
        studyAttributes = sql("SELECT key, value_json FROM study_attributes WHERE study_id = ? AND kind = ?")
        studyDistributions = sql("SELECT name, distribution_json FROM study_distributions WHERE study_id = ?")

        insertOnceKey = sql("INSERT INTO study_once_keys (study_id, key) VALUES (?, ?) ON CONFLICT DO NOTHING")
        nextNumber = sql("SELECT COALESCE(MAX(number) + 1, 0) FROM trials WHERE study_id = ?")
        insertWaiting = sql(
            "INSERT INTO trials (study_id, number, state) VALUES (?, ?, 'waiting')" + dialect.returningKey("trial_id"))
        insertSystemAttribute = sql(
            "INSERT INTO trial_attributes (trial_id, kind, key, value_json) VALUES (?, 'system', ?, ?)")
        countNonWaiting = sql("SELECT COUNT(*) FROM trials WHERE study_id = ? AND state <> 'waiting'")
        firstWaiting = sql(
            "SELECT trial_id FROM trials WHERE study_id = ? AND state = 'waiting' ORDER BY number LIMIT 1")
        startTrial = sql("UPDATE trials SET state = 'running', start_time = ?, heartbeat = ? WHERE trial_id = ?")
        insertRunning = sql(
            "INSERT INTO trials (study_id, number, state, start_time, heartbeat) VALUES (?, ?, 'running', ?, ?)"
                + dialect.returningKey("trial_id"))
        heartbeat = sql("UPDATE trials SET heartbeat = ? WHERE trial_id = ? AND state = 'running'")
        staleTrials = sql(
            "SELECT trial_id, COALESCE(heartbeat, start_time, ?) FROM trials "
                + "WHERE study_id = ? AND state = 'running' AND COALESCE(heartbeat, start_time, ?) < ?")
        lockTrialState = sql("SELECT state FROM trials WHERE trial_id = ?" + dialect.exclusiveRowLock)
        releaseTrial = sql(
            "UPDATE trials SET state = 'waiting', fail_reason = NULL, start_time = NULL, "
                + "complete_time = NULL, heartbeat = NULL, release_count = release_count + 1 WHERE trial_id = ?")
        deleteRunData = ["trial_parameters", "trial_intermediate_values", "trial_attributes"].map {
            sql("DELETE FROM \($0) WHERE trial_id = ?")
        }

        trialForWrite = sql("SELECT study_id, state FROM trials WHERE trial_id = ?" + dialect.rowLock)
        let parameterConflict =
            " ON CONFLICT (trial_id, name) DO UPDATE SET value = excluded.value, "
            + "distribution_json = excluded.distribution_json"
        upsertParameter = sql(
            "INSERT INTO trial_parameters (trial_id, name, value, distribution_json) VALUES (?, ?, ?, ?)"
                + parameterConflict)
        // The row of an unfinished trial, locked against a concurrent finish; the last binding is the trial.
        let ifUnfinished =
            " FROM trials WHERE trial_id = ? AND state IN ('waiting', 'running')" + dialect.rowLock
        writeParameter = sql(
            "INSERT INTO trial_parameters (trial_id, name, value, distribution_json) SELECT ?, ?, ?, ?"
                + ifUnfinished + parameterConflict)
        insertDistribution = sql(
            "INSERT INTO study_distributions (study_id, name, distribution_json) VALUES (?, ?, ?) "
                + "ON CONFLICT DO NOTHING")
        distribution = sql("SELECT distribution_json FROM study_distributions WHERE study_id = ? AND name = ?")
        writeIntermediateValue = sql(
            "INSERT INTO trial_intermediate_values (trial_id, step, value) SELECT ?, ?, ?" + ifUnfinished
                + " ON CONFLICT (trial_id, step) DO UPDATE SET value = excluded.value")
        writeAttribute = sql(
            "INSERT INTO trial_attributes (trial_id, kind, key, value_json) SELECT ?, ?, ?, ?" + ifUnfinished
                + " ON CONFLICT (trial_id, kind, key) DO UPDATE SET value_json = excluded.value_json")
        let finishText =
            "UPDATE trials SET state = ?, value = ?, fail_reason = ?, complete_time = ? "
            + "WHERE trial_id = ? AND state = 'running'"
        finish = sql(finishText)
        finishHeld = sql(finishText + " AND release_count = ?")
        trialState = sql("SELECT state, release_count FROM trials WHERE trial_id = ?")

        countByState = sql("SELECT state, COUNT(*) FROM trials WHERE study_id = ? GROUP BY state")
        trialByID = TrialQueries(filter: "t.trial_id = ?", vectors: vectors, sql)
        trialByNumber = TrialQueries(filter: "t.study_id = ? AND t.number = ?", vectors: vectors, sql)
        trialsOfStudy = TrialQueries(filter: "t.study_id = ?", vectors: vectors, sql)
        trialsNumberedFrom = TrialQueries(filter: "t.study_id = ? AND t.number >= ?", vectors: vectors, sql)
    }

    /// One `INSERT` of `count` rows of (trial, position, value) into `trial_values` (objectives after the first)
    /// or `trial_constraints`.
    func insertPositions(into table: PositionTable, count: Int) -> String {
        precondition(count > 0, "SQLStatements.insertPositions: at least one row")
        let rows = Array(repeating: "(?, ?, ?)", count: count).joined(separator: ", ")
        return dialect.sql("INSERT INTO \(table.rawValue) VALUES \(rows)")
    }

    /// The tables of a trial's numbered values.
    enum PositionTable: String {
        case values = "trial_values (trial_id, objective, value)"
        case constraints = "trial_constraints (trial_id, constraint_index, value)"
    }
}
