import Foundation
import VernierTune

/// One row of `GET /api/studies`: a study with its trial counts and best value.
///
/// ```swift
/// let summaries = try DashboardData.studies(in: storage)
/// print(summaries.map(\.name))
/// ```
public struct StudySummary: Sendable, Codable, Equatable {
    /// The storage's id of the study (used in URLs, so names need no escaping in paths).
    public var id: Int64
    /// The study's name.
    public var name: String
    /// `minimize` or `maximize`.
    public var direction: String
    /// How many trials the study holds.
    public var trials: Int
    /// Trials per state (`complete`, `pruned`, `failed`, `running`, `waiting`), states with none left out.
    public var states: [String: Int]
    /// The best finite value of a complete trial.
    public var bestValue: Double?
    /// The number of the (first) best trial.
    public var bestTrial: Int?
    /// The latest start or completion time of any trial, seconds since 1970 (what the page polls for).
    public var lastUpdate: Double?

    /// Creates a summary.
    ///
    /// ```swift
    /// let summary = StudySummary(id: 1, name: "demo", direction: "minimize", trials: 0, states: [:])
    /// ```
    public init(
        id: Int64, name: String, direction: String, trials: Int, states: [String: Int], bestValue: Double? = nil,
        bestTrial: Int? = nil, lastUpdate: Double? = nil
    ) {
        self.id = id
        self.name = name
        self.direction = direction
        self.trials = trials
        self.states = states
        self.bestValue = bestValue
        self.bestTrial = bestTrial
        self.lastUpdate = lastUpdate
    }
}

/// `GET /api/studies/{id}`: the summary and every trial, by number.
///
/// ```swift
/// let detail = try DashboardData.detail(of: record, in: storage)
/// print(detail.trials.count)
/// ```
public struct StudyDetail: Sendable, Codable, Equatable {
    /// Counts and best value.
    public var summary: StudySummary
    /// Every trial, by number.
    public var trials: [TrialSnapshot]
}

/// Reads studies from a storage into the API's structs, and encodes them as JSON.
///
/// ```swift
/// let data = try DashboardData.encode(try DashboardData.studies(in: storage))
/// ```
public enum DashboardData {
    /// A summary per study, by name.
    ///
    /// ```swift
    /// let summaries = try DashboardData.studies(in: InMemoryStorage())   // []
    /// ```
    public static func studies(in storage: any Storage) throws -> [StudySummary] {
        try storage.allStudies().sorted { $0.name < $1.name }.map { record in
            summary(of: record, trials: try storage.trials(studyID: record.id, states: nil))
        }
    }

    /// The summary and trials of one study.
    ///
    /// ```swift
    /// let detail = try DashboardData.detail(of: try storage.requireStudy(named: "demo"), in: storage)
    /// ```
    public static func detail(of record: StudyRecord, in storage: any Storage) throws -> StudyDetail {
        let trials = try storage.trials(studyID: record.id, states: nil).sorted { $0.number < $1.number }
        return StudyDetail(summary: summary(of: record, trials: trials), trials: trials.map(TrialSnapshot.init))
    }

    /// Counts, best value and last update of a study's trials.
    ///
    /// ```swift
    /// let summary = DashboardData.summary(of: record, trials: trials)
    /// ```
    public static func summary(of record: StudyRecord, trials: [FrozenTrial]) -> StudySummary {
        var states: [String: Int] = [:]
        for trial in trials { states[trial.state.rawValue, default: 0] += 1 }
        let finite = trials.filter { $0.state == .complete && ($0.value?.isFinite ?? false) }
            .sorted { $0.number < $1.number }
        // One objective: the best feasible value (feasibility ranks first); several: no single best.
        let first =
            record.directions.count == 1
            ? ParetoAnalysis(trials: finite, directions: record.directions).front.first : nil
        let best = first?.value
        let bestTrial = first?.number
        let dates = trials.flatMap { [$0.startDate, $0.completeDate].compactMap { $0?.timeIntervalSince1970 } }
        return StudySummary(
            id: record.id, name: record.name, direction: record.directions.map(\.rawValue).joined(separator: ", "),
            trials: trials.count,
            states: states, bestValue: best, bestTrial: bestTrial, lastUpdate: dates.max())
    }

    /// Compact JSON with sorted keys; NaN and infinities become the strings `nan`, `inf`, `-inf` (the encoder of
    /// ``StudySnapshot``).
    ///
    /// ```swift
    /// let data = try DashboardData.encode(summary)
    /// ```
    public static func encode(_ value: some Encodable) throws -> Data {
        try StudySnapshot.jsonEncoder(pretty: false).encode(value)
    }
}
