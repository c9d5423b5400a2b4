import VernierRandom

/// Evaluates every point of a grid exactly once: the full Cartesian product of a ``SearchSpace``, or an explicit
/// list of points.
///
/// The points are enqueued **through storage** once per study and claimed atomically, so a resumed study and
/// several processes sharing a storage never repeat a point, and the study ends when every point is claimed.
/// A parameter the objective suggests outside the grid is drawn at random (seeded), as in a random search.
///
/// ```swift
/// let space = try SearchSpace([
///     ParameterSpec(name: "width", distribution: .int(try IntDistribution(low: 8, high: 32, step: 8))),
///     ParameterSpec(name: "activation", distribution: .categorical(try CategoricalDistribution(choices: ["relu", "tanh"]))),
/// ])
/// let study = try Study(name: "grid", direction: .maximize, storage: InMemoryStorage(),
///                       sampler: try GridSampler(space: space))
/// try study.optimize { trial in Double(try trial.suggestInt("width", in: 8...32, step: 8)) }   // 8 trials
/// ```
public struct GridSampler: RandomFallbackSampler {
    /// The points in evaluation order.
    public let points: [[String: ParameterValue]]
    /// Seed of the random draws for parameters outside the grid.
    public let seed: UInt64

    /// A grid over the Cartesian product of `space` (continuous floats need `values`), optionally shuffled with
    /// `shuffleSeed`.
    ///
    /// ```swift
    /// let sampler = try GridSampler(space: space, values: ["lr": [0.01, 0.1]], shuffleSeed: 3)
    /// ```
    public init(space: SearchSpace, values: [String: [ParameterValue]] = [:], shuffleSeed: UInt64? = nil) throws {
        var points = try space.gridPoints(values: values)
        if let shuffleSeed {
            var generator = Xoshiro256(seed: shuffleSeed)
            points.deterministicShuffle(using: &generator)
        }
        self.init(points: points, seed: shuffleSeed ?? 0)
    }

    /// A grid given as an explicit list of points.
    ///
    /// ```swift
    /// let sampler = GridSampler(points: [["lr": 0.1, "width": 8], ["lr": 0.01, "width": 32]])
    /// ```
    public init(points: [[String: ParameterValue]], seed: UInt64 = 0) {
        precondition(!points.isEmpty, "GridSampler needs at least one point")
        self.points = points
        self.seed = seed
    }

    /// Every point, with its index as the system attribute `grid_index`.
    public func pointList(study: Study) throws -> [TrialTemplate]? {
        points.enumerated().map { index, point in
            TrialTemplate(parameters: point, systemAttributes: ["grid_index": .int(index)])
        }
    }

    /// `"grid"`.
    public var pointListKey: String { "grid" }
}
