import Testing
import VernierTestSupport
import VernierTune

@Suite struct InMemoryStorageTests {
    @Test func conformsToTheStorageContract() throws {
        try StorageConformance.run(makeStorage: { InMemoryStorage() }, reopen: { $0 })
    }
}

@Suite struct StorageURLTests {
    @Test func parsesEveryForm() throws {
        #expect(try StorageURL(parsing: "memory:") == .memory)
        #expect(try StorageURL(parsing: "sqlite:runs/vernier.db") == .sqlite(path: "runs/vernier.db"))
        #expect(try StorageURL(parsing: "sqlite:///tmp/x.db") == .sqlite(path: "/tmp/x.db"))
        #expect(try StorageURL(parsing: "postgres://me@db:5432/hpo") == .postgres(url: "postgres://me@db:5432/hpo"))
        #expect(try StorageURL(parsing: "sqlite:a.db").description == "sqlite:a.db")
    }

    @Test func rejectsWithClearErrors() {
        #expect(throws: StorageError.self) { _ = try StorageURL(parsing: "sqlite:") }
        do {
            _ = try StorageURL(parsing: "mysql://x")
            Issue.record("mysql must be refused")
        } catch {
            #expect("\(error)".contains("unknown scheme"))
            #expect("\(error)".contains("sqlite:"))
        }
    }
}
