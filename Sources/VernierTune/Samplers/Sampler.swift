/// Chooses parameter values for trials, one parameter at a time ("independent sampling").
///
/// A sampler sees the study (``Study/trials(states:)`` gives every stored trial, including running ones, so a
/// constant-liar strategy can account for work in progress) and returns the **internal** value of the
/// parameter (see ``Distribution``). Samplers must be deterministic given their seed and the study's trials,
/// and must keep any state that has to survive a restart in storage (trial or study system attributes), not only
/// in memory. Hooks default to no-ops.
///
/// ```swift
/// struct MidpointSampler: Sampler {
///     func sampleIndependent(
///         study: Study, trial: FrozenTrial, name: String, distribution: Distribution
///     ) throws -> Double {
///         distribution.internalValue(fromUnit: 0.5)
///     }
/// }
/// let study = try Study(name: "mid", direction: .minimize, storage: InMemoryStorage(), sampler: MidpointSampler())
/// ```
public protocol Sampler: Sendable {
    /// Returns the internal value of parameter `name` for `trial`; the value must satisfy
    /// `distribution.containsInternal(_:)`.
    func sampleIndependent(
        study: Study, trial: FrozenTrial, name: String, distribution: Distribution
    ) throws
        -> Double
    /// Called when a trial starts running, before the objective. Default: nothing.
    func beforeTrial(study: Study, trial: FrozenTrial) throws
    /// Called after a trial finished with `state` and, when complete (or pruned with a value), its `values` (one
    /// per objective of the study). `trial` is the snapshot the trial was claimed with, except that its
    /// ``FrozenTrial/state``, ``FrozenTrial/values`` and ``FrozenTrial/constraints`` are the finished ones (no
    /// read-back from storage). Default: nothing.
    func afterTrial(study: Study, trial: FrozenTrial, state: TrialState, values: [Double]?) throws
    /// The fixed list of points this sampler evaluates, if it has one (grid, one-at-a-time). When non-`nil`, the
    /// study enqueues the points through storage exactly once (``Storage/enqueueTrials(studyID:templates:onceKey:)``
    /// with ``pointListKey``), claims them one by one, and ends when none is left. Default: `nil`.
    func pointList(study: Study) throws -> [TrialTemplate]?
    /// The key that identifies this sampler's point list in storage. Default: `"points"`.
    var pointListKey: String { get }
    /// Whether the sampler can serve a study with several objectives (it then reads ``FrozenTrial/values`` and
    /// ``FrozenTrial/constraints``, never ``FrozenTrial/value``). ``Study`` refuses a multi-objective study a
    /// sampler that says `false`. Default: `true` (samplers that ignore values, e.g. random, Sobol, grid).
    var supportsSeveralObjectives: Bool { get }
}

extension Sampler {
    /// Does nothing.
    public func beforeTrial(study: Study, trial: FrozenTrial) throws {}
    /// Does nothing.
    public func afterTrial(study: Study, trial: FrozenTrial, state: TrialState, values: [Double]?) throws {}
    /// No fixed point list.
    public func pointList(study: Study) throws -> [TrialTemplate]? { nil }
    /// `"points"`.
    public var pointListKey: String { "points" }
    /// `true`: a sampler that learns from values says otherwise unless it handles several objectives.
    public var supportsSeveralObjectives: Bool { true }
}

/// A sampler that draws several parameters jointly ("relative sampling"), e.g. a Gaussian process or a
/// multivariate TPE, Sobol points.
///
/// At the start of each trial the study asks for the relative search space (usually inferred from completed
/// trials, see ``Study/intersectionSearchSpace(includingRunning:)``), then for joint values over it. Parameters
/// the objective suggests outside that space, or with another distribution, fall back to
/// ``Sampler/sampleIndependent(study:trial:name:distribution:)``.
///
/// ```swift
/// struct JointMidpoint: RelativeSampler {
///     func inferRelativeSearchSpace(study: Study, trial: FrozenTrial) throws -> [String: Distribution] {
///         try study.intersectionSearchSpace()
///     }
///     func sampleRelative(study: Study, trial: FrozenTrial, searchSpace: [String: Distribution]) throws
///         -> [String: Double]
///     {
///         searchSpace.mapValues { $0.internalValue(fromUnit: 0.5) }
///     }
///     func sampleIndependent(study: Study, trial: FrozenTrial, name: String, distribution: Distribution) throws
///         -> Double
///     { distribution.internalValue(fromUnit: 0.5) }
/// }
/// ```
public protocol RelativeSampler: Sampler {
    /// The parameters to sample jointly for `trial` (may be empty, e.g. before enough trials completed).
    func inferRelativeSearchSpace(study: Study, trial: FrozenTrial) throws -> [String: Distribution]
    /// Internal values for the parameters of `searchSpace` (a subset is allowed).
    func sampleRelative(
        study: Study, trial: FrozenTrial, searchSpace: [String: Distribution]
    ) throws
        -> [String: Double]
}
