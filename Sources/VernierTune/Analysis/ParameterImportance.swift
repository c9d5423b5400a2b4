import Foundation

/// How much each hyperparameter mattered for reaching the best trials: PED-ANOVA (``PEDANOVA``, the evaluator
/// Optuna 5 uses by default), normalised so that all parameters sum to 1, as Optuna's
/// `get_param_importances` reports it. It is a share of the total importance, not a share of the objective's
/// variance.
///
/// ```swift
/// for item in try ParameterImportance.compute(study: study) { print(item.parameter, item.importance) }
/// ```
public struct ParameterImportance: Sendable, Hashable, Codable {
    /// The parameter's name.
    public var parameter: String
    /// Its share of the total importance in [0, 1] (equal shares when every divergence is 0).
    public var importance: Double
    /// The PED-ANOVA divergence before normalisation (0: its values among the best trials look like its values
    /// among all trials).
    public var divergence: Double

    /// Creates an importance.
    public init(parameter: String, importance: Double, divergence: Double) {
        self.parameter = parameter
        self.importance = importance
        self.divergence = divergence
    }

    /// The ranking for a study's complete trials, most important first.
    ///
    /// ```swift
    /// let ranking = try ParameterImportance.compute(study: study)
    /// ```
    public static func compute(study: Study) throws -> [ParameterImportance] {
        compute(trials: try study.trials(states: [.complete]), direction: study.direction)
    }

    /// The ranking for trials (complete ones with a finite value are used), most important first.
    ///
    /// ```swift
    /// let ranking = ParameterImportance.compute(trials: trials, direction: .minimize)
    /// ```
    public static func compute(trials: [FrozenTrial], direction: StudyDirection) -> [ParameterImportance] {
        let divergences = PEDANOVA.divergences(trials: trials, direction: direction)
        let total = divergences.values.reduce(0, +)
        return divergences.map { name, divergence in
            ParameterImportance(
                parameter: name, importance: total > 0 ? divergence / total : 1 / Double(divergences.count),
                divergence: divergence)
        }.sorted { $0.importance != $1.importance ? $0.importance > $1.importance : $0.parameter < $1.parameter }
    }
}
