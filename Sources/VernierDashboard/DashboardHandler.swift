import Foundation
import VernierReports
import VernierTune

/// A response of the dashboard, independent of the HTTP server that sends it.
///
/// ```swift
/// let response = handler.handle(method: "GET", path: "/api/studies")
/// print(response.status, String(decoding: response.body, as: UTF8.self))
/// ```
public struct DashboardResponse: Sendable, Equatable {
    /// The HTTP status code.
    public var status: Int
    /// The `Content-Type` header.
    public var contentType: String
    /// The body.
    public var body: Data
    /// The `Content-Security-Policy` header: dashboard pages allow only their own script and style
    /// (``DashboardPages/contentSecurityPolicy``); the standalone report allows its inline ones.
    public var contentSecurityPolicy: String

    /// The body as UTF-8 text.
    ///
    /// ```swift
    /// print(response.text)
    /// ```
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// Creates a response.
    ///
    /// ```swift
    /// let response = DashboardResponse(status: 200, contentType: "text/plain", body: Data("ok".utf8))
    /// ```
    public init(
        status: Int, contentType: String, body: Data,
        contentSecurityPolicy: String = DashboardPages.contentSecurityPolicy
    ) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.contentSecurityPolicy = contentSecurityPolicy
    }

    static func html(_ text: String, status: Int = 200) -> DashboardResponse {
        DashboardResponse(status: status, contentType: "text/html; charset=utf-8", body: Data(text.utf8))
    }

    static func json(_ value: some Encodable, status: Int = 200) -> DashboardResponse {
        do {
            return DashboardResponse(
                status: status, contentType: "application/json; charset=utf-8", body: try DashboardData.encode(value))
        } catch {
            return .error(500, "could not encode the response: \(error)", api: true)
        }
    }

    static func error(_ status: Int, _ message: String, api: Bool) -> DashboardResponse {
        if api { return .json(["error": message], status: status) }
        return .html(DashboardPages.errorPage(status: status, message: message), status: status)
    }
}

/// Routes dashboard requests to pages and JSON over a storage. The HTTP server (``DashboardServer``) only
/// forwards method and path here, so every route can be tested without a socket.
///
/// Routes (studies are addressed by their storage id, so no name ever appears in a path):
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | `/` | HTML: every study with counts and best value |
/// | GET | `/studies/{id}` | HTML: plots, sortable and filterable trial table, live refresh |
/// | GET | `/studies/{id}/plots` | HTML fragment: the plots (what the study page reloads) |
/// | GET | `/studies/{id}/report.html` | the standalone study report |
/// | GET | `/studies/{id}/trials/{number}` | HTML: one trial (parameters, intermediate values, attributes) |
/// | GET | `/api/studies` | JSON: ``StudySummary`` per study |
/// | GET | `/api/studies/{id}` | JSON: ``StudyDetail`` |
/// | GET | `/api/studies/{id}/trials` | JSON: ``TrialSnapshot`` per trial |
/// | GET | `/api/studies/{id}/trials/{number}` | JSON: one ``TrialSnapshot`` |
/// | DELETE | `/api/studies/{id}` | deletes the study, only with ``DashboardConfiguration/allowsDelete`` |
/// | POST | `/api/studies/{id}/ask` | JSON ``AskedTrial``: starts a trial (``DashboardConfiguration/allowsAskTell``) |
/// | POST | `/api/studies/{id}/trials/{number}/report` | `{"step": 3, "value": 0.7}` → `{"prune": false, …}` |
/// | POST | `/api/studies/{id}/trials/{number}/tell` | `{"value": 0.9}`, `{"values": [0.9, 1200], "constraints": [-1]}` or `{"state": "pruned"}` → the trial |
/// | GET | `/static/dashboard.js`, `/static/dashboard.css` | the page script and style |
///
/// ```swift
/// let handler = DashboardHandler(storage: InMemoryStorage(), configuration: DashboardConfiguration())
/// let page = handler.handle(method: "GET", path: "/")
/// ```
public struct DashboardHandler: Sendable {
    /// Where the studies live.
    public let storage: any Storage
    /// Flags (delete allowed, refresh interval).
    public let configuration: DashboardConfiguration
    /// What the ask/tell routes do (`nil`: they answer 404).
    public let askTell: (any AskTellService)?

    /// Creates a handler.
    ///
    /// ```swift
    /// let handler = DashboardHandler(storage: storage, configuration: DashboardConfiguration(allowsDelete: true))
    /// ```
    public init(
        storage: any Storage, configuration: DashboardConfiguration = DashboardConfiguration(),
        askTell: (any AskTellService)? = nil
    ) {
        self.storage = storage
        self.configuration = configuration
        self.askTell = askTell
    }

    /// Answers a request without a token or body (reads). `path` is the URL path without the query
    /// (`/api/studies/3`).
    ///
    /// ```swift
    /// let response = handler.handle(method: "GET", path: "/api/studies")
    /// ```
    public func handle(method: String, path: String) -> DashboardResponse {
        handle(DashboardRequest(method: method, path: path))
    }

    /// Answers one request; writes (DELETE, POST) need the configuration's write token.
    ///
    /// ```swift
    /// let response = handler.handle(DashboardRequest(method: "POST", path: "/api/studies/1/ask", token: token))
    /// ```
    public func handle(_ request: DashboardRequest) -> DashboardResponse {
        let path = request.path
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let api = parts.first == "api"
        let method = request.method.uppercased()
        let readMethods = ["GET", "HEAD"]
        do {
            if method == "DELETE" || method == "POST" {
                return try write(request, method: method, parts: parts)
            }
            guard readMethods.contains(method) else {
                return .error(405, "method \(method) is not allowed here", api: api)
            }
            switch (parts.first, parts.count) {
            case (nil, _):
                return .html(
                    DashboardPages.index(studies: try DashboardData.studies(in: storage), storage: storage.url))
            case ("static", 2) where parts[1] == "dashboard.js":
                return DashboardResponse(
                    status: 200, contentType: "text/javascript; charset=utf-8", body: Data(DashboardPages.script.utf8))
            case ("static", 2) where parts[1] == "dashboard.css":
                return DashboardResponse(
                    status: 200, contentType: "text/css; charset=utf-8", body: Data(DashboardPages.style.utf8))
            case ("api", _):
                return try apiRoute(Array(parts.dropFirst()))
            case ("studies", 2...):
                return try pageRoute(Array(parts.dropFirst()))
            default:
                return .error(404, "no page at \(path)", api: false)
            }
        } catch let error as RouteError {
            return .error(error.status, error.message, api: api)
        } catch let error as StudyError {
            return .error(409, error.description, api: api)
        } catch StorageError.trialNumberNotFound(let study, let number) {
            return .error(404, "study '\(study)' has no trial number \(number)", api: api)
        } catch {
            return .error(500, "\(error)", api: api)
        }
    }

    struct RouteError: Error {
        var status: Int
        var message: String
    }

    func record(_ idText: String) throws -> StudyRecord {
        guard let id = Int64(idText) else { throw RouteError(status: 404, message: "no study with id \(idText)") }
        guard let record = try storage.allStudies().first(where: { $0.id == id }) else {
            throw RouteError(status: 404, message: "no study with id \(id) in \(storage.url)")
        }
        return record
    }

    private func trial(_ numberText: String, of record: StudyRecord) throws -> FrozenTrial {
        guard let number = Int(numberText),
            let trial = try storage.trials(studyID: record.id, states: nil).first(where: { $0.number == number })
        else {
            throw RouteError(status: 404, message: "study \(record.name) has no trial \(numberText)")
        }
        return trial
    }

    private func apiRoute(_ parts: [String]) throws -> DashboardResponse {
        guard parts.first == "studies" else { throw RouteError(status: 404, message: "unknown API path") }
        switch parts.count {
        case 1:
            return .json(try DashboardData.studies(in: storage))
        case 2:
            return .json(try DashboardData.detail(of: try record(parts[1]), in: storage))
        case 3 where parts[2] == "trials":
            let record = try record(parts[1])
            let trials = try storage.trials(studyID: record.id, states: nil).sorted { $0.number < $1.number }
            return .json(trials.map(TrialSnapshot.init))
        case 4 where parts[2] == "trials":
            let record = try record(parts[1])
            return .json(TrialSnapshot(try trial(parts[3], of: record)))
        default:
            throw RouteError(status: 404, message: "unknown API path")
        }
    }

    /// The objectives' names stored with a multi-objective study (``Study/setMetricNames(_:)``), if any.
    private func metricNames(_ record: StudyRecord) throws -> [String]? {
        guard record.directions.count > 1,
            case .array(let entries) = try storage.studyAttributes(studyID: record.id, kind: .system)[
                Study.metricNamesKey]
        else { return nil }
        return entries.compactMap(\.stringValue)
    }

    private func pageRoute(_ parts: [String]) throws -> DashboardResponse {
        let record = try record(parts[0])
        switch parts.count {
        case 1:
            let detail = try DashboardData.detail(of: record, in: storage)
            let trials = try storage.trials(studyID: record.id, states: nil)
            return .html(
                DashboardPages.study(
                    detail: detail,
                    plots: DashboardPages.plots(record: record, trials: trials, metricNames: try metricNames(record)),
                    configuration: configuration))
        case 2 where parts[1] == "plots":
            let trials = try storage.trials(studyID: record.id, states: nil)
            return .html(DashboardPages.plots(record: record, trials: trials, metricNames: try metricNames(record)))
        case 2 where parts[1] == "report.html":
            let trials = try storage.trials(studyID: record.id, states: nil)
            let page = DashboardPages.report(record: record, trials: trials, metricNames: try metricNames(record))
                .html()
            return DashboardResponse(
                status: 200, contentType: "text/html; charset=utf-8", body: Data(page.utf8),
                contentSecurityPolicy: DashboardPages.reportContentSecurityPolicy)
        case 3 where parts[1] == "trials":
            let trial = try trial(parts[2], of: record)
            return .html(DashboardPages.trial(trial, study: record, configuration: configuration))
        default:
            throw RouteError(status: 404, message: "no page here")
        }
    }
}
