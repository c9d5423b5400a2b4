/// SQL that turns a current Vernier database back into what earlier versions wrote, for migration tests of the
/// SQL backends (the same text for SQLite and PostgreSQL).
public enum SchemaDowngrade {
    /// Back to schema version 4: every value of a trial in `trial_values`, objective 0 included, and
    /// `trials.value` cleared.
    ///
    /// ```swift
    /// sqlite3_exec(handle, SchemaDowngrade.toVersionFour, nil, nil, nil)
    /// ```
    public static let toVersionFour = """
        INSERT INTO trial_values (trial_id, objective, value)
            SELECT trial_id, 0, value FROM trials WHERE value IS NOT NULL;
        UPDATE trials SET value = NULL;
        UPDATE schema_version SET version = 4;
        """

    /// Back to schema version 3: the first value of each trial stays in `trials.value`, and the tables of
    /// several objectives and constraints are dropped.
    ///
    /// ```swift
    /// sqlite3_exec(handle, SchemaDowngrade.toVersionThree, nil, nil, nil)
    /// ```
    public static let toVersionThree = """
        DROP TABLE trial_constraints; DROP TABLE trial_values; DROP TABLE study_directions;
        UPDATE schema_version SET version = 3;
        """
}
