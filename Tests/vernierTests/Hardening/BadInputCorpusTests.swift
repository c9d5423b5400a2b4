import Foundation
import Testing

/// Issue 19's bad-input corpus: every case makes `vernier` exit non-zero with a message naming the file, line
/// or field, and leaves the files it was given unchanged.
@Suite struct BadInputCorpusTests {
    @Test(arguments: BadInputCorpus.cases)
    func badInputIsRefusedClearly(_ input: BadInput) throws {
        let binary = try #require(vernierBinary(), "build the vernier binary first (swift build)")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, bytes) in input.files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
            if name.hasSuffix(".gz") { try compress(url) }
            if name.hasSuffix(".gz.raw") {
                try FileManager.default.moveItem(at: url, to: url.deletingPathExtension())
            }
        }
        let before = snapshot(folder)
        let run = try runVernier(binary, input.arguments, in: folder)
        #expect(run.status != 0, "exit 0: \(run.output)")
        #expect(run.status < 128, "killed by a signal: \(run.output)")
        for text in input.expected {
            #expect(run.output.contains(text), "missing '\(text)' in: \(run.output.prefix(2000))")
        }
        #expect(snapshot(folder) == before, "the command changed the folder")
    }

    /// Every file under `folder` with its contents.
    func snapshot(_ folder: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        for case let name as String in FileManager.default.enumerator(atPath: folder.path)?.allObjects ?? [] {
            files[name] = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) ?? Data()
        }
        return files
    }

    /// Replaces the file with its gzip compression (same name).
    func compress(_ url: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -c -1 \"$0\" > \"$0.tmp\" && mv \"$0.tmp\" \"$0\"", url.path]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
    }
}
