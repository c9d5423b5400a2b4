import Foundation

/// Classic optimization test functions, usable as objectives without any training: for tests, demos and the
/// sampler benchmarks. All are minimized.
///
/// - `branin`: 2-D, three global minima of 0.397887 (Branin, 1972; the usual scaling from Dixon & Szegő, 1978).
/// - `hartmann6`: 6-D on [0, 1]⁶, minimum −3.32237 (Hartmann, 1973).
/// - `rosenbrock`: n-D banana valley on [−5, 10]ⁿ, minimum 0 at (1, …, 1) (Rosenbrock, 1960).
/// - `sphere`: Σ xᵢ² on [−5, 5]ⁿ, minimum 0 at the origin.
///
/// ```swift
/// let study = try Study(name: "branin", direction: .minimize, storage: InMemoryStorage())
/// try study.optimize(trials: 50) { trial in try TestFunction.branin.objective(trial) }
/// ```
public enum TestFunction: String, Sendable, CaseIterable, Codable {
    /// Branin-Hoo, 2-D.
    case branin
    /// Hartmann, 6-D.
    case hartmann6
    /// Rosenbrock, 2-D by default.
    case rosenbrock
    /// Sphere, 2-D by default.
    case sphere

    /// The number of variables (Rosenbrock and sphere use 2 here; call ``evaluate(_:)`` with more if needed).
    public var dimension: Int {
        switch self {
        case .branin, .rosenbrock, .sphere: return 2
        case .hartmann6: return 6
        }
    }

    /// The global minimum value.
    ///
    /// ```swift
    /// TestFunction.branin.minimum   // 0.397887
    /// ```
    public var minimum: Double {
        switch self {
        case .branin: return 0.397887357729738
        case .hartmann6: return -3.322368011391339
        case .rosenbrock, .sphere: return 0
        }
    }

    /// The variables' names `x0`, `x1`, … and ranges, as a search space.
    ///
    /// ```swift
    /// TestFunction.branin.searchSpace.names   // ["x0", "x1"]
    /// ```
    public var searchSpace: SearchSpace {
        let bounds: [(Double, Double)]
        switch self {
        case .branin: bounds = [(-5, 10), (0, 15)]
        case .hartmann6: bounds = Array(repeating: (0, 1), count: 6)
        case .rosenbrock: bounds = Array(repeating: (-5, 10), count: dimension)
        case .sphere: bounds = Array(repeating: (-5, 5), count: dimension)
        }
        // The bounds are valid constants, so neither initializer can throw.
        return try! SearchSpace(
            bounds.enumerated().map { index, bound in
                ParameterSpec(
                    name: "x\(index)", distribution: .float(try! FloatDistribution(low: bound.0, high: bound.1)))
            })
    }

    /// The function's value at `x` (length ``dimension``; Rosenbrock and sphere accept any length ≥ 1 / ≥ 2).
    ///
    /// ```swift
    /// TestFunction.sphere.evaluate([3, 4])   // 25
    /// ```
    public func evaluate(_ x: [Double]) -> Double {
        switch self {
        case .branin:
            precondition(x.count == 2, "branin takes 2 variables, got \(x.count)")
            let b = 5.1 / (4 * Double.pi * Double.pi)
            let c = 5 / Double.pi
            let t = 1 / (8 * Double.pi)
            let inner = x[1] - b * x[0] * x[0] + c * x[0] - 6
            return inner * inner + 10 * (1 - t) * cos(x[0]) + 10
        case .hartmann6:
            precondition(x.count == 6, "hartmann6 takes 6 variables, got \(x.count)")
            var total = 0.0
            for i in 0..<4 {
                var exponent = 0.0
                for j in 0..<6 {
                    let difference = x[j] - TestFunction.hartmannP[i][j] * 1e-4
                    exponent -= TestFunction.hartmannA[i][j] * difference * difference
                }
                total -= TestFunction.hartmannAlpha[i] * exp(exponent)
            }
            return total
        case .rosenbrock:
            precondition(x.count >= 2, "rosenbrock takes at least 2 variables")
            var total = 0.0
            for i in 0..<(x.count - 1) {
                let a = x[i + 1] - x[i] * x[i]
                let b = 1 - x[i]
                total += 100 * a * a + b * b
            }
            return total
        case .sphere:
            return x.reduce(0) { $0 + $1 * $1 }
        }
    }

    /// Suggests the variables in `trial` and returns the function's value.
    ///
    /// ```swift
    /// try study.optimize(trials: 30) { try TestFunction.sphere.objective($0) }
    /// ```
    public func objective(_ trial: Trial) throws -> Double {
        let values = try searchSpace.suggest(in: trial)
        return evaluate((0..<dimension).map { values["x\($0)"]!.doubleValue! })
    }

    static let hartmannAlpha = [1.0, 1.2, 3.0, 3.2]
    static let hartmannA: [[Double]] = [
        [10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14],
    ]
    static let hartmannP: [[Double]] = [
        [1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
        [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381],
    ]
}
