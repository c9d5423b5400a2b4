import Foundation
import VernierTune

/// The recipe of a study as it is stored with the study (system attribute ``attributeKey``), versioned: what to
/// optimize and how. `vernier worker` and every later `vernier tune` of the study read it back, so a study is
/// continued from what it was created with, never from a replayed command line, and a run that asks for a
/// different recipe under the same name is refused with the fields that differ.
///
/// The budget (``trials``, ``timeout``) and ``fused`` belong to a run, not to the recipe: a later run may
/// raise the budget, and the stored spec then carries the new budget to the workers.
///
/// It is built from a study file and command-line options (``Overrides``, layered with
/// ``Overrides/merging(_:)`` and checked by ``validate()``) and run by ``StudyRunner``.
///
/// ```swift
/// var options = StudySpec.Overrides()
/// options.objective = "branin"
/// let spec = try options.resolved()
/// let summary = try StudyRunner(spec: spec, studyName: "branin-random").run(storage: InMemoryStorage())
/// ```
public struct StudySpec: Codable, Sendable, Equatable {
    /// The version this build writes. Version 1 (before command objectives) is read as well: it is version 2
    /// without ``command``; version 2 held one `metric` and one `direction`, read as one-element lists.
    public static let currentVersion = 3
    /// The versions this build reads.
    public static let readableVersions = 1...3
    /// The study system attribute holding the spec as JSON.
    public static let attributeKey = "study_spec"

    /// The format version of this spec.
    public var version = StudySpec.currentVersion
    /// The objective's registered name.
    public var objective: String
    /// Fixed settings of the objective, by setting key, typed by the objective's keys
    /// (``TunableObjective/settingKeys``); stored as their canonical text.
    public var settings: [String: SettingValue]
    /// The metrics optimized (several: a multi-objective study).
    public var metrics: [String]
    /// Minimize or maximize, one per metric.
    public var directions: [StudyDirection]
    /// Bounds on reported metrics, stored as each trial's constraints.
    public var constraints: [MetricConstraint]
    /// The sampler.
    public var sampler: SamplerKind
    /// TPE: draws scored per proposal.
    public var candidates: Int?
    /// TPE with several objectives: the good group's size and weights (`nil`: the sampler's default).
    public var goodGroup: MultiObjectiveGoodGroup?
    /// The pruner.
    public var pruner: PrunerSettings
    /// The search space.
    public var space: SearchSpace
    /// Explicit values per parameter (grid, sensitivity).
    public var values: [String: [ParameterValue]]
    /// Baseline values (sensitivity).
    public var baseline: [String: ParameterValue]
    /// Evaluations per configuration.
    public var repeats: Int
    /// Seed of the sampler and the objective.
    public var seed: UInt64
    /// Standard deviation of the noise added to every value.
    public var noise: Double
    /// Whether the chosen configuration is scored on the test set.
    public var test: Bool
    /// Whether trials with a fused plan train side by side as one fused group, each a `Trainer` run (a run's
    /// choice, not compared; stored as `fused`, specs that carry the older `vectorize` key instead are read with
    /// it).
    public var fused: Bool
    /// The study-wide trial budget (a run's choice, not compared).
    public var trials: Int?
    /// Seconds after which no new trial starts (a run's choice, not compared).
    public var timeout: Double?
    /// The program of a command study (``objective`` is then `command`); its log folder is a run's choice and not
    /// compared.
    public var command: CommandObjective?

    /// The stored fields (the budget and the fused choice are stored too, as the latest run's).
    enum CodingKeys: String, CodingKey {
        case version, objective, settings, metrics, directions, constraints, sampler, candidates, goodGroup, pruner
        case space
        case values, baseline, repeats, seed, noise, test, fused, trials, timeout, command
    }

    /// The recipe fields that differ from `other`, each as `field: stored → requested`; empty when the two
    /// describe the same study (budget, timeout and the fused choice are not compared).
    ///
    /// ```swift
    /// stored.differences(from: requested)   // ["objective: branin → sphere"]
    /// ```
    public func differences(from other: StudySpec) -> [String] {
        var result: [String] = []
        func compare<T: Equatable>(_ name: String, _ mine: T, _ theirs: T, _ show: (T) -> String) {
            if mine != theirs { result.append("\(name): \(show(mine)) → \(show(theirs))") }
        }
        func text<T: Encodable>(_ value: T) -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
        }
        compare("objective", objective, other.objective) { $0 }
        compare("command", command?.comparedRecipe, other.command?.comparedRecipe) { text($0) }
        compare("settings", settings, other.settings) { text($0) }
        compare("metric", metrics, other.metrics) { $0.joined(separator: ", ") }
        compare("direction", directions, other.directions) { $0.map(\.rawValue).joined(separator: ", ") }
        compare("constraints", constraints, other.constraints) { $0.map(\.description).joined(separator: ", ") }
        compare("sampler", sampler, other.sampler) { $0.rawValue }
        compare("candidates", candidates, other.candidates) { $0.map(String.init) ?? "default" }
        compare("good_group", goodGroup, other.goodGroup) { $0?.rawValue ?? "default" }
        compare("pruner", pruner, other.pruner) { text($0) }
        compare("parameters", space, other.space) { text($0.parameters.map(\.name)) + " " + text($0) }
        compare("values", values, other.values) { text($0) }
        compare("baseline", baseline, other.baseline) { text($0) }
        compare("repeats", repeats, other.repeats) { String($0) }
        compare("seed", seed, other.seed) { String($0) }
        compare("noise", noise, other.noise) { String($0) }
        compare("test", test, other.test) { String($0) }
        return result
    }

    /// The spec as stored (sorted-key JSON).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Reads a stored spec; throws ``StudySpecError/unreadable(study:reason:)`` for another version or bad JSON.
    public init(json text: String, study: String) throws {
        do {
            self = try JSONDecoder().decode(StudySpec.self, from: try Self.upgraded(Data(text.utf8)))
        } catch let error as StudySpecError {
            throw error
        } catch {
            throw StudySpecError.unreadable(study: study, reason: "\(error)")
        }
        guard Self.readableVersions.contains(version) else {
            throw StudySpecError.unreadable(
                study: study,
                reason: "spec version \(version); this Vernier reads versions \(Self.readableVersions.lowerBound)"
                    + "–\(Self.readableVersions.upperBound) (a newer Vernier wrote it: update this one)")
        }
        version = Self.currentVersion
    }

    /// The JSON of a version-1 or -2 spec with its one `metric` and `direction` as the lists of version 3 (and
    /// no constraints); other versions unchanged (``init(json:study:)`` checks the version after decoding).
    static func upgraded(_ data: Data) throws -> Data {
        guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let version = object["version"] as? Int, version < 3
        else { return data }
        if let metric = object.removeValue(forKey: "metric") { object["metrics"] = [metric] }
        if let direction = object.removeValue(forKey: "direction") { object["directions"] = [direction] }
        object["constraints"] = [Any]()
        return try JSONSerialization.data(withJSONObject: object)
    }

    /// A spec with every field at its default (random sampler, no pruner, one repeat, seed 0, the test set
    /// scored, fused, no budget, no constraints) for this objective, metric, direction and space
    /// (``Overrides/resolved()`` fills in the rest).
    init(
        objective: String, metric: String, direction: StudyDirection, space: SearchSpace, command: CommandObjective?
    ) {
        self.objective = objective
        self.settings = [:]
        self.metrics = [metric]
        self.directions = [direction]
        self.constraints = []
        self.sampler = .random
        self.pruner = PrunerSettings(kind: .none)
        self.space = space
        self.values = [:]
        self.baseline = [:]
        self.repeats = 1
        self.seed = 0
        self.noise = 0
        self.test = true
        self.fused = true
        self.command = command
    }
}

/// Why a stored study spec cannot be used.
///
/// ```swift
/// catch let error as StudySpecError { print(error) }
/// ```
public enum StudySpecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The study exists with another recipe; `differences` lists the fields (stored → requested).
    case mismatch(study: String, differences: [String])
    /// The stored spec is of another version or damaged.
    case unreadable(study: String, reason: String)
    /// The study has no stored spec (it was not created by `vernier tune`).
    case missing(study: String)

    /// A message naming the study and what to do.
    public var description: String {
        switch self {
        case .mismatch(let study, let differences):
            return "study '\(study)' already exists with another recipe:\n  "
                + differences.joined(separator: "\n  ")
                + "\nchoose another name with --study, or run it as it was created"
        case .unreadable(let study, let reason):
            return "the stored recipe of study '\(study)' cannot be read: \(reason)"
        case .missing(let study):
            return "study '\(study)' has no stored recipe (it was not started by `vernier tune`)"
        }
    }
}
