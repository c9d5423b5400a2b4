import Foundation
import Testing
import VernierTune

@testable import VernierDashboard

/// Headless Chromium, when installed (Debian package `chromium`).
enum Chromium {
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs Chromium headless with `arguments`; returns its standard output and standard error.
    static func run(_ arguments: [String]) async throws -> (output: String, errors: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-chromium-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("out.txt")
        let errURL = directory.appendingPathComponent("err.txt")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path!)
        process.arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                "--user-data-dir=\(directory.appendingPathComponent("profile").path)", "--enable-logging=stderr",
                "--v=0",
            ] + arguments
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            process.terminationHandler = { _ in continuation.resume() }
            do { try process.run() } catch { continuation.resume() }
        }
        return (
            String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
            String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        )
    }
}

@Suite struct DashboardBrowserTests {
    @Test(.enabled(if: Chromium.path != nil, "Chromium is not installed (Debian: apt-get install chromium)"))
    func studyPageRendersInHeadlessChromium() async throws {
        let storage = try DashboardFixtures.storage()
        let id = try DashboardFixtures.id(of: DashboardFixtures.hostileName, in: storage)
        let branin = try DashboardFixtures.id(of: "branin-demo", in: storage)
        try await withDashboard(storage: storage) { base in
            // The DOM after the page script ran: the table is rebuilt from the API and the status line updated.
            let page = base.appendingPathComponent("studies/\(branin)").absoluteString
            let dom = try await Chromium.run(["--virtual-time-budget=5000", "--dump-dom", page])
            #expect(dom.output.contains("<svg"), "no plot in the rendered page")
            #expect(dom.output.contains("id=\"trials\""))
            #expect(
                dom.output.contains("updated"), "the page script did not refresh the table: \(dom.errors.suffix(2000))")
            #expect(dom.output.contains("class=\"sorted-asc\""), "the script did not rebuild the table headings")
            #expect(!dom.errors.contains("Uncaught"), "script error: \(dom.errors.suffix(2000))")
            #expect(!dom.errors.contains("Content Security Policy"), "CSP violation: \(dom.errors.suffix(2000))")

            // A hostile study name stays text in the live DOM (no alert, no injected element).
            let hostile = try await Chromium.run([
                "--virtual-time-budget=5000", "--dump-dom", base.appendingPathComponent("studies/\(id)").absoluteString,
            ])
            #expect(hostile.output.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!hostile.output.contains("<script>alert(1)"))
            #expect(!hostile.errors.contains("Uncaught"), "script error: \(hostile.errors.suffix(2000))")

            // A screenshot is written and is a real PNG.
            let png = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-dashboard-\(UUID()).png")
            defer { try? FileManager.default.removeItem(at: png) }
            _ = try await Chromium.run([
                "--virtual-time-budget=3000", "--window-size=1200,900", "--screenshot=\(png.path)", page,
            ])
            let data = try Data(contentsOf: png)
            #expect(data.count > 10_000)
            #expect(data.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        }
    }
}
