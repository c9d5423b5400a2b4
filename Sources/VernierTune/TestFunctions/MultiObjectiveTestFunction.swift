import Foundation

/// Classic multi-objective test functions with known Pareto fronts, for tests and the sampler benchmarks. Every
/// variable lies in [0, 1] and every objective is minimized.
///
/// - `zdt1`: 10 variables, 2 objectives, convex front f₂ = 1 − √f₁ at x₁…x₉ = 0 (Zitzler, Deb & Thiele, 2000).
/// - `zdt2`: 10 variables, 2 objectives, concave front f₂ = 1 − f₁² at x₁…x₉ = 0 (same paper).
/// - `dtlz2`: 12 variables, 3 objectives, front the positive octant of the unit sphere at x₂…x₁₁ = ½ (Deb, Thiele,
///   Laumanns & Zitzler, 2002).
///
/// With g the distance term (ZDT: g = 1 + 9 Σᵢ₌₁ xᵢ / (n − 1); DTLZ2: g = Σᵢ₌₂ (xᵢ − ½)²), a point is
/// Pareto-optimal exactly when g is at its minimum.
///
/// ```swift
/// let study = try Study(
///     name: "zdt1", directions: [.minimize, .minimize], storage: InMemoryStorage(), sampler: NSGAIISampler(seed: 1))
/// try study.optimizeObjectives(trials: 200) { trial in try MultiObjectiveTestFunction.zdt1.objective(trial) }
/// ```
public enum MultiObjectiveTestFunction: String, Sendable, CaseIterable, Codable {
    /// ZDT1: convex front.
    case zdt1
    /// ZDT2: concave front.
    case zdt2
    /// DTLZ2 with three objectives: spherical front.
    case dtlz2

    /// The number of variables.
    public var dimension: Int {
        switch self {
        case .zdt1, .zdt2: return 10
        case .dtlz2: return 12
        }
    }

    /// The number of objectives.
    public var objectiveCount: Int {
        switch self {
        case .zdt1, .zdt2: return 2
        case .dtlz2: return 3
        }
    }

    /// The reference point of the benchmarks' hypervolume: 1.1 in every objective, just beyond the Pareto front's
    /// nadir point (1, …, 1).
    public var referencePoint: [Double] {
        Array(repeating: 1.1, count: objectiveCount)
    }

    /// A reference point beyond every value the objectives take anywhere in [0, 1]ⁿ (1.1 × the largest): ZDT
    /// (1.1, 11), DTLZ2 (3.85, 3.85, 3.85). Its hypervolume measures progress before any point reaches the box
    /// of ``referencePoint``.
    public var wideReferencePoint: [Double] {
        switch self {
        case .zdt1, .zdt2: return [1.1, 11]
        case .dtlz2: return [3.85, 3.85, 3.85]
        }
    }

    /// The hypervolume of the whole Pareto front against ``referencePoint``: 1.21 − 1/3 (ZDT1), 1.21 − 2/3 (ZDT2),
    /// 1.331 − π/6 (DTLZ2). No finite set of points reaches it.
    public var frontHypervolume: Double {
        switch self {
        case .zdt1: return 1.21 - 1.0 / 3
        case .zdt2: return 1.21 - 2.0 / 3
        case .dtlz2: return 1.331 - Double.pi / 6
        }
    }

    /// The variables' names `x0`, `x1`, … with the range [0, 1], as a search space.
    public var searchSpace: SearchSpace {
        // The bounds are valid constants, so neither initializer can throw.
        try! SearchSpace(
            (0..<dimension).map { index in
                ParameterSpec(name: "x\(index)", distribution: .float(try! FloatDistribution(low: 0, high: 1)))
            })
    }

    /// The objectives' values at `x` (length ``dimension``, components in [0, 1]).
    ///
    /// ```swift
    /// MultiObjectiveTestFunction.zdt1.evaluate([0.25] + Array(repeating: 0, count: 9))   // [0.25, 0.5]
    /// ```
    public func evaluate(_ x: [Double]) -> [Double] {
        precondition(x.count == dimension, "\(rawValue) takes \(dimension) variables, got \(x.count)")
        switch self {
        case .zdt1, .zdt2:
            let g = 1 + 9 * x.dropFirst().reduce(0, +) / Double(x.count - 1)
            let ratio = x[0] / g
            let shape = self == .zdt1 ? ratio.squareRoot() : ratio * ratio
            return [x[0], g * (1 - shape)]
        case .dtlz2:
            let m = objectiveCount
            let g = x[(m - 1)...].reduce(0) { $0 + ($1 - 0.5) * ($1 - 0.5) }
            return (0..<m).map { objective in
                var value = 1 + g
                for angle in x[..<(m - 1 - objective)] { value *= cos(angle * Double.pi / 2) }
                if objective > 0 { value *= sin(x[m - 1 - objective] * Double.pi / 2) }
                return value
            }
        }
    }

    /// A Pareto-optimal point: the position variables (the first one for ZDT, the first two for DTLZ2) from
    /// `position`, the others where g is smallest.
    ///
    /// ```swift
    /// MultiObjectiveTestFunction.zdt2.paretoOptimalPoint([0.5])   // [0.5, 0, 0, …]
    /// ```
    public func paretoOptimalPoint(_ position: [Double]) -> [Double] {
        precondition(position.count == objectiveCount - 1, "\(rawValue) takes \(objectiveCount - 1) positions")
        switch self {
        case .zdt1, .zdt2: return position + Array(repeating: 0, count: dimension - position.count)
        case .dtlz2: return position + Array(repeating: 0.5, count: dimension - position.count)
        }
    }

    /// Suggests the variables in `trial` and returns the objectives' values.
    public func objective(_ trial: Trial) throws -> [Double] {
        let values = try searchSpace.suggest(in: trial)
        return evaluate((0..<dimension).map { values["x\($0)"]!.doubleValue! })
    }
}
