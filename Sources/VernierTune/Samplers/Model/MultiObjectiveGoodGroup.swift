/// How multi-objective TPE chooses and weights its good ("below") group in a study with several objectives.
/// Both rank the completed trials by non-dominated front (feasible first) and cut the last front that fits only in
/// part by greedy hypervolume subset selection (``TPESampler``).
///
/// ```swift
/// let optunaLike = TPESampler(seed: 1, goodGroup: .optuna)
/// ```
public enum MultiObjectiveGoodGroup: String, Sendable, CaseIterable, Codable {
    /// The best ⌈0.15 n⌉ trials, each weighted by the hypervolume it alone adds to the group (divided by the
    /// largest such contribution): the group reaches past the first front, so near-front trials leave the bad
    /// group, while members dominated inside the group (and infeasible members, when a feasible one is there) get
    /// a vanishing weight, so the good density stays on the group's own front. The default.
    case hypervolumeWeighted = "hypervolume"
    /// Optuna 5.1's: the best ⌈0.1 n⌉ trials, weight 1 each.
    case optuna

    /// The share of the finished trials that forms the good group.
    public var fraction: Double {
        switch self {
        case .hypervolumeWeighted: 0.15
        case .optuna: 0.1
        }
    }

    /// γ(n) = ⌈fraction · n⌉ (no cap of 25: the group must be able to cover a front).
    public func gamma(_ count: Int) -> Int {
        Int((fraction * Double(count)).rounded(.up))
    }

    /// The kernel weights of a good group of minimized `losses` (all satisfy the constraints where `feasible` is
    /// nil): ones for ``optuna``; for ``hypervolumeWeighted`` see ``MultiObjectiveSplit/contributionWeights(_:feasible:)``.
    func weights(_ losses: [[Double]], feasible: [Bool]?) -> [Double] {
        switch self {
        case .optuna: [Double](repeating: 1, count: losses.count)
        case .hypervolumeWeighted: MultiObjectiveSplit.contributionWeights(losses, feasible: feasible)
        }
    }
}
