import Foundation
import Testing
import VernierTune

@testable import VernierDashboard

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Starts the dashboard on a free port of 127.0.0.1 for the duration of `body`, then stops it.
func withDashboard(
    storage: any Storage, configuration: DashboardConfiguration = DashboardConfiguration(port: 0),
    _ body: @Sendable (URL) async throws -> Void
) async throws {
    let running = try await DashboardServer(storage: storage, configuration: configuration).start()
    do {
        try await body(URL(string: "http://127.0.0.1:\(running.port)")!)
    } catch {
        await running.stop()
        throw error
    }
    await running.stop()
}

/// GET or DELETE a URL; the status, headers and body.
func fetch(_ url: URL, method: String = "GET") async throws -> (status: Int, headers: [String: String], body: Data) {
    var request = URLRequest(url: url)
    request.httpMethod = method
    request.timeoutInterval = 10
    let (data, response) = try await URLSession.shared.data(for: request)
    let http = try #require(response as? HTTPURLResponse)
    var headers: [String: String] = [:]
    for (key, value) in http.allHeaderFields {
        if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
    }
    return (http.statusCode, headers, data)
}

@Suite struct DashboardServerTests {
    @Test func servesAPIAndPagesOverHTTP() async throws {
        let storage = try DashboardFixtures.storage()
        let branin = try DashboardFixtures.id(of: "branin-demo", in: storage)
        let hostile = try DashboardFixtures.id(of: DashboardFixtures.hostileName, in: storage)
        try await withDashboard(storage: storage) { base in
            let list = try await fetch(base.appendingPathComponent("api/studies"))
            #expect(list.status == 200)
            #expect(list.headers["content-type"]?.hasPrefix("application/json") == true)
            let studies = try JSONDecoder().decode([StudySummary].self, from: list.body)
            #expect(studies.count == 3)

            let page = try await fetch(base.appendingPathComponent("studies/\(branin)"))
            #expect(page.status == 200)
            #expect(page.headers["content-security-policy"]?.contains("script-src 'self'") == true)
            #expect(page.headers["x-content-type-options"] == "nosniff")
            let html = String(decoding: page.body, as: UTF8.self)
            #expect(html.contains("<svg") && html.contains("id=\"trials\""))

            let trial = try await fetch(base.appendingPathComponent("api/studies/\(branin)/trials/1"))
            #expect(try JSONDecoder().decode(TrialSnapshot.self, from: trial.body).number == 1)

            let escaped = try await fetch(base.appendingPathComponent("studies/\(hostile)"))
            let text = String(decoding: escaped.body, as: UTF8.self)
            #expect(!text.contains("<script>alert"))
            #expect(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))

            #expect(
                try await fetch(base.appendingPathComponent("api/studies/\(branin)"), method: "DELETE").status == 403)
            #expect(try await fetch(base.appendingPathComponent("studies/12345")).status == 404)
            #expect(try await fetch(base.appendingPathComponent("static/dashboard.js")).status == 200)
        }
    }

    @Test func seesTrialsAddedWhileItRuns() async throws {
        let storage = try DashboardFixtures.storage()
        let id = try DashboardFixtures.id(of: "branin-demo", in: storage)
        try await withDashboard(storage: storage) { base in
            let url = base.appendingPathComponent("api/studies/\(id)")
            let before = try JSONDecoder().decode(StudyDetail.self, from: try await fetch(url).body)
            let study = try Study.load(name: "branin-demo", storage: storage)
            let trial = try study.ask()
            _ = try trial.suggestFloat("x", in: -5...10)
            try study.tell(trial, value: -1)
            let after = try JSONDecoder().decode(StudyDetail.self, from: try await fetch(url).body)
            #expect(after.summary.trials == before.summary.trials + 1)
            #expect(after.summary.bestValue == -1)
            #expect(after.summary.lastUpdate != nil)
        }
    }

    @Test func deletesOnlyWhenAllowed() async throws {
        let storage = try DashboardFixtures.storage()
        let id = try DashboardFixtures.id(of: "empty", in: storage)
        try await withDashboard(storage: storage, configuration: DashboardConfiguration(port: 0, allowsDelete: true)) {
            (base: URL) async throws in
            #expect(try await fetch(base.appendingPathComponent("api/studies/\(id)"), method: "DELETE").status == 200)
            #expect(try storage.study(named: "empty") == nil)
        }
    }
}
