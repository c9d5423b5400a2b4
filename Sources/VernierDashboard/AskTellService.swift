import Foundation
import VernierTune

/// What the dashboard's ask/tell API (``DashboardHandler``, `POST /api/studies/{id}/ask` and the trial routes)
/// does to a study. The dashboard knows storage, not recipes: the `vernier` CLI supplies an implementation that
/// rebuilds each study from its stored recipe (sampler, pruner, search space), the same one `vernier ask` and
/// `vernier tell` use.
///
/// ```swift
/// let handler = DashboardHandler(storage: storage, configuration: configuration, askTell: service)
/// ```
public protocol AskTellService: Sendable {
    /// Starts a trial of the study `name` and returns its number and parameters; `nil` when the study has no trial
    /// left (budget or grid spent).
    func ask(study name: String) throws -> AskedTrial?
    /// Records an intermediate value of a running trial and returns whether the study's pruner would stop it.
    func report(study name: String, trial number: Int, step: Int, value: Double) throws -> Bool
    /// Finishes a running trial in `state` (`complete` needs one value per objective; `pruned` without values
    /// takes its last intermediate value), with the constraint values its objective reported (satisfied when
    /// ≤ 0), and returns it as stored.
    func tell(
        study name: String, trial number: Int, state: TrialState, values: [Double]?, constraints: [Double]?
    ) throws -> FrozenTrial
}

/// A trial started by ``AskTellService/ask(study:)``, as the API answers it.
public struct AskedTrial: Sendable, Equatable, Codable {
    /// The study's name.
    public var study: String
    /// The trial's number in the study.
    public var trial: Int
    /// The suggested parameters.
    public var parameters: [String: ParameterValue]

    /// Creates an answer.
    public init(study: String, trial: Int, parameters: [String: ParameterValue]) {
        self.study = study
        self.trial = trial
        self.parameters = parameters
    }
}

/// The answer to an intermediate value reported for a running trial (`vernier tell --step`, the `report` route).
public struct PruneAnswer: Sendable, Equatable, Codable {
    /// The study's name.
    public var study: String
    /// The trial's number in the study.
    public var trial: Int
    /// The step the value was reported at.
    public var step: Int
    /// Whether the study's pruner would stop the trial now.
    public var prune: Bool

    /// Creates an answer.
    public init(study: String, trial: Int, step: Int, prune: Bool) {
        self.study = study
        self.trial = trial
        self.step = step
        self.prune = prune
    }
}

/// A request as the handler sees it: method, path without the query, the write token header and the body.
///
/// ```swift
/// let request = DashboardRequest(method: "POST", path: "/api/studies/1/ask", token: token)
/// ```
public struct DashboardRequest: Sendable, Equatable {
    /// The HTTP method, any case.
    public var method: String
    /// The URL path without the query (`/api/studies/3`).
    public var path: String
    /// The `X-Vernier-Token` header (or the token of `Authorization: Bearer …`), if sent.
    public var token: String?
    /// The request body (JSON for the write routes).
    public var body: Data

    /// Creates a request.
    public init(method: String, path: String, token: String? = nil, body: Data = Data()) {
        self.method = method
        self.path = path
        self.token = token
        self.body = body
    }

    /// The largest body the dashboard reads (64 KiB); a larger one is refused with 413.
    public static let maximumBodyBytes = 64 << 10
}
