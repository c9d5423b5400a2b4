import Foundation
import Testing
import VernierTune

@testable import VernierDashboard

@Suite struct DashboardHandlerTests {
    let storage: InMemoryStorage
    let handler: DashboardHandler

    init() throws {
        storage = try DashboardFixtures.storage()
        handler = DashboardHandler(storage: storage)
    }

    @Test func studiesAPIListsCountsAndBest() throws {
        let response = handler.handle(method: "GET", path: "/api/studies")
        #expect(response.status == 200)
        #expect(response.contentType.hasPrefix("application/json"))
        let studies = try JSONDecoder().decode([StudySummary].self, from: response.body)
        #expect(studies.map(\.name) == [DashboardFixtures.hostileName, "branin-demo", "empty"])
        let branin = try #require(studies.first { $0.name == "branin-demo" })
        #expect(branin.trials == 6)
        #expect(branin.states == ["complete": 3, "pruned": 1, "failed": 1, "running": 1])
        #expect(branin.bestValue != nil)
        let hostile = try #require(studies.first { $0.name == DashboardFixtures.hostileName })
        #expect(hostile.bestValue == 2)
        #expect(hostile.bestTrial == 1)
        let empty = try #require(studies.first { $0.name == "empty" })
        #expect(empty.trials == 0 && empty.bestValue == nil)
    }

    @Test func studyDetailAndTrialAPI() throws {
        let id = try DashboardFixtures.id(of: "branin-demo", in: storage)
        let detail = try JSONDecoder().decode(
            StudyDetail.self, from: handler.handle(method: "GET", path: "/api/studies/\(id)").body)
        #expect(detail.trials.map { $0.number } == [0, 1, 2, 3, 4, 5])
        #expect(detail.trials[3].state == .pruned)
        #expect(detail.trials[4].failReason == "diverged")
        let response = handler.handle(method: "GET", path: "/api/studies/\(id)/trials/2")
        #expect(response.status == 200)
        let trial = try JSONDecoder().decode(TrialSnapshot.self, from: response.body)
        #expect(trial.number == 2)
        #expect(trial.intermediateValues.map { $0.step } == [1, 2, 3])
        #expect(Set(trial.parameters.keys) == ["x", "lr", "optimizer"])
        #expect(trial.systemAttributes[.workerID] == .string("a"))
        let all = try JSONDecoder().decode(
            [TrialSnapshot].self, from: handler.handle(method: "GET", path: "/api/studies/\(id)/trials").body)
        #expect(all.count == 6)
    }

    @Test func unknownPathsAndStudiesAre404() {
        #expect(handler.handle(method: "GET", path: "/api/studies/999").status == 404)
        #expect(handler.handle(method: "GET", path: "/api/studies/abc").status == 404)
        #expect(handler.handle(method: "GET", path: "/studies/999").status == 404)
        #expect(handler.handle(method: "GET", path: "/nothing").status == 404)
        let missingTrial = handler.handle(method: "GET", path: "/api/studies/1/trials/77")
        #expect(missingTrial.status == 404)
        #expect(missingTrial.text.contains("error"))
    }

    @Test func readOnlyUnlessDeleteIsAllowed() throws {
        let id = try DashboardFixtures.id(of: "empty", in: storage)
        #expect(handler.handle(method: "POST", path: "/api/studies").status == 405)
        #expect(handler.handle(method: "POST", path: "/api/studies/\(id)/ask").status == 403)
        #expect(handler.handle(method: "PUT", path: "/api/studies/\(id)").status == 405)
        #expect(handler.handle(method: "DELETE", path: "/api/studies/\(id)").status == 403)
        #expect(try storage.study(named: "empty") != nil)
        let configuration = DashboardConfiguration(allowsDelete: true)
        let writable = DashboardHandler(storage: storage, configuration: configuration)
        let path = "/api/studies/\(id)"
        // Every write needs the token; a wrong one of the same length is refused too.
        #expect(writable.handle(method: "DELETE", path: path).status == 401)
        let forged = String(configuration.writeToken.reversed())
        #expect(writable.handle(DashboardRequest(method: "DELETE", path: path, token: forged)).status == 401)
        #expect(try storage.study(named: "empty") != nil)
        let token = configuration.writeToken
        #expect(writable.handle(DashboardRequest(method: "DELETE", path: path, token: token)).status == 200)
        #expect(try storage.study(named: "empty") == nil)
        #expect(writable.handle(DashboardRequest(method: "DELETE", path: path, token: token)).status == 404)
        // Ask/tell is off unless asked for, even with the token.
        #expect(
            writable.handle(DashboardRequest(method: "POST", path: "/api/studies/1/ask", token: token)).status == 403)
        let page = writable.handle(method: "GET", path: "/studies/1").text
        #expect(page.contains("id=\"delete\"") && page.contains("data-token=\"\(token)\""))
        #expect(!handler.handle(method: "GET", path: "/studies/1").text.contains("id=\"delete\""))
    }

    @Test func pagesRenderPlotsTableAndTrial() throws {
        let id = try DashboardFixtures.id(of: "branin-demo", in: storage)
        let page = handler.handle(method: "GET", path: "/studies/\(id)")
        #expect(page.status == 200)
        #expect(page.contentType.hasPrefix("text/html"))
        let html = page.text
        for expected in [
            "id=\"plots\"", "<svg", "Optimization history", "Intermediate values", "Timeline", "id=\"trials\"",
            "id=\"state-filter\"", "data-key=\"p:lr\"", "/static/dashboard.js", "data-study=\"\(id)\"",
        ] {
            #expect(html.contains(expected), "study page lacks \(expected)")
        }
        #expect(!html.contains("All trials"))
        let plots = handler.handle(method: "GET", path: "/studies/\(id)/plots").text
        #expect(plots.hasPrefix("<section"))
        #expect(plots.contains("Slice: lr"))
        let trial = handler.handle(method: "GET", path: "/studies/\(id)/trials/3").text
        #expect(trial.contains("state: pruned"))
        #expect(trial.contains("Intermediate values"))
        #expect(trial.contains("<svg"))
        let running = handler.handle(method: "GET", path: "/studies/\(id)/trials/5").text
        #expect(running.contains("data-live=\"true\""))
        let report = handler.handle(method: "GET", path: "/studies/\(id)/report.html")
        #expect(report.text.contains("All trials"))
        #expect(report.contentSecurityPolicy.contains("'unsafe-inline'"))
        #expect(!page.contentSecurityPolicy.contains("unsafe"))
        let index = handler.handle(method: "GET", path: "/").text
        #expect(index.contains("href=\"/studies/\(id)\""))
        #expect(handler.handle(method: "GET", path: "/static/dashboard.js").contentType.hasPrefix("text/javascript"))
        #expect(handler.handle(method: "GET", path: "/static/dashboard.css").text.contains("#trials"))
    }

    @Test func emptyStudyPageHasNoPlotsButWorks() throws {
        let id = try DashboardFixtures.id(of: "empty", in: storage)
        let page = handler.handle(method: "GET", path: "/studies/\(id)")
        #expect(page.status == 200)
        #expect(page.text.contains("No complete trial"))
        #expect(page.text.contains("0 of 0 trials"))
    }

    @Test func hostileNamesRenderAsText() throws {
        let id = try DashboardFixtures.id(of: DashboardFixtures.hostileName, in: storage)
        let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
        for path in [
            "/", "/studies/\(id)", "/studies/\(id)/plots", "/studies/\(id)/trials/0", "/studies/\(id)/report.html",
        ] {
            let text = handler.handle(method: "GET", path: path).text
            #expect(!text.contains(DashboardFixtures.hostileName), "raw name in \(path)")
            #expect(!text.contains("<script>alert"), "raw script in \(path)")
            #expect(text.contains(escaped), "escaped name missing in \(path)")
        }
        // JSON carries the name as data; the page script only ever sets it with textContent.
        let json = handler.handle(method: "GET", path: "/api/studies/\(id)").text
        #expect(json.contains("alert(1)"))
        #expect(!DashboardPages.script.contains("innerHTML=d") && DashboardPages.script.contains("textContent"))
    }
}
