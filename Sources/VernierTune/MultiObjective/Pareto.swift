/// Pareto dominance over objective vectors, in **minimize form**: every component is smaller-is-better
/// (``minimized(_:directions:)`` negates the maximized ones). Constraints follow Optuna's convention: a
/// constraint value ≤ 0 is satisfied, and a point's ``violation(_:)`` is the sum of its positive values.
///
/// ```swift
/// let points = [[1.0, 4.0], [2.0, 2.0], [3.0, 3.0], [4.0, 1.0]]
/// Pareto.front(points)                       // [0, 1, 3]: [3, 3] is dominated by [2, 2]
/// Pareto.nondominatedFronts(points)          // [[0, 1, 3], [2]]
/// ```
public enum Pareto {
    /// `values` with each maximized component negated, so that smaller is better everywhere.
    ///
    /// ```swift
    /// Pareto.minimized([0.9, 1200], directions: [.maximize, .minimize])   // [-0.9, 1200]
    /// ```
    public static func minimized(_ values: [Double], directions: [StudyDirection]) -> [Double] {
        precondition(values.count == directions.count, "one direction per objective value")
        return zip(values, directions).map { $1 == .minimize ? $0 : -$0 }
    }

    /// The total violation of `constraints`: the sum of their positive values; 0 means feasible. A NaN
    /// constraint counts as infinitely violated.
    public static func violation(_ constraints: [Double]) -> Double {
        constraints.reduce(0) { total, value in value.isNaN ? .infinity : total + max(0, value) }
    }

    /// Whether `a` is at least as good as `b` in every component and strictly better in one (both minimized).
    /// A vector with a NaN component neither dominates nor is dominated.
    public static func dominates(_ a: [Double], _ b: [Double]) -> Bool {
        precondition(a.count == b.count, "vectors of different lengths")
        var strictlyBetter = false
        for (x, y) in zip(a, b) {
            if x.isNaN || y.isNaN || x > y { return false }
            if x < y { strictlyBetter = true }
        }
        return strictlyBetter
    }

    /// Deb's constrained domination: a feasible point (violation 0) dominates every infeasible one, of two
    /// infeasible points the less violating one dominates, and two feasible points compare by ``dominates(_:_:)``.
    public static func constrainedDominates(
        _ a: [Double], violation violationA: Double, _ b: [Double], violation violationB: Double
    ) -> Bool {
        switch (violationA > 0, violationB > 0) {
        case (false, true): return true
        case (true, false): return false
        case (true, true): return violationA < violationB
        case (false, false): return dominates(a, b)
        }
    }

    /// The indices of `points` grouped into non-dominated fronts, best first (the fast non-dominated sort of
    /// NSGA-II, O(M·N²)); with `violations` (one per point), by constrained domination. Indices within a front
    /// are ascending.
    public static func nondominatedFronts(_ points: [[Double]], violations: [Double]? = nil) -> [[Int]] {
        let count = points.count
        precondition(violations == nil || violations?.count == count, "one violation per point")
        func better(_ i: Int, _ j: Int) -> Bool {
            guard let violations else { return dominates(points[i], points[j]) }
            return constrainedDominates(points[i], violation: violations[i], points[j], violation: violations[j])
        }
        var dominated = [[Int]](repeating: [], count: count)
        var dominatorCount = [Int](repeating: 0, count: count)
        for i in 0..<count {
            for j in (i + 1)..<count {
                if better(i, j) {
                    dominated[i].append(j)
                    dominatorCount[j] += 1
                } else if better(j, i) {
                    dominated[j].append(i)
                    dominatorCount[i] += 1
                }
            }
        }
        var fronts: [[Int]] = []
        var current = (0..<count).filter { dominatorCount[$0] == 0 }
        while !current.isEmpty {
            fronts.append(current)
            var next: [Int] = []
            for i in current {
                for j in dominated[i] {
                    dominatorCount[j] -= 1
                    if dominatorCount[j] == 0 { next.append(j) }
                }
            }
            current = next.sorted()
        }
        return fronts
    }

    /// The indices of the first non-dominated front of `points` (ascending); empty when `points` is.
    public static func front(_ points: [[Double]], violations: [Double]? = nil) -> [Int] {
        nondominatedFronts(points, violations: violations).first ?? []
    }

    /// The NSGA-II crowding distance of each member of `front` (indices into `points`), in the order of `front`:
    /// per objective, the normalized gap between a point's two neighbours, summed; the extreme points of each
    /// objective get `+∞`. An objective whose values are all equal adds nothing.
    public static func crowdingDistances(_ points: [[Double]], front: [Int]) -> [Double] {
        guard front.count > 2 else { return [Double](repeating: .infinity, count: front.count) }
        var distances = [Double](repeating: 0, count: front.count)
        let objectives = points[front[0]].count
        for objective in 0..<objectives {
            let order = front.indices.sorted { points[front[$0]][objective] < points[front[$1]][objective] }
            let low = points[front[order[0]]][objective]
            let high = points[front[order[order.count - 1]]][objective]
            distances[order[0]] = .infinity
            distances[order[order.count - 1]] = .infinity
            guard high > low else { continue }
            for position in 1..<(order.count - 1) {
                let gap = points[front[order[position + 1]]][objective] - points[front[order[position - 1]]][objective]
                distances[order[position]] += gap / (high - low)
            }
        }
        return distances
    }
}
