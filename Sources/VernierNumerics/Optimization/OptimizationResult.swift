/// Why an optimizer stopped.
///
/// ```swift
/// if result.termination == .maximumIterations { print("did not converge") }
/// ```
public enum TerminationReason: String, Sendable, Equatable, CustomStringConvertible {
    /// The (projected) gradient norm fell below the gradient tolerance.
    case gradientTolerance
    /// The relative decrease of the objective fell below the value tolerance.
    case valueTolerance
    /// The simplex (Nelder–Mead) or the step became smaller than the point tolerance.
    case pointTolerance
    /// The iteration limit was reached.
    case maximumIterations
    /// The evaluation limit was reached.
    case maximumEvaluations
    /// No step along the search direction decreased the objective enough.
    case lineSearchFailure
    /// The objective returned NaN or infinity at the starting point.
    case nonFiniteValue

    /// The raw name, e.g. `gradientTolerance`.
    public var description: String { rawValue }

    /// Whether the reason is a convergence criterion (tolerances) rather than a limit or a failure.
    public var isConverged: Bool {
        self == .gradientTolerance || self == .valueTolerance || self == .pointTolerance
    }
}

/// The outcome of a minimization: the best point found, its value and (for gradient methods) its gradient.
///
/// ```swift
/// let result = BFGS().minimize(from: [3]) { x in (x[0] * x[0], [2 * x[0]]) }
/// print(result.point, result.value, result.termination)
/// ```
public struct OptimizationResult: Sendable {
    /// The best point found.
    public var point: [Double]
    /// The objective at ``point``.
    public var value: Double
    /// The gradient at ``point`` (empty for derivative-free methods).
    public var gradient: [Double]
    /// Iterations performed.
    public var iterations: Int
    /// Objective evaluations performed.
    public var evaluations: Int
    /// Why the optimizer stopped.
    public var termination: TerminationReason

    /// Creates a result.
    ///
    /// ```swift
    /// let result = OptimizationResult(point: [0], value: 0, gradient: [0], iterations: 1, evaluations: 2,
    ///                                 termination: .gradientTolerance)
    /// ```
    public init(
        point: [Double], value: Double, gradient: [Double], iterations: Int, evaluations: Int,
        termination: TerminationReason
    ) {
        self.point = point
        self.value = value
        self.gradient = gradient
        self.iterations = iterations
        self.evaluations = evaluations
        self.termination = termination
    }
}

@inline(__always)
func dot(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0
    for i in 0..<a.count { sum += a[i] * b[i] }
    return sum
}

@inline(__always)
func infinityNorm(_ a: [Double]) -> Double {
    var result = 0.0
    for value in a { result = max(result, abs(value)) }
    return result
}
