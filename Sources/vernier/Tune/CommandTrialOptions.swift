import ArgumentParser
import VernierExperiments

/// The options of `vernier tune` for a command study's trials (a study file with `command:`): the per-trial timeout
/// and the grace period between SIGTERM and SIGKILL, overriding the study file's `trial_timeout` and `stop_grace`.
/// They belong to a run, not to the recipe: a rerun may change them (see `CommandObjective.comparedRecipe`).
///
/// ```
/// vernier tune train.yaml --trial-timeout 600 --stop-grace 30
/// ```
struct CommandTrialOptions: ParsableArguments {
    @Option(
        parsing: .unconditional,
        help:
            "Seconds a command study's trial may run before it is stopped and fails (default: trial_timeout, else none)."
    )
    var trialTimeout: Double?

    @Option(
        parsing: .unconditional,
        help:
            "Seconds between SIGTERM and SIGKILL when a command trial is pruned or times out (default: stop_grace, else 10)."
    )
    var stopGrace: Double?

    func validate() throws {
        for (name, value) in [("--trial-timeout", trialTimeout), ("--stop-grace", stopGrace)] {
            if let value, !(value > 0 && value.isFinite) {
                throw ValidationError("\(name) must be a positive number of seconds, got \(value)")
            }
        }
    }

    /// Sets the limits on a command study's spec; refuses them for any other study.
    func apply(to spec: inout StudySpec) throws {
        guard trialTimeout != nil || stopGrace != nil else { return }
        guard spec.command != nil else {
            throw ValidationError(
                "\(trialTimeout != nil ? "--trial-timeout" : "--stop-grace") applies to a command study only "
                    + "(a study file with command:)")
        }
        if let trialTimeout { spec.command?.trialTimeout = trialTimeout }
        if let stopGrace { spec.command?.stopGrace = stopGrace }
    }
}
