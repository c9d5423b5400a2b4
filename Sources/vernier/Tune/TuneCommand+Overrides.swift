import ArgumentParser
import Foundation
import VernierExperiments
import VernierTune

extension TuneCommand {
    /// The options of `vernier tune` as a partial recipe, each field naming its option for error messages; the
    /// study file's fields (or the objective's defaults) are under it (``StudyRecipe``).
    func overrides() throws -> StudySpec.Overrides {
        var result = StudySpec.Overrides()
        func given<T>(_ value: T?, _ field: String, _ option: String, _ set: (T) -> Void) {
            guard let value else { return }
            set(value)
            result.origins.options[field] = option
        }
        if let sampler {
            guard let kind = SamplerKind(rawValue: sampler) else {
                throw ValidationError(
                    "unknown sampler '\(sampler)'; valid: \(SamplerKind.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            result.sampler = kind
            result.origins.options["sampler"] = "--sampler"
        }
        given(candidates, "sampler.candidates", "--candidates") { result.candidates = $0 }
        do {
            if let pruner {
                result.pruner = try PrunerSettings(name: pruner)
                result.origins.options["pruner"] = "--pruner"
            }
        } catch {
            throw ValidationError("--pruner: \(error.message)")
        }
        let edits: [(Int?, (Int) -> PrunerSettings.Edit)] = [
            (minEpochs, PrunerSettings.Edit.minEpochs), (maxEpochs, PrunerSettings.Edit.maxEpochs),
            (reductionFactor, PrunerSettings.Edit.reductionFactor), (warmupEpochs, PrunerSettings.Edit.warmupEpochs),
            (startupTrials, PrunerSettings.Edit.startupTrials),
        ]
        for (value, edit) in edits { if let value { result.prunerEdits.append(edit(value)) } }
        if let percentile { result.prunerEdits.append(.percentile(percentile)) }
        if !result.prunerEdits.isEmpty, result.origins.options["pruner"] == nil {
            result.origins.options["pruner"] = "--pruner"
        }
        given(trials, "trials", "--trials") { result.trials = $0 }
        given(timeout, "timeout", "--timeout") { result.timeout = $0 }
        given(study, "study", "--study") { result.name = $0 }
        given(storage, "storage", "--storage") { result.storage = $0 }
        given(repeats, "repeats", "--repeats") { result.repeats = $0 }
        given(seed, "seed", "--seed") { result.seed = $0 }
        given(fused, "fused", "--fused") { result.fused = $0 == "on" }
        var fixed: [String: (value: String, option: String)] = [:]
        do {
            for (key, value) in try ExperimentConfiguration.settings(from: settings) {
                fixed[key] = (value, "--set \(key)=\(value)")
            }
        } catch let error as ConfigError {
            throw ValidationError(error.description)
        }
        if let file { fixed["file"] = (file, "--file") }
        if let label { fixed["label"] = (label, "--label") }
        if let data { fixed["data"] = (data, "--data") }
        for (key, given) in fixed {
            // An error about this setting names the option that gave it (`--set lr=fast: …`).
            let settingKey = StudySpec.settingKey(key)
            result.settings[settingKey] = given.value
            result.origins.options["set.\(settingKey)"] = given.option
        }
        if !fixed.isEmpty { result.origins.options["set"] = "--set" }
        try objectiveOptions.apply(to: &result)
        return result
    }
}
