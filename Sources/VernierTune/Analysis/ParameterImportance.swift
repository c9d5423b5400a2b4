import Foundation

/// A simple hyperparameter-importance ranking from complete trials: for each parameter, the share of the
/// objective's variance explained by that parameter alone.
///
/// Method ("fANOVA-lite", a one-way ANOVA per parameter): the trials that used the parameter are grouped by its
/// value — one group per choice for categorical parameters and integers with at most 10 distinct values, else
/// up to 5 equal-count bins of the (log-scaled, for log parameters) value. The importance is Pearson's
/// correlation ratio η² = Σ_groups n_g (ȳ_g − ȳ)² / Σ_trials (y − ȳ)², the between-group share of the
/// variance, corrected for the share that random grouping explains by chance (ε² = (SS_between − (k − 1) ·
/// MS_within) / SS_total, clipped at 0, so a parameter cut into many bins does not look important by noise alone).
/// Interactions are ignored (unlike full fANOVA, Hutter et al., ICML 2014); the scores are then
/// normalized to sum to 1. Parameters with fewer than 2 trials or a single value score 0.
///
/// ```swift
/// for item in try ParameterImportance.compute(study: study) { print(item.parameter, item.importance) }
/// ```
public struct ParameterImportance: Sendable, Hashable, Codable {
    /// The parameter's name.
    public var parameter: String
    /// Its normalized importance in [0, 1] (all parameters sum to 1 unless all are 0).
    public var importance: Double
    /// The raw chance-corrected correlation ratio ε² before normalization.
    public var explainedVariance: Double

    /// The ranking for a study's complete trials, most important first.
    ///
    /// ```swift
    /// let ranking = try ParameterImportance.compute(study: study)
    /// ```
    public static func compute(study: Study) throws -> [ParameterImportance] {
        compute(trials: try study.trials(states: [.complete]))
    }

    /// The ranking for trials (only complete ones with a value are used), most important first.
    ///
    /// ```swift
    /// let ranking = ParameterImportance.compute(trials: trials)
    /// ```
    public static func compute(trials: [FrozenTrial]) -> [ParameterImportance] {
        let complete = trials.filter { $0.state == .complete && $0.value != nil }
        let names = Set(complete.flatMap(\.parameters.keys)).sorted()
        var raw: [(String, Double)] = []
        for name in names {
            let used = complete.filter { $0.parameters[name] != nil }
            guard used.count >= 2, let distribution = used.last?.distributions[name] else {
                raw.append((name, 0))
                continue
            }
            let pairs = used.map { (x: $0.parameters[name]!, y: $0.value!) }
            raw.append((name, correlationRatio(pairs, distribution: distribution)))
        }
        let total = raw.map(\.1).reduce(0, +)
        return raw.map {
            ParameterImportance(parameter: $0.0, importance: total > 0 ? $0.1 / total : 0, explainedVariance: $0.1)
        }.sorted { $0.importance != $1.importance ? $0.importance > $1.importance : $0.parameter < $1.parameter }
    }

    static func correlationRatio(_ pairs: [(x: Double, y: Double)], distribution: Distribution) -> Double {
        let mean = pairs.map(\.y).reduce(0, +) / Double(pairs.count)
        let total = pairs.map { ($0.y - mean) * ($0.y - mean) }.reduce(0, +)
        guard total > 0 else { return 0 }
        var groups: [Int: [Double]] = [:]
        let distinct = Set(pairs.map(\.x))
        let categoricalLike: Bool
        if case .categorical = distribution { categoricalLike = true } else { categoricalLike = distinct.count <= 10 }
        if categoricalLike {
            let keys = distinct.sorted()
            for pair in pairs { groups[keys.firstIndex(of: pair.x)!, default: []].append(pair.y) }
        } else {
            let transform: (Double) -> Double = distribution.isLog ? { Foundation.log($0) } : { $0 }
            let sorted = pairs.map { (transform($0.x), $0.y) }.sorted { $0.0 < $1.0 }
            let binCount = min(5, sorted.count)
            for (index, pair) in sorted.enumerated() {
                groups[index * binCount / sorted.count, default: []].append(pair.1)
            }
        }
        var between = 0.0
        for values in groups.values {
            let groupMean = values.reduce(0, +) / Double(values.count)
            between += Double(values.count) * (groupMean - mean) * (groupMean - mean)
        }
        let groupCount = Double(groups.count)
        let degreesWithin = Double(pairs.count) - groupCount
        guard degreesWithin > 0 else { return min(1, between / total) }
        let meanSquareWithin = (total - between) / degreesWithin
        return min(1, max(0, (between - (groupCount - 1) * meanSquareWithin) / total))
    }
}
