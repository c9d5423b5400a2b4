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
func fetch(
    _ url: URL, method: String = "GET", token: String? = nil, body: Data? = nil
) async throws -> (status: Int, headers: [String: String], body: Data) {
    var request = URLRequest(url: url)
    request.httpMethod = method
    if let token { request.setValue(token, forHTTPHeaderField: "X-Vernier-Token") }
    if let body {
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    }
    // A hang guard, not a speed check: in the parallel suite on two cores, synchronous tests can hold the
    // cooperative threads the server's handlers need for over a minute (seen with 10 s: four timeouts).
    request.timeoutInterval = 300
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
        let configuration = DashboardConfiguration(port: 0, allowsDelete: true)
        try await withDashboard(storage: storage, configuration: configuration) { (base: URL) async throws in
            let url = base.appendingPathComponent("api/studies/\(id)")
            #expect(try await fetch(url, method: "DELETE").status == 401)
            #expect(try await fetch(url, method: "DELETE", token: "0123").status == 401)
            #expect(try storage.study(named: "empty") != nil)
            #expect(try await fetch(url, method: "DELETE", token: configuration.writeToken).status == 200)
            #expect(try storage.study(named: "empty") == nil)
        }
    }

    /// The ask/tell API over HTTP, with the token, against a service that keeps each study's pruner.
    @Test func asksReportsAndTellsOverHTTP() async throws {
        let storage = InMemoryStorage()
        let service = FixedSpaceAskTell(storage: storage)
        let id = try service.study("http").id
        var configuration = DashboardConfiguration(port: 0)
        configuration.allowsAskTell = true
        let server = DashboardServer(storage: storage, configuration: configuration, askTell: service)
        let running = try await server.start()
        let base = URL(string: "http://127.0.0.1:\(running.port)/api/studies/\(id)")!
        let token = configuration.writeToken
        let refused = try await fetch(base.appendingPathComponent("ask"), method: "POST")
        let asked = try await fetch(base.appendingPathComponent("ask"), method: "POST", token: token)
        let report = try await fetch(
            base.appendingPathComponent("trials/0/report"), method: "POST", token: token,
            body: Data(#"{"step": 1, "value": 5}"#.utf8))
        let told = try await fetch(
            base.appendingPathComponent("trials/0/tell"), method: "POST", token: token,
            body: Data(#"{"state": "pruned"}"#.utf8))
        let again = try await fetch(
            base.appendingPathComponent("trials/0/tell"), method: "POST", token: token,
            body: Data(#"{"value": 1}"#.utf8))
        let malformed = try await fetch(
            base.appendingPathComponent("trials/0/report"), method: "POST", token: token, body: Data("{".utf8))
        let large = try await fetch(
            base.appendingPathComponent("ask"), method: "POST", token: token,
            body: Data(repeating: 0x20, count: DashboardRequest.maximumBodyBytes + 1))
        await running.stop()
        #expect(refused.status == 401)
        #expect(asked.status == 200, "\(String(decoding: asked.body, as: UTF8.self))")
        let trial = try JSONDecoder().decode(AskedTrial.self, from: asked.body)
        #expect(trial.trial == 0 && trial.parameters["x"] != nil)
        #expect(report.status == 200)
        let answer = try #require(try JSONSerialization.jsonObject(with: report.body) as? [String: Any])
        #expect(answer["prune"] as? Bool == true)
        #expect(told.status == 200, "\(String(decoding: told.body, as: UTF8.self))")
        #expect(String(decoding: told.body, as: UTF8.self).contains("pruned"))
        #expect(again.status == 409)
        #expect(malformed.status == 400)
        #expect(large.status == 413)
        #expect(try storage.trials(studyID: id, states: nil).map(\.state) == [.pruned])
    }
}

/// An ``AskTellService`` over studies with one float parameter `x` and a threshold pruner (values above 1 prune).
final class FixedSpaceAskTell: AskTellService {
    let storage: any Storage

    init(storage: any Storage) {
        self.storage = storage
    }

    func study(_ name: String) throws -> Study {
        try Study(
            name: name, direction: .minimize, storage: storage, sampler: RandomSampler(seed: 1),
            pruner: ThresholdPruner(upper: 1))
    }

    func ask(study name: String) throws -> AskedTrial? {
        let x = Distribution.float(try FloatDistribution(low: 0, high: 1))
        guard let trial = try study(name).ask(maxTrials: nil, fixedDistributions: ["x": x]) else { return nil }
        return AskedTrial(study: name, trial: trial.number, parameters: trial.parameters)
    }

    func report(study name: String, trial number: Int, step: Int, value: Double) throws -> Bool {
        try study(name).report(trialNumber: number, step: step, value: value)
    }

    func tell(
        study name: String, trial number: Int, state: TrialState, values: [Double]?, constraints: [Double]?
    ) throws -> FrozenTrial {
        let study = try study(name)
        try study.tell(trialNumber: number, state: state, values: values, constraints: constraints)
        return try study.trial(number: number)
    }
}
