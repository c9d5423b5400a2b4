/// The Broyden–Fletcher–Goldfarb–Shanno quasi-Newton method for smooth unconstrained minimization, with a dense
/// inverse-Hessian approximation and a line search satisfying the strong Wolfe conditions (Nocedal and Wright,
/// "Numerical Optimization", 2nd ed., algorithms 3.5, 3.6 and 6.1).
///
/// The first step is scaled to length ≤ 1 and the initial inverse Hessian is rescaled by sᵀy/yᵀy after the first
/// step (N&W eq. 6.20). Suited to problems with up to a few hundred variables; for bounds use ``LBFGSB``.
///
/// ```swift
/// let result = BFGS().minimize(from: [-1.2, 1]) { x in
///     let a = 1 - x[0], b = x[1] - x[0] * x[0]
///     return (a * a + 100 * b * b, [-2 * a - 400 * x[0] * b, 200 * b])
/// }
/// // result.point ≈ [1, 1]
/// ```
public struct BFGS: Sendable {
    /// The iteration limit.
    public var maximumIterations: Int
    /// The evaluation limit.
    public var maximumEvaluations: Int
    /// Stop when the infinity norm of the gradient is at most this.
    public var gradientTolerance: Double

    /// Creates an optimizer.
    ///
    /// ```swift
    /// let optimizer = BFGS(gradientTolerance: 1e-10)
    /// ```
    public init(maximumIterations: Int = 500, maximumEvaluations: Int = 5000, gradientTolerance: Double = 1e-9) {
        self.maximumIterations = maximumIterations
        self.maximumEvaluations = maximumEvaluations
        self.gradientTolerance = gradientTolerance
    }

    /// Minimizes `objective` (value and gradient) from `start`.
    ///
    /// ```swift
    /// let result = BFGS().minimize(from: [5]) { x in (x[0] * x[0], [2 * x[0]]) }
    /// ```
    public func minimize(
        from start: [Double], _ objective: (_ point: [Double]) -> (value: Double, gradient: [Double])
    ) -> OptimizationResult {
        let n = start.count
        var x = start
        var (value, gradient) = objective(x)
        var evaluations = 1
        guard value.isFinite, gradient.allSatisfy(\.isFinite) else {
            return OptimizationResult(
                point: x, value: value, gradient: gradient, iterations: 0, evaluations: 1,
                termination: .nonFiniteValue)
        }
        var inverseHessian = [Double](repeating: 0, count: n * n)
        for i in 0..<n { inverseHessian[i * n + i] = 1 }
        var iteration = 0
        var termination = TerminationReason.maximumIterations
        var direction = [Double](repeating: 0, count: n)
        while iteration < maximumIterations {
            if infinityNorm(gradient) <= gradientTolerance {
                termination = .gradientTolerance
                break
            }
            iteration += 1
            for i in 0..<n {
                var sum = 0.0
                for j in 0..<n { sum -= inverseHessian[i * n + j] * gradient[j] }
                direction[i] = sum
            }
            var slope = dot(direction, gradient)
            if !(slope < 0) {
                for i in 0..<n * n { inverseHessian[i] = 0 }
                for i in 0..<n {
                    inverseHessian[i * n + i] = 1
                    direction[i] = -gradient[i]
                }
                slope = dot(direction, gradient)
            }
            let initialStep = iteration == 1 ? min(1, 1 / max(infinityNorm(direction), 1e-300)) : 1
            let search = wolfeLineSearch(
                objective, at: x, value: value, gradient: gradient, direction: direction, slope: slope,
                initialStep: initialStep, evaluationBudget: maximumEvaluations - evaluations)
            evaluations += search.evaluations
            guard let found = search.result else {
                termination = evaluations >= maximumEvaluations ? .maximumEvaluations : .lineSearchFailure
                break
            }
            var s = [Double](repeating: 0, count: n)
            var y = [Double](repeating: 0, count: n)
            for i in 0..<n {
                s[i] = found.point[i] - x[i]
                y[i] = found.gradient[i] - gradient[i]
            }
            let previousValue = value
            x = found.point
            value = found.value
            gradient = found.gradient
            let sy = dot(s, y)
            if sy > 1e-12 * dot(y, y) && sy > 0 {
                if iteration == 1 {
                    let scale = sy / dot(y, y)
                    for i in 0..<n { inverseHessian[i * n + i] = scale }
                }
                // H ← (I - ρ s yᵀ) H (I - ρ y sᵀ) + ρ s sᵀ, with ρ = 1/sᵀy.
                let rho = 1 / sy
                var hy = [Double](repeating: 0, count: n)
                for i in 0..<n {
                    var sum = 0.0
                    for j in 0..<n { sum += inverseHessian[i * n + j] * y[j] }
                    hy[i] = sum
                }
                let yhy = dot(y, hy)
                let coefficient = rho * rho * yhy + rho
                for i in 0..<n {
                    for j in 0..<n {
                        inverseHessian[i * n + j] +=
                            coefficient * s[i] * s[j] - rho * (hy[i] * s[j] + s[i] * hy[j])
                    }
                }
            }
            if value == previousValue && infinityNorm(s) == 0 {
                termination = .pointTolerance
                break
            }
            if evaluations >= maximumEvaluations {
                termination = .maximumEvaluations
                break
            }
        }
        return OptimizationResult(
            point: x, value: value, gradient: gradient, iterations: iteration, evaluations: evaluations,
            termination: termination)
    }
}

/// A point accepted by the line search.
struct LineSearchPoint {
    var point: [Double]
    var value: Double
    var gradient: [Double]
}

/// Strong-Wolfe line search (Nocedal and Wright, algorithms 3.5 and 3.6) with c₁ = 10⁻⁴, c₂ = 0.9 and cubic
/// interpolation in the zoom phase, falling back to bisection.
func wolfeLineSearch(
    _ objective: ([Double]) -> (value: Double, gradient: [Double]),
    at x: [Double], value: Double, gradient: [Double], direction: [Double], slope: Double,
    initialStep: Double, evaluationBudget: Int
) -> (result: LineSearchPoint?, evaluations: Int) {
    let c1 = 1e-4
    let c2 = 0.9
    var evaluations = 0
    func evaluate(_ alpha: Double) -> (LineSearchPoint, Double) {
        var point = x
        for i in 0..<x.count { point[i] += alpha * direction[i] }
        let (v, g) = objective(point)
        evaluations += 1
        let derivative = v.isFinite ? dot(g, direction) : .nan
        return (LineSearchPoint(point: point, value: v, gradient: g), derivative)
    }
    func zoom(
        low: (alpha: Double, value: Double, derivative: Double),
        high: (alpha: Double, value: Double, derivative: Double)
    ) -> LineSearchPoint? {
        var low = low
        var high = high
        var best: LineSearchPoint? = nil
        for _ in 0..<40 where evaluations < evaluationBudget {
            let alpha = cubicMinimizer(low: low, high: high)
            let (point, derivative) = evaluate(alpha)
            if !point.value.isFinite || point.value > value + c1 * alpha * slope || point.value >= low.value {
                high = (alpha, point.value.isFinite ? point.value : .infinity, derivative)
            } else {
                best = point
                if abs(derivative) <= -c2 * slope { return point }
                if derivative * (high.alpha - low.alpha) >= 0 { high = low }
                low = (alpha, point.value, derivative)
            }
            if abs(high.alpha - low.alpha) <= 1e-14 * max(abs(low.alpha), 1e-300) { break }
        }
        return best
    }
    var previous = (alpha: 0.0, value: value, derivative: slope)
    var alpha = initialStep
    for iteration in 0..<30 where evaluations < evaluationBudget {
        let (point, derivative) = evaluate(alpha)
        if !point.value.isFinite || point.value > value + c1 * alpha * slope
            || (iteration > 0 && point.value >= previous.value)
        {
            let high = (
                alpha: alpha, value: point.value.isFinite ? point.value : Double.infinity, derivative: derivative
            )
            return (zoom(low: previous, high: high), evaluations)
        }
        if abs(derivative) <= -c2 * slope { return (point, evaluations) }
        if derivative >= 0 {
            return (zoom(low: (alpha, point.value, derivative), high: previous), evaluations)
        }
        previous = (alpha, point.value, derivative)
        alpha *= 2
    }
    return (nil, evaluations)
}

/// The minimizer of the cubic through two (α, φ, φ′) triples, safeguarded to the inner 80 % of the interval.
private func cubicMinimizer(
    low: (alpha: Double, value: Double, derivative: Double),
    high: (alpha: Double, value: Double, derivative: Double)
) -> Double {
    let a = low.alpha
    let b = high.alpha
    let lowerEnd = min(a, b)
    let upperEnd = max(a, b)
    let margin = 0.1 * (upperEnd - lowerEnd)
    let bisection = 0.5 * (a + b)
    guard high.value.isFinite, high.derivative.isFinite else { return bisection }
    let d1 = low.derivative + high.derivative - 3 * (low.value - high.value) / (a - b)
    let discriminant = d1 * d1 - low.derivative * high.derivative
    guard discriminant >= 0 else { return bisection }
    let d2 = (b > a ? 1.0 : -1.0) * discriminant.squareRoot()
    let candidate = b - (b - a) * (high.derivative + d2 - d1) / (high.derivative - low.derivative + 2 * d2)
    guard candidate.isFinite, candidate >= lowerEnd + margin, candidate <= upperEnd - margin else {
        return bisection
    }
    return candidate
}
