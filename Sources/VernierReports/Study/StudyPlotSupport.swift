import VernierTune

/// Shared helpers of the study plots.
enum StudyPlotSupport {
    /// Complete trials with a finite value, in trial-number order, and how many complete trials had NaN/inf.
    static func finiteComplete(_ trials: [FrozenTrial]) -> (trials: [FrozenTrial], skipped: Int) {
        let complete = trials.filter { $0.state == .complete && $0.value != nil }.sorted { $0.number < $1.number }
        let finite = complete.filter { $0.value!.isFinite }
        return (finite, complete.count - finite.count)
    }

    /// Every parameter name of the trials, sorted.
    static func parameterNames(_ trials: [FrozenTrial]) -> [String] {
        Set(trials.flatMap(\.parameters.keys)).sorted()
    }

    /// The distribution a parameter was last sampled from.
    static func distribution(of name: String, in trials: [FrozenTrial]) -> Distribution? {
        trials.last { $0.distributions[name] != nil }?.distributions[name]
    }

    /// Scale and categories of a parameter's axis.
    static func axis(of name: String, in trials: [FrozenTrial]) -> (scale: AxisScale, categories: [String]?) {
        switch distribution(of: name, in: trials) {
        case .categorical(let distribution)?: return (.linear, distribution.choices.map(\.description))
        case let distribution?: return (distribution.isLog ? .log : .linear, nil)
        case nil: return (.linear, nil)
        }
    }

    /// A hover text: trial number, value and parameters.
    static func tooltip(_ trial: FrozenTrial) -> String {
        let value = trial.value.map { NumberFormat.short($0, digits: 6) } ?? trial.state.rawValue
        let parameters = trial.externalParameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return "trial \(trial.number): \(value)"
            + (parameters.isEmpty ? "" : " · " + parameters.joined(separator: ", "))
    }
}
