import VernierTuneSQL

extension SQLDialect {
    /// SQLite: `?` placeholders, `INTEGER PRIMARY KEY AUTOINCREMENT`, `REAL`; no row locks and no migration lock,
    /// because every write transaction is `BEGIN IMMEDIATE` and so excludes every other writer; generated keys are
    /// read with `sqlite3_last_insert_rowid`.
    public static let sqlite = SQLDialect(
        numberedPlaceholders: false, identityColumn: "INTEGER PRIMARY KEY AUTOINCREMENT", integerType: "INTEGER",
        realType: "REAL", rowLock: "", exclusiveRowLock: "", migrationLock: nil, returnsGeneratedKeys: false)
}
