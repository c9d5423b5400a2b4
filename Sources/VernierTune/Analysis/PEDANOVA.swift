import Foundation

/// PED-ANOVA hyperparameter importance (Watanabe, Bansal and Hutter, "PED-ANOVA: Efficiently Quantifying
/// Hyperparameter Importance in Arbitrary Subspaces", IJCAI 2023, arXiv:2304.10255), with the regimes of
/// conditional parameters of "Conditional PED-ANOVA" (arXiv:2601.20800), as Optuna 5's default
/// `PedAnovaImportanceEvaluator()` computes it: for each parameter, the Pearson divergence between a Parzen
/// estimate of its values in the top 10 % of the complete trials and one of its values in all of them, on a grid
/// of at most 50 points (in log space for log parameters), with Scott's-rule bandwidths and a uniform prior
/// kernel. A parameter whose good values look like all its values gets 0.
///
/// ```swift
/// let divergences = PEDANOVA.divergences(trials: try study.trials(), direction: .minimize)
/// // ["x0": 0.41, "x1": 0.63]
/// ```
public enum PEDANOVA {
    /// The share of complete trials counted as good (γ′ in the paper).
    public static let targetQuantile = 0.1
    /// Grid points of a continuous parameter.
    static let gridSteps = 50
    /// The weight of the uniform prior kernel (each observation weighs 1).
    static let priorWeight = 1.0
    /// A regime (the trials sharing one distribution of a parameter) with fewer trials is left out.
    static let minimumTrialsInRegime = 2

    /// The unnormalised importance of every parameter of the complete trials with a finite value (0 for all when
    /// there are fewer than 2 such trials).
    public static func divergences(trials: [FrozenTrial], direction: StudyDirection) -> [String: Double] {
        let complete = trials.filter { $0.state == .complete }
        let names = Set(complete.flatMap(\.distributions.keys))
        var result = Dictionary(uniqueKeysWithValues: names.map { ($0, 0.0) })
        let region = complete.filter { $0.value?.isFinite ?? false }
        guard region.count > 1 else { return result }
        let sign = direction == .minimize ? 1.0 : -1.0
        let losses = region.map { sign * $0.value! }
        let cutoffIndex = Int((targetQuantile * Double(losses.count)).rounded(.up)) - 1
        let cutoff = losses.sorted()[cutoffIndex]
        let targetIDs = Set(zip(region, losses).filter { $0.1 <= cutoff }.map(\.0.trialID))
        let quantile = Double(targetIDs.count) / Double(region.count)
        for name in names {
            let regimes = Dictionary(grouping: region) { $0.distributions[name] }
            var total = 0.0
            for case (let distribution?, let regimeTrials) in regimes
            where regimeTrials.count >= minimumTrialsInRegime && !isSingle(distribution) {
                let target = regimeTrials.filter { targetIDs.contains($0.trialID) }
                guard !target.isEmpty else { continue }
                let alpha = Double(target.count) / Double(targetIDs.count)
                let beta = Double(regimeTrials.count) / Double(region.count)
                total +=
                    alpha * alpha / beta
                    * pearsonDivergence(name, distribution, target: target, region: regimeTrials)
            }
            result[name] = total * quantile * quantile
        }
        return result
    }

    /// Σ p_region · (p_target / p_region − 1)² over the grid.
    static func pearsonDivergence(
        _ name: String, _ distribution: Distribution, target: [FrozenTrial], region: [FrozenTrial]
    ) -> Double {
        let top = ParzenGrid(counts: counts(name, distribution, target), distribution: distribution).pdf
        let all = ParzenGrid(counts: counts(name, distribution, region), distribution: distribution).pdf
        var sum = 0.0
        for index in top.indices {
            let p = top[index] + 1e-12
            let q = all[index] + 1e-12
            sum += q * (p / q - 1) * (p / q - 1)
        }
        return sum
    }

    static func isSingle(_ distribution: Distribution) -> Bool {
        switch distribution {
        case .float(let float): return float.low == float.high
        case .int(let int): return int.low == int.high
        case .categorical(let categorical): return categorical.choices.count <= 1
        }
    }

    /// How many trials fall on each grid point: a choice's index, or the nearest of the grid points spread evenly
    /// over the (log-)range.
    static func counts(_ name: String, _ distribution: Distribution, _ trials: [FrozenTrial]) -> [Int] {
        let values = trials.compactMap { $0.parameters[name] }
        var low: Double
        var high: Double
        var steps = gridSteps
        var isLog = false
        switch distribution {
        case .categorical(let categorical):
            var counts = Array(repeating: 0, count: categorical.choices.count)
            for value in values { counts[min(max(Int(value), 0), counts.count - 1)] += 1 }
            return counts
        case .float(let float):
            (low, high, isLog) = (float.low, float.high, float.log)
            if let step = float.step, !float.log { steps = min(Int(((high - low) / step).rounded()) + 1, steps) }
        case .int(let int):
            (low, high, isLog) = (Double(int.low), Double(int.high), int.log)
            if int.log {
                steps = min(Int((Foundation.log(high - low + 1) / Foundation.log(2.0)).rounded(.up)) + 1, gridSteps)
            } else {
                steps = min(Int(((high - low) / Double(int.step)).rounded()) + 1, steps)
            }
        }
        if isLog { (low, high) = (Foundation.log(low), Foundation.log(high)) }
        let stepSize = (high - low) / Double(steps - 1)
        var counts = Array(repeating: 0, count: steps)
        for value in values {
            let x = isLog ? Foundation.log(value) : value
            let index = Int(((x - low) / stepSize - 0.5).rounded(.up))
            counts[min(max(index, 0), steps - 1)] += 1
        }
        return counts
    }
}
