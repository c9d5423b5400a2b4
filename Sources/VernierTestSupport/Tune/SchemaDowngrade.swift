/// SQL that turns a current Vernier database back into what earlier versions wrote, for migration tests of the
/// SQL backends (the same text for SQLite and PostgreSQL).
public enum SchemaDowngrade {
    /// Back to schema version 3: the first value of each trial returns to `trials.value`, and the tables of
    /// several objectives and constraints are dropped.
    ///
    /// ```swift
    /// sqlite3_exec(handle, SchemaDowngrade.toVersionThree, nil, nil, nil)
    /// ```
    public static let toVersionThree = """
        UPDATE trials SET value = (SELECT v.value FROM trial_values v WHERE v.trial_id = trials.trial_id AND v.objective = 0);
        DROP TABLE trial_constraints; DROP TABLE trial_values; DROP TABLE study_directions;
        UPDATE schema_version SET version = 3;
        """
}
