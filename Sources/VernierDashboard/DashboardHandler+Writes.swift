import Foundation
import VernierTune

extension DashboardHandler {
    /// DELETE and POST: checks the write token, then deletes a study or runs an ask/tell route.
    func write(_ request: DashboardRequest, method: String, parts: [String]) throws -> DashboardResponse {
        let api = parts.first == "api"
        guard api, parts.count >= 3, parts[1] == "studies" else {
            return .error(405, "\(method) is only accepted on /api/studies/…", api: api)
        }
        guard configuration.allowsDelete || configuration.allowsAskTell else {
            return .error(
                403, "the dashboard is read-only; start it with --allow-delete or --allow-ask-tell", api: true)
        }
        guard let token = request.token, Self.constantTimeEqual(token, configuration.writeToken) else {
            return .error(
                401, "writes need the token `vernier dashboard` printed, in an X-Vernier-Token header", api: true)
        }
        let record = try record(parts[2])
        switch (method, parts.count) {
        case ("DELETE", 3):
            guard configuration.allowsDelete else {
                return .error(403, "deleting is disabled; start the dashboard with --allow-delete", api: true)
            }
            try storage.deleteStudy(id: record.id)
            return .json(["deleted": record.name])
        case ("POST", 4) where parts[3] == "ask":
            let service = try askTellService()
            guard let asked = try service.ask(study: record.name) else {
                return .error(409, "study '\(record.name)' has no trial left (its budget or grid is spent)", api: true)
            }
            return .json(asked)
        case ("POST", 6) where parts[3] == "trials" && parts[5] == "report":
            let service = try askTellService()
            let number = try trialNumber(parts[4])
            let report = try decode(ReportBody.self, from: request.body)
            guard report.step >= 0 else { throw RouteError(status: 400, message: "step must be ≥ 0") }
            let prune = try service.report(study: record.name, trial: number, step: report.step, value: report.value)
            return .json(PruneAnswer(study: record.name, trial: number, step: report.step, prune: prune))
        case ("POST", 6) where parts[3] == "trials" && parts[5] == "tell":
            let service = try askTellService()
            let number = try trialNumber(parts[4])
            let tell = try decode(TellBody.self, from: request.body)
            let state: TrialState
            switch tell.state ?? "complete" {
            case "complete": state = .complete
            case "pruned": state = .pruned
            case "failed": state = .failed
            default: throw RouteError(status: 400, message: "state must be complete, pruned or failed")
            }
            if tell.value != nil && tell.values != nil {
                throw RouteError(status: 400, message: "give value or values, not both")
            }
            let values = tell.values ?? tell.value.map { [$0] }
            if state == .complete && values == nil {
                throw RouteError(status: 400, message: "a complete trial needs a value (or values)")
            }
            let stored = try service.tell(
                study: record.name, trial: number, state: state, values: values, constraints: tell.constraints)
            return .json(TrialSnapshot(stored))
        default:
            return .error(404, "no \(method) route at /\(parts.joined(separator: "/"))", api: true)
        }
    }

    private func askTellService() throws -> any AskTellService {
        guard configuration.allowsAskTell, let askTell else {
            throw RouteError(status: 403, message: "ask/tell is disabled; start the dashboard with --allow-ask-tell")
        }
        return askTell
    }

    private func trialNumber(_ text: String) throws -> Int {
        guard let number = Int(text), number >= 0 else {
            throw RouteError(status: 404, message: "no trial number \(text)")
        }
        return number
    }

    private func decode<T: Decodable>(_ type: T.Type, from body: Data) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: body)
        } catch {
            throw RouteError(status: 400, message: "the body is not the expected JSON: \(error)")
        }
    }

    /// Compares the tokens without stopping at the first differing byte.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// `{"step": 3, "value": 0.71}`.
    struct ReportBody: Decodable {
        var step: Int
        var value: Double
    }

    /// `{"value": 0.93}`, `{"values": [0.93, 1200], "constraints": [-1]}`, `{"state": "pruned"}` or
    /// `{"state": "failed"}`.
    struct TellBody: Decodable {
        var value: Double?
        var values: [Double]?
        var constraints: [Double]?
        var state: String?
    }
}
