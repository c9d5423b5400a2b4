import Foundation
import Synchronization
import VernierTune

/// Something `vernier tune <name>` can optimize: a name, a default search space and direction, and an evaluation
/// of one configuration (optionally also on a held-out test set).
///
/// Built in: the test functions `branin`, `hartmann6`, `rosenbrock`, `sphere`, and the experiments `spirals`,
/// `iris`, `cubic`, `csv`, `fashion-mnist` and `mnist` (``ExperimentTuning``). Add more with
/// ``TunableObjectiveRegistry/register(_:)``. A study file's program (``CommandObjective``) becomes one too, named
/// `command`, without being registered.
///
/// ```swift
/// TunableObjectiveRegistry.register(
///     TunableObjective(name: "parabola", summary: "(x − 1)²", direction: .minimize, metric: "value",
///                      searchSpace: try SearchSpace([ParameterSpec(name: "x", distribution: .float(try FloatDistribution(low: -3, high: 3)))])) {
///         _, parameters, _ in let x = parameters["x"]!.doubleValue!; return [(x - 1) * (x - 1)]
///     })
/// ```
public struct TunableObjective: Sendable {
    /// Evaluates one configuration; gets the running trial (to report intermediate values and prune), the
    /// parameters, and a seed for its randomness (differs per repeat). Returns one value per ``metrics`` name,
    /// in order.
    public typealias Evaluation = @Sendable (Trial, [String: ParameterValue], UInt64) throws -> [Double]
    /// Evaluates a configuration on the test set (never used to choose).
    public typealias TestEvaluation = @Sendable ([String: ParameterValue], UInt64) throws -> Double

    /// The name used on the command line.
    public var name: String
    /// One line for `--help` and listings.
    public var summary: String
    /// The default direction (of the default metric).
    public var direction: StudyDirection
    /// The names of the values ``evaluate`` returns, in order (e.g. `[val_accuracy]`, or
    /// `[val_accuracy, parameters]` for a multi-objective study or one with constraints on metrics).
    public var metrics: [String]
    /// The first metric's name (e.g. `val_accuracy`).
    public var metric: String { metrics[0] }
    /// The default search space.
    public var searchSpace: SearchSpace
    /// The evaluation.
    public var evaluate: Evaluation
    /// The test-set evaluation, if the objective has a test set.
    public var evaluateTest: TestEvaluation?
    /// Returns this objective with fixed typed settings (a study file's `set:`, `vernier tune --set`, read by
    /// ``settingKeys``) and optionally other metrics; `nil` when the objective takes no settings. Throws when a key
    /// or value is invalid.
    public var applySettings: (@Sendable ([String: SettingValue], [String]?) throws -> TunableObjective)?
    /// The settings this objective takes (the built-in experiments: their keys); empty when it takes none.
    /// ``StudySpec`` reads and checks its fixed settings with them.
    public var settingKeys: [ExperimentKey] = []
    /// The default baseline of a sensitivity study (parameters missing here take the middle of their sweep).
    public var baseline: [String: ParameterValue] = [:]
    /// A faster evaluation of the same configurations (the built-in experiments: trials the fused MLP step
    /// trains run as a group, each a ``Trainer`` run scheduled over the cores), which ``StudyRunner`` uses unless the spec's
    /// ``StudySpec/fused`` is off; `nil` when there is none.
    public var fusedGroup: FusedGroupEvaluation?
    /// The epochs one evaluation trains when the search space does not choose them (the built-in experiments:
    /// their `epochs` setting); `nil` for objectives without epochs. ``StudyPlan/epochBudget`` gives it to
    /// a successive-halving or Hyperband pruner that has no `max_epochs`.
    public var epochBudget: Int?
    /// The setting a search parameter of this name sets (the built-in experiments: `batch_size` → `batch-size`),
    /// or `nil` when the objective has no such setting; `nil` itself for objectives whose parameters are exactly
    /// those of ``searchSpace`` (the test functions). ``StudySpec/validate()`` uses it.
    public var parameterKey: (@Sendable (String) -> String?)?
    /// The metrics this objective can be asked to optimize (the built-in experiments: `train_`/`val_` with `loss`,
    /// `accuracy`, `mse`, `mae`, and `parameters`, `train_seconds`); `nil` when only ``metrics`` exist.
    /// ``StudySpec/validate()`` uses it.
    public var metricNames: Set<String>?

    /// Creates an objective of one metric (``metrics`` is `[metric]`; set it for more).
    ///
    /// ```swift
    /// let objective = TunableObjective(name: "f", summary: "f", direction: .minimize, metric: "value",
    ///                                  searchSpace: space) { _, parameters, _ in [0] }
    /// ```
    public init(
        name: String, summary: String, direction: StudyDirection, metric: String, searchSpace: SearchSpace,
        evaluateTest: TestEvaluation? = nil, evaluate: @escaping Evaluation
    ) {
        self.name = name
        self.summary = summary
        self.direction = direction
        self.metrics = [metric]
        self.searchSpace = searchSpace
        self.evaluate = evaluate
        self.evaluateTest = evaluateTest
    }

    /// The objective of a test function (variables `x0`, `x1`, …).
    ///
    /// ```swift
    /// let branin = TunableObjective.testFunction(.branin)
    /// ```
    public static func testFunction(_ function: TestFunction) -> TunableObjective {
        TunableObjective(
            name: function.rawValue,
            summary: "\(function.rawValue) test function (\(function.dimension)-D, minimum "
                + "\(ParameterValue.format(function.minimum)))",
            direction: .minimize, metric: "value", searchSpace: function.searchSpace
        ) { _, parameters, _ in
            [function.evaluate((0..<function.dimension).map { index in parameters["x\(index)"]?.doubleValue ?? 0 })]
        }
    }
}

/// The fast path of an objective: one trial at a time (pruning works as with ``TunableObjective/evaluate``), or
/// many evaluations at once so the configurations that have a fused plan train side by side as one group.
///
/// ```swift
/// let fast = TunableObjectiveRegistry.objective(named: "spirals")!.fusedGroup!
/// let value = try fast.single(trial, parameters, 0)
/// ```
public struct FusedGroupEvaluation: Sendable {
    /// Evaluates many (trial, repeat) pairs with their parameters and seeds; returns one result per
    /// evaluation, or `nil` where the configuration has no fast path (the caller then uses the plain evaluation).
    public typealias Batch =
        @Sendable ([TrialEvaluation], [[String: ParameterValue]], [UInt64]) throws -> [Result<[Double], any Error>?]

    /// One trial, as ``TunableObjective/Evaluation``.
    public var single: TunableObjective.Evaluation
    /// Many evaluations at once.
    public var batch: Batch

    /// Creates a fast path.
    public init(single: @escaping TunableObjective.Evaluation, batch: @escaping Batch) {
        self.single = single
        self.batch = batch
    }
}

/// The table of objectives `vernier tune` knows, by name.
///
/// ```swift
/// let objective = TunableObjectiveRegistry.objective(named: "branin")
/// ```
public enum TunableObjectiveRegistry {
    static let table = Mutex<[String: TunableObjective]>(
        Dictionary(
            uniqueKeysWithValues: TestFunction.allCases.map { ($0.rawValue, TunableObjective.testFunction($0)) }
                + ExperimentTuning.builtInObjectives.map { ($0.name, $0) }))

    /// Adds (or replaces) an objective.
    ///
    /// ```swift
    /// TunableObjectiveRegistry.register(myObjective)
    /// ```
    public static func register(_ objective: TunableObjective) {
        table.withLock { $0[objective.name] = objective }
    }

    /// The objective with this name, if any.
    ///
    /// ```swift
    /// TunableObjectiveRegistry.objective(named: "sphere")?.direction   // .minimize
    /// ```
    public static func objective(named name: String) -> TunableObjective? {
        if name == TunableObjective.externalName { return .external }
        return table.withLock { $0[name] }
    }

    /// Every objective, sorted by name.
    ///
    /// ```swift
    /// TunableObjectiveRegistry.all.map(\.name)   // ["branin", "cubic", "fashion-mnist", "hartmann6", …]
    /// ```
    public static var all: [TunableObjective] {
        table.withLock { $0.values.sorted { $0.name < $1.name } }
    }
}
