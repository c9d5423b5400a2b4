import VernierTune

/// The versioned schema of a Vernier database, one text for both backends with the dialect's types.
///
/// `schema_version` holds one row with the version. Opening a database for writing applies the missing
/// migrations in one write transaction (under ``SQLDialect/migrationLock`` where there is one); a database
/// whose version is newer than ``supportedVersion`` is refused (`StorageError.schemaTooNew`) instead of being
/// misread or damaged. A database written by any earlier version opens and is migrated.
public enum SQLSchema {
    /// The key of the PostgreSQL advisory lock that serializes migrations ("VERNIER" in ASCII, truncated).
    public static let migrationLockKey: Int64 = 0x5645_524E_4945_52

    /// `migrations(dialect)[i]` moves a database from version `i` to `i + 1`.
    public static func migrations(_ dialect: SQLDialect) -> [String] {
        let id = dialect.identityColumn
        let integer = dialect.integerType
        let real = dialect.realType
        return [
            """
            CREATE TABLE studies (
                study_id \(id),
                name TEXT NOT NULL UNIQUE,
                direction TEXT NOT NULL,
                created \(real) NOT NULL
            );
            CREATE TABLE study_attributes (
                study_id \(integer) NOT NULL REFERENCES studies(study_id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                key TEXT NOT NULL,
                value_json TEXT NOT NULL,
                PRIMARY KEY (study_id, kind, key)
            );
            CREATE TABLE study_distributions (
                study_id \(integer) NOT NULL REFERENCES studies(study_id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                distribution_json TEXT NOT NULL,
                PRIMARY KEY (study_id, name)
            );
            CREATE TABLE study_once_keys (
                study_id \(integer) NOT NULL REFERENCES studies(study_id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                PRIMARY KEY (study_id, key)
            );
            CREATE TABLE trials (
                trial_id \(id),
                study_id \(integer) NOT NULL REFERENCES studies(study_id) ON DELETE CASCADE,
                number \(integer) NOT NULL,
                state TEXT NOT NULL,
                value \(real),
                fail_reason TEXT,
                start_time \(real),
                complete_time \(real),
                UNIQUE (study_id, number)
            );
            CREATE INDEX trials_by_state ON trials(study_id, state, number);
            CREATE TABLE trial_parameters (
                trial_id \(integer) NOT NULL REFERENCES trials(trial_id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                value \(real) NOT NULL,
                distribution_json TEXT NOT NULL,
                PRIMARY KEY (trial_id, name)
            );
            CREATE TABLE trial_intermediate_values (
                trial_id \(integer) NOT NULL REFERENCES trials(trial_id) ON DELETE CASCADE,
                step \(integer) NOT NULL,
                value \(real),
                PRIMARY KEY (trial_id, step)
            );
            CREATE TABLE trial_attributes (
                trial_id \(integer) NOT NULL REFERENCES trials(trial_id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                key TEXT NOT NULL,
                value_json TEXT NOT NULL,
                PRIMARY KEY (trial_id, kind, key)
            );
            """,
            // 2: heartbeats of running trials (seconds since 1970, the writer's clock); claiming sets the first one.
            """
            ALTER TABLE trials ADD COLUMN heartbeat \(real);
            """,
            // 3: how often the trial went back to waiting (the system attribute `release_count`, copied into the row
            // so that finishing can check in one statement that the finisher's claim still holds).
            """
            ALTER TABLE trials ADD COLUMN release_count \(integer) NOT NULL DEFAULT 0;
            UPDATE trials SET release_count = COALESCE((
                SELECT CAST(a.value_json AS \(integer)) FROM trial_attributes a
                WHERE a.trial_id = trials.trial_id AND a.kind = 'system' AND a.key = '\(TrialRelease.countKey)'), 0);
            """,
            // 4: several objectives and constraints. A study's directions and a trial's values and constraints
            // are rows, one per objective (constraint), in order; existing studies and values become objective 0.
            // `studies.direction` keeps the first direction (the column is NOT NULL); `trials.value` is no longer
            // written and is cleared, so the values live in one place.
            """
            CREATE TABLE study_directions (
                study_id \(integer) NOT NULL REFERENCES studies(study_id) ON DELETE CASCADE,
                objective \(integer) NOT NULL,
                direction TEXT NOT NULL,
                PRIMARY KEY (study_id, objective)
            );
            INSERT INTO study_directions (study_id, objective, direction) SELECT study_id, 0, direction FROM studies;
            CREATE TABLE trial_values (
                trial_id \(integer) NOT NULL REFERENCES trials(trial_id) ON DELETE CASCADE,
                objective \(integer) NOT NULL,
                value \(real) NOT NULL,
                PRIMARY KEY (trial_id, objective)
            );
            INSERT INTO trial_values (trial_id, objective, value)
                SELECT trial_id, 0, value FROM trials WHERE value IS NOT NULL;
            UPDATE trials SET value = NULL;
            CREATE TABLE trial_constraints (
                trial_id \(integer) NOT NULL REFERENCES trials(trial_id) ON DELETE CASCADE,
                constraint_index \(integer) NOT NULL,
                value \(real) NOT NULL,
                PRIMARY KEY (trial_id, constraint_index)
            );
            """,
            // 5: the first value of a trial returns to `trials.value`, so that finishing a one-objective trial is
            // one `UPDATE` again; `trial_values` keeps the objectives after the first.
            """
            UPDATE trials SET value = (
                SELECT v.value FROM trial_values v WHERE v.trial_id = trials.trial_id AND v.objective = 0);
            DELETE FROM trial_values WHERE objective = 0;
            """,
        ]
    }

    /// The newest version this build knows.
    public static let supportedVersion = 5
    /// The first version with the tables of several objectives and constraints; a read-only open of an older
    /// database reads its one direction and value from the columns of versions 1–3 (``SQLStatements``). From
    /// version 5 on, `trial_values` holds the objectives after the first, which is in `trials.value` (as before
    /// version 4).
    public static let vectorVersion = 4
    /// The oldest version whose tables the reads of this build use as they are, so that a read-only open
    /// (reports, dashboards) of a database not yet migrated works: version 3 only adds a column that finishing
    /// writes, and version 4's tables are read from the older columns (see ``vectorVersion``).
    public static let oldestReadableVersion = 2

    /// For a read-only open: throws ``VernierTune/StorageError/schemaTooNew(found:supported:)`` for a version newer
    /// than this build's, and a database error with `code` naming `database` for one older than
    /// ``oldestReadableVersion`` (it must be migrated by a writing command first).
    public static func checkReadable(version found: Int, database: String, code: Int32) throws {
        if found > supportedVersion {
            throw StorageError.schemaTooNew(found: found, supported: supportedVersion)
        }
        guard found >= oldestReadableVersion else {
            throw StorageError.database(
                message: "\(database) has schema version \(found), older than this build reads "
                    + "(\(oldestReadableVersion)); run `vernier tune` on it once to upgrade it",
                code: code)
        }
    }
}
