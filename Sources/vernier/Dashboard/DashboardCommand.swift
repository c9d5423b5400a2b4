import ArgumentParser
import Dispatch
import Foundation
import VernierDashboard
import VernierTune
import VernierTuneSQLite

/// `vernier dashboard`: serves the live web dashboard over a storage until interrupted.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Serve a live web dashboard of the stored studies (JSON API and one page per study).",
        discussion: """
            The dashboard lists every study, shows each study's plots and a sortable, filterable trial table that
            refreshes while workers run, and a page per trial. It binds 127.0.0.1 (this machine only) unless
            --host says otherwise, and is read-only unless --allow-delete or --allow-ask-tell is given; then it
            prints a write token that every write must send in an X-Vernier-Token header. Stop it with Ctrl-C.

            With --allow-ask-tell, a program drives studies that `vernier ask` created (their stored recipe):
              POST /api/studies/{id}/ask                          -> {"parameters": {...}, "study": …, "trial": N}
              POST /api/studies/{id}/trials/{N}/report  {"step": 3, "value": 0.7}  -> {"prune": false, …}
              POST /api/studies/{id}/trials/{N}/tell    {"value": 0.93} or {"state": "pruned"}

            Examples:
              vernier dashboard
              vernier dashboard --storage sqlite:runs/vernier.db --port 8081
              vernier dashboard --storage postgres://localhost/vernier --allow-delete
              vernier dashboard --storage sqlite:runs/vernier.db --allow-ask-tell
            """)

    @Option(help: "Storage URL: sqlite:path/to/file.db, postgres://… or memory:.")
    var storage: String = StorageURL.defaultURL

    @Option(help: "The address to bind (0.0.0.0 exposes the dashboard to the network).")
    var host: String = "127.0.0.1"

    @Option(help: "The TCP port (0 picks a free one).")
    var port: Int = 8080

    @Option(help: "How often pages poll for new trials, in seconds.")
    var refresh: Double = 2

    @Flag(help: "Allow deleting studies from the dashboard (DELETE /api/studies/{id}).")
    var allowDelete = false

    @Flag(help: "Serve the ask/tell API (POST …/ask, …/trials/{n}/report, …/trials/{n}/tell).")
    var allowAskTell = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be in 0…65535, got \(port)") }
        guard refresh > 0, refresh.isFinite else { throw ValidationError("--refresh must be positive") }
    }

    func run() throws {
        let writes = allowDelete || allowAskTell
        // One cache of finished trials for the pages and the ask/tell API: a refresh loads only the new trials.
        let store = FinishedTrialCache.over(try openStorage(storage, mode: writes ? .existing : .readOnly))
        var configuration = DashboardConfiguration(
            host: host, port: port, allowsDelete: allowDelete, refreshSeconds: refresh)
        configuration.allowsAskTell = allowAskTell
        if DashboardHostCheck.isNonLoopback(host) {
            FileHandle.standardError.write(
                Data(
                    ("warning: --host \(host) exposes the dashboard (and \(writes ? "changing" : "reading") every "
                        + "study) to other machines; bind 127.0.0.1 unless that is what you want\n").utf8))
        }
        let server = DashboardServer(
            storage: store, configuration: configuration,
            askTell: allowAskTell ? StoredRecipeAskTell(storage: store) : nil)
        let host = self.host
        let storeURL = store.url
        let mode = [allowDelete ? "delete allowed" : nil, allowAskTell ? "ask/tell API" : nil].compactMap { $0 }
        let token = writes ? configuration.writeToken : nil
        let finished = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        Task {
            do {
                try await server.run(stopOnSignals: true) { port in
                    let modes = mode.isEmpty ? "read-only" : mode.joined(separator: ", ")
                    var line = "Dashboard of \(storeURL) at http://\(host):\(port)/ (\(modes); Ctrl-C stops)\n"
                    if let token { line += "Write token (send as X-Vernier-Token): \(token)\n" }
                    FileHandle.standardOutput.write(Data(line.utf8))
                }
            } catch {
                outcome.set(error)
            }
            finished.signal()
        }
        finished.wait()
        if let error = outcome.error as? DashboardError { throw ValidationError(error.description) }
        if let error = outcome.error { throw error }
    }

    /// The server task's error, handed to the waiting main thread.
    final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: (any Error)?
        var error: (any Error)? { lock.withLock { stored } }
        func set(_ error: any Error) { lock.withLock { stored = error } }
    }
}
