/// The Nelder–Mead downhill simplex method for derivative-free unconstrained minimization (Nelder and Mead,
/// Comput. J. 7, 1965), with the dimension-adaptive coefficients of Gao and Han (Comput. Optim. Appl. 51, 2012):
/// reflection 1, expansion 1 + 2/n, contraction 0.75 - 1/(2n), shrink 1 - 1/n.
///
/// The initial simplex puts vertex i at `start` with coordinate i moved by 5 % (or by 0.00025 when it is 0), as
/// SciPy does. It stops when every vertex is within `pointTolerance` of the best one (infinity norm) **and** their
/// values are within `valueTolerance` of the best value.
///
/// ```swift
/// let result = NelderMead().minimize(from: [1, 1]) { x in x[0] * x[0] + 3 * x[1] * x[1] }
/// // result.point ≈ [0, 0]
/// ```
public struct NelderMead: Sendable {
    /// The iteration limit.
    public var maximumIterations: Int
    /// The evaluation limit.
    public var maximumEvaluations: Int
    /// Largest distance of a vertex to the best vertex at convergence.
    public var pointTolerance: Double
    /// Largest difference between a vertex's value and the best value at convergence.
    public var valueTolerance: Double

    /// Creates an optimizer.
    ///
    /// ```swift
    /// let optimizer = NelderMead(maximumEvaluations: 20_000)
    /// ```
    public init(
        maximumIterations: Int = 10_000, maximumEvaluations: Int = 20_000, pointTolerance: Double = 1e-10,
        valueTolerance: Double = 1e-16
    ) {
        self.maximumIterations = maximumIterations
        self.maximumEvaluations = maximumEvaluations
        self.pointTolerance = pointTolerance
        self.valueTolerance = valueTolerance
    }

    /// Minimizes `objective` from `start`.
    ///
    /// ```swift
    /// let result = NelderMead().minimize(from: [2]) { x in (x[0] - 1) * (x[0] - 1) }
    /// ```
    public func minimize(from start: [Double], _ objective: (_ point: [Double]) -> Double) -> OptimizationResult {
        let n = start.count
        precondition(n >= 1, "NelderMead needs at least one variable")
        let dimension = Double(n)
        // Gao–Han coefficients; for n ≤ 2 they equal the classic (1, 2, 1/2, 1/2).
        let adaptive = Double(max(n, 2))
        let reflection = 1.0
        let expansion = 1 + 2 / adaptive
        let contraction = 0.75 - 1 / (2 * adaptive)
        let shrink = 1 - 1 / adaptive
        var evaluations = 0
        func evaluate(_ x: [Double]) -> Double {
            evaluations += 1
            let value = objective(x)
            return value.isNaN ? .infinity : value
        }
        var simplex = [start]
        for i in 0..<n {
            var vertex = start
            vertex[i] = vertex[i] != 0 ? 1.05 * vertex[i] : 0.000_25
            simplex.append(vertex)
        }
        var values = simplex.map(evaluate)
        var iteration = 0
        var termination = TerminationReason.maximumIterations
        while iteration < maximumIterations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            var spread = 0.0
            var valueSpread = 0.0
            for k in 1...n {
                for i in 0..<n { spread = max(spread, abs(simplex[k][i] - simplex[0][i])) }
                valueSpread = max(valueSpread, abs(values[k] - values[0]))
            }
            if spread <= pointTolerance && valueSpread <= valueTolerance {
                termination = .pointTolerance
                break
            }
            if evaluations >= maximumEvaluations {
                termination = .maximumEvaluations
                break
            }
            iteration += 1
            var centroid = [Double](repeating: 0, count: n)
            for k in 0..<n {
                for i in 0..<n { centroid[i] += simplex[k][i] / dimension }
            }
            func along(_ coefficient: Double) -> [Double] {
                (0..<n).map { centroid[$0] + coefficient * (centroid[$0] - simplex[n][$0]) }
            }
            let reflected = along(reflection)
            let reflectedValue = evaluate(reflected)
            if reflectedValue < values[0] {
                let expanded = along(expansion)
                let expandedValue = evaluate(expanded)
                if expandedValue < reflectedValue {
                    simplex[n] = expanded
                    values[n] = expandedValue
                } else {
                    simplex[n] = reflected
                    values[n] = reflectedValue
                }
                continue
            }
            if reflectedValue < values[n - 1] {
                simplex[n] = reflected
                values[n] = reflectedValue
                continue
            }
            // Outside contraction when the reflected point beats the worst, inside contraction otherwise.
            let outside = reflectedValue < values[n]
            let contracted = along(outside ? reflection * contraction : -contraction)
            let contractedValue = evaluate(contracted)
            if contractedValue < (outside ? reflectedValue : values[n]) {
                simplex[n] = contracted
                values[n] = contractedValue
                continue
            }
            for k in 1...n {
                for i in 0..<n { simplex[k][i] = simplex[0][i] + shrink * (simplex[k][i] - simplex[0][i]) }
                values[k] = evaluate(simplex[k])
            }
        }
        let best = values.indices.min { values[$0] < values[$1] }!
        return OptimizationResult(
            point: simplex[best], value: values[best], gradient: [], iterations: iteration, evaluations: evaluations,
            termination: termination)
    }

    /// Minimizes an objective written for the gradient methods (its gradient is ignored), so the same closure can
    /// be handed to ``BFGS``, ``LBFGSB`` and Nelder–Mead.
    ///
    /// ```swift
    /// let result = NelderMead().minimize(from: [2]) { x in (x[0] * x[0], [2 * x[0]]) }
    /// ```
    public func minimize(
        from start: [Double], _ objective: (_ point: [Double]) -> (value: Double, gradient: [Double])
    ) -> OptimizationResult {
        minimize(from: start) { (point: [Double]) -> Double in objective(point).value }
    }
}
