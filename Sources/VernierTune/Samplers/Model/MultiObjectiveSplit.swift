import Foundation

/// The "good" group of multi-objective TPE (MOTPE; Ozaki, Tanigaki, Watanabe & Onishi, GECCO 2020, as Optuna 5
/// splits): over minimized loss vectors, whole non-dominated fronts are taken best first (Deb's constrained
/// domination when violations are given: every feasible point before any infeasible one); the front that does
/// not fit is cut by a greedy hypervolume subset selection (HSSP): repeatedly the member that adds the most
/// hypervolume to those already chosen, against a reference point just beyond that front's worst values. The
/// group's size and kernel weights follow ``MultiObjectiveGoodGroup``.
enum MultiObjectiveSplit {
    /// The weight below which a good-group member no longer counts (kept positive so every kernel stays defined).
    static let negligibleWeight = 1e-12

    /// Each point's exclusive hypervolume contribution to `losses` (minimized; the reference point as in
    /// ``referencePoint(_:)``) divided by the largest, clipped to [``negligibleWeight``, 1]: points dominated inside
    /// the group get the negligible weight. Only the members marked in `feasible` are measured, the others get the
    /// negligible weight; ones when no member is feasible, when fewer than two are, or when no contribution is
    /// positive (all members equal).
    static func contributionWeights(_ losses: [[Double]], feasible: [Bool]? = nil) -> [Double] {
        let measured = losses.indices.filter { feasible?[$0] ?? true }
        guard measured.count >= 2 else {
            guard measured.count == 1, measured.count < losses.count else {
                return [Double](repeating: 1, count: losses.count)
            }
            var weights = [Double](repeating: negligibleWeight, count: losses.count)
            weights[measured[0]] = 1
            return weights
        }
        let points = measured.map { losses[$0] }
        let reference = referencePoint(points)
        let total = Hypervolume.of(points, reference: reference)
        var contributions: [Double] = []
        var others = points
        for position in points.indices {
            let point = others.remove(at: position)
            contributions.append(total - Hypervolume.of(others, reference: reference))
            others.insert(point, at: position)
        }
        let largest = contributions.max()!
        guard largest > 0 else { return [Double](repeating: 1, count: losses.count) }
        var weights = [Double](repeating: negligibleWeight, count: losses.count)
        for (position, index) in measured.enumerated() {
            weights[index] = min(max(contributions[position] / largest, negligibleWeight), 1)
        }
        return weights
    }

    /// Indices of the `count` best of `losses` (in increasing index order); `violations` nil = all feasible.
    static func below(_ losses: [[Double]], violations: [Double]?, count: Int) -> [Int] {
        guard count > 0 else { return [] }
        guard count < losses.count else { return Array(losses.indices) }
        var chosen: [Int] = []
        for front in Pareto.nondominatedFronts(losses, violations: violations) {
            let room = count - chosen.count
            if front.count <= room {
                chosen += front
            } else if let violations, front.contains(where: { violations[$0] > 0 }) {
                // An infeasible front: all its members violate equally, so the lowest indices (oldest) win.
                chosen += front.sorted().prefix(room)
            } else {
                let points = front.map { losses[$0] }
                chosen += greedySubset(points, count: room, reference: referencePoint(points)).map { front[$0] }
            }
            if chosen.count == count { break }
        }
        return chosen.sorted()
    }

    /// Per objective, max(1.1 w, 0.9 w) of the worst value w (so it lies beyond w whatever its sign), and a tiny
    /// positive value where that is 0.
    static func referencePoint(_ points: [[Double]]) -> [Double] {
        points[0].indices.map { k in
            let worst = points.map { $0[k] }.max()!
            let reference = max(1.1 * worst, 0.9 * worst)
            return reference == 0 ? 1e-12 : reference
        }
    }

    /// Greedy HSSP: `count` indices of `points` (mutually non-dominated), each adding the largest hypervolume to
    /// the ones chosen before it (ties to the lower index). With an infinite reference component the first
    /// `count` are returned.
    static func greedySubset(_ points: [[Double]], count: Int, reference: [Double]) -> [Int] {
        guard count < points.count else { return Array(points.indices) }
        guard reference.allSatisfy(\.isFinite) else { return Array(0..<count) }
        var chosen: [Int] = []
        var remaining = Array(points.indices)
        var selected: [[Double]] = []
        var volume = 0.0
        // Contributions only shrink as points are added (submodularity), so a stale upper bound below the best
        // fresh contribution of this round lets that candidate be skipped.
        var bound = [Double](repeating: .infinity, count: points.count)
        while chosen.count < count {
            var best = -1
            var bestGain = -Double.infinity
            for index in remaining.sorted(by: { bound[$0] > bound[$1] || (bound[$0] == bound[$1] && $0 < $1) }) {
                if bound[index] < bestGain { break }
                let gain = Hypervolume.of(selected + [points[index]], reference: reference) - volume
                bound[index] = gain
                if gain > bestGain || (gain == bestGain && index < best) {
                    best = index
                    bestGain = gain
                }
            }
            chosen.append(best)
            selected.append(points[best])
            volume += bestGain
            remaining.removeAll { $0 == best }
        }
        return chosen
    }
}
