import Foundation

/// The "good" (below) and "bad" (above) groups of trials of the tree-structured Parzen estimator, with their
/// kernel weights, split as Optuna does:
/// - completed trials are ranked by loss, pruned ones after them by the last step they reached (further is
///   better) and then by their last intermediate loss; the best γ(n) = min(⌈0.1 n⌉, 25) form the below group,
///   where n counts the finished (completed and pruned) trials;
/// - with the constant liar, running trials are in the above group (as if they were bad), which steers parallel
///   workers away from points already being evaluated;
/// - each group is ordered by trial number and weighted 1, except that groups larger than 25 give their oldest
///   members linearly smaller weights (from 1/n up to 1) so that recent trials count more.
struct TPEObservations {
    /// Positions in the `trials` given to `init` of the below group, ordered by trial number.
    var below: [Int]
    /// Positions in the `trials` given to `init` of the above group, ordered by trial number.
    var above: [Int]

    /// Splits `trials[i]` for the positions `i` in `indices` (all of them when `nil`).
    init(trials: [FrozenTrial], indices: [Int]? = nil, direction: StudyDirection, constantLiar: Bool) {
        // Work on positions, not trials: a FrozenTrial is large and copying or moving it is most of the cost of a
        // split.
        var complete: [(loss: Double, index: Int)] = []
        var pruned: [(step: Int, loss: Double, index: Int)] = []
        var running: [Int] = []
        for index in indices ?? Array(trials.indices) {
            switch trials[index].state {
            case .complete:
                if let value = trials[index].value, value.isFinite {
                    complete.append((loss(of: value, direction: direction), index))
                }
            case .pruned:
                if let last = trials[index].lastIntermediateValue, last.value.isFinite {
                    pruned.append((last.step, loss(of: last.value, direction: direction), index))
                } else {
                    pruned.append((Int.min, .infinity, index))
                }
            case .running:
                if constantLiar { running.append(index) }
            default:
                break
            }
        }
        let count = complete.count + pruned.count
        var remaining = TPEObservations.gamma(count)
        complete.sort {
            $0.loss < $1.loss || ($0.loss == $1.loss && trials[$0.index].number < trials[$1.index].number)
        }
        pruned.sort {
            if $0.step != $1.step { return $0.step > $1.step }
            if $0.loss != $1.loss { return $0.loss < $1.loss }
            return trials[$0.index].number < trials[$1.index].number
        }
        var below: [Int] = []
        var above: [Int] = []
        for index in complete.map(\.index) + pruned.map(\.index) {
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
