/// The versioned schema of a Vernier SQLite database.
///
/// `schema_version` holds one row with the version. Opening applies the missing migrations in one
/// `BEGIN IMMEDIATE` transaction; a database whose version is newer than ``supportedVersion`` is refused
/// (`StorageError.schemaTooNew`) instead of being misread or damaged.
enum SQLiteSchema {
    /// `migrations[i]` moves a database from version `i` to `i + 1`.
    static let migrations: [String] = [
        """
        CREATE TABLE studies (
            study_id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            direction TEXT NOT NULL,
            created REAL NOT NULL
        );
        CREATE TABLE study_attributes (
            study_id INTEGER NOT NULL REFERENCES studies(study_id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            value_json TEXT NOT NULL,
            PRIMARY KEY (study_id, kind, key)
        );
        CREATE TABLE study_distributions (
            study_id INTEGER NOT NULL REFERENCES studies(study_id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            distribution_json TEXT NOT NULL,
            PRIMARY KEY (study_id, name)
        );
        CREATE TABLE study_once_keys (
            study_id INTEGER NOT NULL REFERENCES studies(study_id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            PRIMARY KEY (study_id, key)
        );
        CREATE TABLE trials (
            trial_id INTEGER PRIMARY KEY AUTOINCREMENT,
            study_id INTEGER NOT NULL REFERENCES studies(study_id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            state TEXT NOT NULL,
            value REAL,
            fail_reason TEXT,
            start_time REAL,
            complete_time REAL,
            UNIQUE (study_id, number)
        );
        CREATE INDEX trials_by_state ON trials(study_id, state, number);
        CREATE TABLE trial_parameters (
            trial_id INTEGER NOT NULL REFERENCES trials(trial_id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            value REAL NOT NULL,
            distribution_json TEXT NOT NULL,
            PRIMARY KEY (trial_id, name)
        );
        CREATE TABLE trial_intermediate_values (
            trial_id INTEGER NOT NULL REFERENCES trials(trial_id) ON DELETE CASCADE,
            step INTEGER NOT NULL,
            value REAL,
            PRIMARY KEY (trial_id, step)
        );
        CREATE TABLE trial_attributes (
            trial_id INTEGER NOT NULL REFERENCES trials(trial_id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            value_json TEXT NOT NULL,
            PRIMARY KEY (trial_id, kind, key)
        );
        """,
        // 2: heartbeats of running trials (seconds since 1970, the writer's clock); claiming sets the first one.
        """
        ALTER TABLE trials ADD COLUMN heartbeat REAL;
        """,
    ]

    /// The newest version this build knows.
    static var supportedVersion: Int { migrations.count }
}
