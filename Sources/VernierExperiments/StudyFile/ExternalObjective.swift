import VernierTune

extension TunableObjective {
    /// The name of ``external``.
    public static let externalName = "external"

    /// The objective of a study evaluated outside Vernier, trial by trial, through `vernier ask` and
    /// `vernier tell` (or ``Study/ask(maxTrials:fixedDistributions:)`` and ``Study/tell(trialNumber:state:value:failReason:)``):
    /// any parameter names, one value per trial. It cannot run a trial itself, so `vernier tune` and
    /// `vernier worker` refuse its studies. Not listed among the registry's objectives.
    ///
    /// ```swift
    /// let objective = TunableObjective.external
    /// ```
    public static let external: TunableObjective = {
        var objective = TunableObjective(
            name: externalName, summary: "evaluated outside Vernier through vernier ask / vernier tell",
            direction: .minimize, metric: "value", searchSpace: SearchSpace.empty
        ) { trial, _, _ in
            throw ExternalObjectiveError(trialNumber: trial.number)
        }
        objective.parameterKey = { $0 }
        return objective
    }()
}

/// Thrown when Vernier is asked to evaluate a trial of a study whose objective is evaluated outside it.
public struct ExternalObjectiveError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The trial that was to be evaluated.
    public var trialNumber: Int

    /// Names the trial and says to finish it with `vernier tell`.
    public var description: String {
        "trial \(trialNumber) belongs to a study evaluated outside Vernier; finish it with `vernier tell`"
    }
}
