import Foundation

/// The "good" (below) and "bad" (above) groups of trials of the tree-structured Parzen estimator, with their
/// kernel weights, split as Optuna does:
/// - one objective: feasible completed trials are ranked by loss, pruned ones after them by the last step they
///   reached (further is better) and then by their last intermediate loss, and trials violating a constraint
///   last, by violation; the best γ(n) = min(⌈0.1 n⌉, 25) form the below group, where n counts the finished
///   (completed and pruned) trials;
/// - several objectives (MOTPE): the completed trials are ranked by non-dominated fronts with Deb's constrained
///   domination (feasible first), the front that does not fit cut by hypervolume contribution
///   (``MultiObjectiveSplit``), pruned trials after them; the below group holds γ(n) of ``MultiObjectiveGoodGroup``
///   (⌈0.15 n⌉ by default, Optuna's ⌈0.1 n⌉ with `.optuna`);
/// - with the constant liar, running trials are in the above group (as if they were bad), which steers parallel
///   workers away from points already being evaluated;
/// - each group is ordered by trial number and weighted 1, except that groups larger than 25 give their oldest
///   members linearly smaller weights (from 1/n up to 1) so that recent trials count more — the below group of
///   several objectives is weighted by its ``MultiObjectiveGoodGroup`` instead (``belowWeights``).
struct TPEObservations {
    /// Positions in the `trials` given to `init` of the below group, ordered by trial number.
    var below: [Int]
    /// Positions in the `trials` given to `init` of the above group, ordered by trial number.
    var above: [Int]
    /// Whether the split was over several objectives.
    var multiObjective: Bool
    /// The kernel weights of ``below``, in its order: ``weights(_:)`` for one objective, the good group's
    /// (``MultiObjectiveGoodGroup/weights(_:feasible:)``) for several.
    private(set) var belowWeights: [Double] = []

    /// Splits `trials[i]` for the positions `i` in `indices` (all of them when `nil`); `goodGroup` sizes and
    /// weights the below group when there are several `directions`.
    init(
        trials: [FrozenTrial], indices: [Int]? = nil, directions: [StudyDirection], constantLiar: Bool,
        goodGroup: MultiObjectiveGoodGroup = .hypervolumeWeighted
    ) {
        // Work on positions, not trials: a FrozenTrial is large and copying or moving it is most of the cost of a
        // split.
        var complete: [(loss: Double, index: Int)] = []
        var completeVectors: [(losses: [Double], violation: Double, index: Int)] = []
        var pruned: [(step: Int, loss: Double, index: Int)] = []
        var infeasible: [(violation: Double, index: Int)] = []
        var running: [Int] = []
        multiObjective = directions.count > 1
        for index in indices ?? Array(trials.indices) {
            let trial = trials[index]
            if trial.state == .running {
                if constantLiar { running.append(index) }
                continue
            }
            guard trial.state == .complete || trial.state == .pruned else { continue }
            let violation = trial.violation
            if multiObjective, trial.state == .complete {
                if let values = trial.values, values.count == directions.count, values.allSatisfy(\.isFinite) {
                    completeVectors.append((Pareto.minimized(values, directions: directions), violation, index))
                }
            } else if violation > 0 {
                infeasible.append((violation, index))
            } else if trial.state == .complete {
                if let value = trial.value, value.isFinite {
                    complete.append((loss(of: value, direction: directions[0]), index))
                }
            } else if let last = trial.lastIntermediateValue, last.value.isFinite, !multiObjective {
                pruned.append((last.step, loss(of: last.value, direction: directions[0]), index))
            } else {
                pruned.append((Int.min, .infinity, index))
            }
        }
        let count = complete.count + completeVectors.count + pruned.count + infeasible.count
        var remaining = multiObjective ? goodGroup.gamma(count) : TPEObservations.gamma(count)
        var vectorOf: [Int: (losses: [Double], violation: Double)] = [:]
        var below: [Int] = []
        var above: [Int] = []
        if multiObjective {
            let chosen = MultiObjectiveSplit.below(
                completeVectors.map(\.losses),
                violations: completeVectors.contains { $0.violation > 0 } ? completeVectors.map(\.violation) : nil,
                count: min(remaining, completeVectors.count))
            var isBelow = [Bool](repeating: false, count: completeVectors.count)
            for position in chosen {
                isBelow[position] = true
                vectorOf[completeVectors[position].index] = (
                    completeVectors[position].losses, completeVectors[position].violation
                )
            }
            for (position, entry) in completeVectors.enumerated() {
                if isBelow[position] { below.append(entry.index) } else { above.append(entry.index) }
            }
            remaining -= chosen.count
        }
        complete.sort {
            $0.loss < $1.loss || ($0.loss == $1.loss && trials[$0.index].number < trials[$1.index].number)
        }
        pruned.sort {
            if $0.step != $1.step { return $0.step > $1.step }
            if $0.loss != $1.loss { return $0.loss < $1.loss }
            return trials[$0.index].number < trials[$1.index].number
        }
        infeasible.sort {
            $0.violation < $1.violation
                || ($0.violation == $1.violation && trials[$0.index].number < trials[$1.index].number)
        }
        for index in complete.map(\.index) + pruned.map(\.index) + infeasible.map(\.index) {
            if remaining > 0 {
                below.append(index)
                remaining -= 1
            } else {
                above.append(index)
            }
        }
        above += running
        self.below = below.sorted { trials[$0].number < trials[$1].number }
        self.above = above.sorted { trials[$0].number < trials[$1].number }
        if multiObjective {
            // Pruned members (no vector) count as infeasible; the good group's weights measure the feasible
            // members only, and weigh every member 1 when none is feasible.
            let members = self.below.map { vectorOf[$0] }
            belowWeights = goodGroup.weights(
                members.map { $0?.losses ?? [] }, feasible: members.map { ($0?.violation ?? 1) <= 0 })
        } else {
            belowWeights = TPEObservations.weights(self.below.count)
        }
    }

    /// γ(n) = min(⌈0.1 n⌉, 25).
    static func gamma(_ count: Int) -> Int {
        min(Int((0.1 * Double(count)).rounded(.up)), 25)
    }

    /// Ones for fewer than 25 observations; otherwise a ramp from 1/n to 1 for the oldest n - 25, then ones.
    static func weights(_ count: Int) -> [Double] {
        guard count >= 25 else { return [Double](repeating: 1, count: count) }
        let rampCount = count - 25
        var result: [Double] = []
        result.reserveCapacity(count)
        let start = 1 / Double(count)
        for i in 0..<rampCount {
            result.append(rampCount == 1 ? start : start + (1 - start) * Double(i) / Double(rampCount - 1))
        }
        return result + [Double](repeating: 1, count: 25)
    }
}
