import CSQLite
import Foundation
import Testing
import VernierTune
import VernierTuneSQLite

/// Opening a database never creates what it was not asked to, a read-only open never writes, and a
/// damaged or foreign file is named with how to recover.
@Suite struct SQLiteOpenModeTests {
    /// A new empty folder.
    func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-open-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    func message(_ body: () throws -> Void) throws -> String {
        let error = try #require(throws: StorageError.self) { try body() }
        return error.description
    }

    @Test func readOnlyNeverCreatesAMissingFile() throws {
        let path = try folder().appendingPathComponent("typo.db").path
        let text = try message { _ = try SQLiteStorage(path: path, mode: .readOnly) }
        #expect(text.contains("no database at '\(path)'"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func createFileDoesNotCreateMissingFolders() throws {
        let root = try folder()
        let path = root.appendingPathComponent("nonexistent-dir/x/y.db").path
        let text = try message { _ = try SQLiteStorage(path: path, mode: .createFile) }
        #expect(text.contains("cannot create '\(path)'") && text.contains("does not exist"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("nonexistent-dir").path))
        // In an existing folder the file is created.
        let direct = root.appendingPathComponent("v.db").path
        _ = try SQLiteStorage(path: direct, mode: .createFile)
        #expect(FileManager.default.fileExists(atPath: direct))
    }

    @Test func aWriteProtectedDatabaseCanBeReadAndIsLeftUnchanged() throws {
        let path = try folder().appendingPathComponent("v.db").path
        do {
            let study = try Study(name: "kept", direction: .minimize, storage: try SQLiteStorage(path: path))
            try study.optimize(trials: 3) { trial in try trial.suggestFloat("x", in: 0...1) }
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path) }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let storage = try SQLiteStorage(path: path, mode: .readOnly)
        #expect(try storage.allStudies().map(\.name) == ["kept"])
        #expect(try Study.load(name: "kept", storage: storage).trials().count == 3)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        // Writing through a read-only open fails instead of changing the file.
        #expect(throws: (any Error).self) {
            _ = try Study(name: "new", direction: .minimize, storage: storage)
        }
    }

    @Test func aFileThatIsNotADatabaseIsNamedWithHowToRecover() throws {
        let path = try folder().appendingPathComponent("notes.db").path
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        for mode in [SQLiteOpenMode.readOnly, .createFile] {
            let text = try message { _ = try SQLiteStorage(path: path, mode: mode) }
            #expect(text.contains("'\(path)' is damaged or is not a Vernier database"))
            #expect(text.contains("restore it from a backup"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(repeating: 0x41, count: 8192))
    }

    @Test func aDamagedPageInAnUnusedIndexIsFoundAtOpen() throws {
        let path = try folder().appendingPathComponent("v.db").path
        var handle: OpaquePointer?
        #expect(sqlite3_open(path, &handle) == SQLITE_OK)
        let script = """
            CREATE TABLE t (a INTEGER, b TEXT);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
            INSERT INTO t SELECT i, printf('row %d', i) FROM n;
            CREATE INDEX unused ON t (b);
            """
        #expect(sqlite3_exec(handle, script, nil, nil, nil) == SQLITE_OK)
        var statement: OpaquePointer?
        sqlite3_prepare_v2(handle, "SELECT rootpage FROM sqlite_master WHERE name = 'unused'", -1, &statement, nil)
        #expect(sqlite3_step(statement) == SQLITE_ROW)
        let rootPage = Int(sqlite3_column_int64(statement, 0))
        sqlite3_finalize(statement)
        sqlite3_close(handle)
        // Scribble over the index's root page (past its header), leaving every table page intact.
        let file = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try file.seek(toOffset: UInt64((rootPage - 1) * 4096 + 8))
        file.write(Data(repeating: 0xFF, count: 64))
        try file.close()
        let text = try message { _ = try SQLiteStorage(path: path, mode: .readOnly) }
        #expect(text.contains("'\(path)' is damaged"))
        #expect(text.contains("quick_check"))
    }

    @Test func aReadOnlyOpenLeavesTheFolderAsItWasFound() throws {
        let root = try folder()
        let path = root.appendingPathComponent("v.db").path
        do {
            let study = try Study(name: "kept", direction: .minimize, storage: try SQLiteStorage(path: path))
            try study.optimize(trials: 3) { trial in try trial.suggestFloat("x", in: 0...1) }
        }
        let listing = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        #expect(listing == ["v.db"])
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            let storage = try SQLiteStorage(path: path, mode: .readOnly)
            #expect(try Study.load(name: "kept", storage: storage).trials().count == 3)
            // Read-only in effect: a write is refused, the file keeps its bytes.
            #expect(throws: (any Error).self) {
                _ = try Study(name: "new", direction: .minimize, storage: storage)
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["v.db"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func existingWritesButNeverCreates() throws {
        let root = try folder()
        let missing = root.appendingPathComponent("typo.db").path
        let text = try message { _ = try SQLiteStorage(path: missing, mode: .existing) }
        #expect(text.contains("no database at '\(missing)'"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty)
        let path = root.appendingPathComponent("v.db").path
        _ = try Study(name: "old", direction: .minimize, storage: try SQLiteStorage(path: path))
        let storage = try SQLiteStorage(path: path, mode: .existing)
        let study = try Study.load(name: "old", storage: storage)
        try storage.deleteStudy(id: study.id)
        #expect(try storage.allStudies().isEmpty)
    }

    @Test func errorsAfterOpeningNameTheFile() throws {
        let path = try folder().appendingPathComponent("v.db").path
        let storage = try SQLiteStorage(path: path)
        _ = try Study(name: "kept", direction: .minimize, storage: storage)
        // Another program breaks the schema under the open storage: the engine's error names the file.
        var handle: OpaquePointer?
        #expect(sqlite3_open(path, &handle) == SQLITE_OK)
        #expect(sqlite3_exec(handle, "ALTER TABLE studies RENAME TO gone", nil, nil, nil) == SQLITE_OK)
        sqlite3_close(handle)
        let text = try message { _ = try storage.study(named: "kept") }
        #expect(text.contains("'\(path)'") && text.contains("no such table"), "\(text)")
    }
}
