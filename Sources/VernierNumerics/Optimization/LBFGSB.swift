/// Bound-constrained limited-memory BFGS ("L-BFGS-B") for smooth objectives with box constraints.
///
/// This is the **projected L-BFGS** variant, not the full Byrd–Lu–Nocedal–Zhu algorithm (SIAM J. Sci. Comput.
/// 16, 1995) with its generalized Cauchy point and subspace minimization: each iteration
/// 1. fixes the variables that sit on a bound with the gradient pushing outwards (the binding set),
/// 2. computes the L-BFGS direction (two-loop recursion, Nocedal 1980) on the remaining free variables,
///    falling back to steepest descent when it is not a descent direction,
/// 3. backtracks along the projected path x(α) = P(x + α d) until the Armijo condition
///    f(x(α)) ≤ f(x) + 10⁻⁴ ∇f(x)ᵀ(x(α) - x) holds (quadratic interpolation, halving at least),
/// 4. stores the curvature pair (s, y) only when sᵀy > 0, so the implicit Hessian stays positive definite.
/// Stopping rules follow SciPy's `L-BFGS-B` defaults: the infinity norm of the projected gradient
/// P(x - ∇f) - x below `gradientTolerance` (1e-5), or a relative decrease (fₖ - fₖ₊₁)/max(|fₖ|, |fₖ₊₁|, 1) below
/// `valueTolerance` (10⁷ × machine epsilon). It is robust on the small, smooth problems of Gaussian-process
/// fitting and acquisition maximization it is used for; with no bounds it is plain L-BFGS.
///
/// ```swift
/// let result = LBFGSB().minimize(from: [0.5, 0.5], bounds: [0...1, 0...1]) { x in
///     let value = (x[0] - 2) * (x[0] - 2) + (x[1] + 1) * (x[1] + 1)
///     return (value, [2 * (x[0] - 2), 2 * (x[1] + 1)])
/// }
/// // result.point == [1, 0]
/// ```
public struct LBFGSB: Sendable {
    /// How many curvature pairs are kept.
    public var memory: Int
    /// The iteration limit.
    public var maximumIterations: Int
    /// The evaluation limit (line-search evaluations included).
    public var maximumEvaluations: Int
    /// Stop when the infinity norm of the projected gradient is at most this.
    public var gradientTolerance: Double
    /// Stop when the relative decrease of the objective in one iteration is at most this.
    public var valueTolerance: Double

    /// Creates an optimizer with SciPy-like defaults.
    ///
    /// ```swift
    /// let optimizer = LBFGSB(maximumIterations: 50)
    /// ```
    public init(
        memory: Int = 10, maximumIterations: Int = 200, maximumEvaluations: Int = 1000,
        gradientTolerance: Double = 1e-5, valueTolerance: Double = 1e7 * Double.ulpOfOne
    ) {
        precondition(memory >= 1, "LBFGSB: memory must be at least 1")
        self.memory = memory
        self.maximumIterations = maximumIterations
        self.maximumEvaluations = maximumEvaluations
        self.gradientTolerance = gradientTolerance
        self.valueTolerance = valueTolerance
    }

    /// Minimizes `objective` (returning the value and the gradient) from `start` inside `bounds` (one closed range
    /// per coordinate; use `-Double.infinity...Double.infinity` for an unbounded coordinate). The start is
    /// projected into the box first.
    ///
    /// ```swift
    /// let result = LBFGSB().minimize(from: [3], bounds: [1...5]) { x in (x[0] * x[0], [2 * x[0]]) }
    /// // result.point == [1]
    /// ```
    public func minimize(
        from start: [Double], bounds: [ClosedRange<Double>],
        _ objective: (_ point: [Double]) -> (value: Double, gradient: [Double])
    ) -> OptimizationResult {
        let n = start.count
        precondition(bounds.count == n, "LBFGSB: one bound per coordinate is needed")
        let lower = bounds.map(\.lowerBound)
        let upper = bounds.map(\.upperBound)
        func project(_ x: inout [Double]) {
            for i in 0..<n { x[i] = min(max(x[i], lower[i]), upper[i]) }
        }
        var x = start
        project(&x)
        var (value, gradient) = objective(x)
        var evaluations = 1
        guard value.isFinite, gradient.allSatisfy(\.isFinite) else {
            return OptimizationResult(
                point: x, value: value, gradient: gradient, iterations: 0, evaluations: 1,
                termination: .nonFiniteValue)
        }
        var pairs = CurvatureMemory(capacity: memory)
        var iteration = 0
        var termination = TerminationReason.maximumIterations
        var free = [Bool](repeating: true, count: n)
        var direction = [Double](repeating: 0, count: n)
        var candidate = [Double](repeating: 0, count: n)
        while iteration < maximumIterations {
            // Projected gradient and the binding set.
            var projectedNorm = 0.0
            for i in 0..<n {
                let moved = min(max(x[i] - gradient[i], lower[i]), upper[i]) - x[i]
                projectedNorm = max(projectedNorm, abs(moved))
                let atLower = x[i] <= lower[i] && gradient[i] > 0
                let atUpper = x[i] >= upper[i] && gradient[i] < 0
                free[i] = !(atLower || atUpper)
            }
            if projectedNorm <= gradientTolerance {
                termination = .gradientTolerance
                break
            }
            iteration += 1
            var accepted = false
            var attempt = 0
            while !accepted && attempt < 2 {
                attempt += 1
                pairs.direction(gradient: gradient, free: free, into: &direction)
                var slope = 0.0
                for i in 0..<n { slope += gradient[i] * direction[i] }
                if !(slope < 0) || pairs.isEmpty {
                    // Steepest descent on the free variables, scaled so the first step is at most 1 in size.
                    pairs.removeAll()
                    var norm = 0.0
                    for i in 0..<n { norm = max(norm, free[i] ? abs(gradient[i]) : 0) }
                    let scale = iteration == 1 || attempt == 2 ? 1 / max(norm, 1) : 1
                    for i in 0..<n { direction[i] = free[i] ? -gradient[i] * scale : 0 }
                }
                // Backtracking along the projected path.
                var step = 1.0
                var trials = 0
                while trials < 40 && evaluations < maximumEvaluations {
                    trials += 1
                    for i in 0..<n { candidate[i] = x[i] + step * direction[i] }
                    project(&candidate)
                    var decrease = 0.0
                    var moved = false
                    for i in 0..<n {
                        let delta = candidate[i] - x[i]
                        decrease += gradient[i] * delta
                        if delta != 0 { moved = true }
                    }
                    if !moved { break }
                    let (newValue, newGradient) = objective(candidate)
                    evaluations += 1
                    if newValue.isFinite && newGradient.allSatisfy(\.isFinite)
                        && newValue <= value + 1e-4 * decrease
                    {
                        var s = [Double](repeating: 0, count: n)
                        var y = [Double](repeating: 0, count: n)
                        for i in 0..<n {
                            s[i] = candidate[i] - x[i]
                            y[i] = newGradient[i] - gradient[i]
                        }
                        pairs.append(s: s, y: y)
                        let relativeDecrease = (value - newValue) / max(abs(value), abs(newValue), 1)
                        x = candidate
                        value = newValue
                        gradient = newGradient
                        accepted = true
                        if relativeDecrease <= valueTolerance { termination = .valueTolerance }
                        break
                    }
                    // Quadratic interpolation of φ(α) = f(x(α)) on [0, step], kept within [0.1, 0.5] × step.
                    var next = 0.5 * step
                    if newValue.isFinite {
                        let curvature = newValue - value - decrease
                        if curvature > 0 { next = -decrease * step / (2 * curvature) }
                    }
                    step = min(max(next, 0.1 * step), 0.5 * step)
                }
                if !accepted { pairs.removeAll() }
            }
            if !accepted {
                termination = evaluations >= maximumEvaluations ? .maximumEvaluations : .lineSearchFailure
                break
            }
            if termination == .valueTolerance { break }
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

/// The (s, y) pairs of limited-memory BFGS and the two-loop recursion (Nocedal, "Updating quasi-Newton matrices
/// with limited storage", Math. Comp. 1980), restricted to a set of free coordinates.
struct CurvatureMemory {
    let capacity: Int
    private var s: [[Double]] = []
    private var y: [[Double]] = []

    init(capacity: Int) {
        self.capacity = capacity
    }

    var isEmpty: Bool { s.isEmpty }

    mutating func removeAll() {
        s.removeAll(keepingCapacity: true)
        y.removeAll(keepingCapacity: true)
    }

    mutating func append(s newS: [Double], y newY: [Double]) {
        let sy = dot(newS, newY)
        let yy = dot(newY, newY)
        guard sy > 1e-10 * yy, sy > 0 else { return }
        if s.count == capacity {
            s.removeFirst()
            y.removeFirst()
        }
        s.append(newS)
        y.append(newY)
    }

    /// direction = -H g over the free coordinates, 0 elsewhere.
    func direction(gradient: [Double], free: [Bool], into result: inout [Double]) {
        let n = gradient.count
        for i in 0..<n { result[i] = free[i] ? gradient[i] : 0 }
        guard !s.isEmpty else {
            for i in 0..<n { result[i] = -result[i] }
            return
        }
        func maskedDot(_ a: [Double], _ b: [Double]) -> Double {
            var sum = 0.0
            for i in 0..<n where free[i] { sum += a[i] * b[i] }
            return sum
        }
        var alphas = [Double](repeating: 0, count: s.count)
        var rhos = [Double](repeating: 0, count: s.count)
        for k in stride(from: s.count - 1, through: 0, by: -1) {
            let sy = maskedDot(s[k], y[k])
            rhos[k] = sy > 0 ? 1 / sy : 0
            let alpha = rhos[k] * maskedDot(s[k], result)
            alphas[k] = alpha
            for i in 0..<n where free[i] { result[i] -= alpha * y[k][i] }
        }
        let last = s.count - 1
        let yy = maskedDot(y[last], y[last])
        let gamma = yy > 0 ? maskedDot(s[last], y[last]) / yy : 1
        let scale = gamma > 0 ? gamma : 1
        for i in 0..<n { result[i] *= scale }
        for k in 0..<s.count {
            let beta = rhos[k] * maskedDot(y[k], result)
            for i in 0..<n where free[i] { result[i] += s[k][i] * (alphas[k] - beta) }
        }
        for i in 0..<n { result[i] = free[i] ? -result[i] : 0 }
    }
}
