import ArgumentParser
import Foundation
import VernierExperiments
import VernierTune

/// The recipe `vernier tune` runs: the study file (or the objective named on the command line) with the options
/// over it (``StudySpec/Overrides/merging(_:)``), resolved and validated into a ``StudySpec`` before any storage
/// is opened, and the ``StudyRunner`` for it. Errors become command-line errors naming the file, line and field,
/// or the option.
struct StudyRecipe {
    /// The merged partial recipe (name, storage and the origin of every field).
    let overrides: StudySpec.Overrides
    /// The runner of the resolved spec.
    let runner: StudyRunner

    /// Reads `target` (a study file, or an objective's name), merges `options` over it and resolves the spec; a
    /// command study's trial logs go to `<out or runs/tune/<study>>/trials` (as written: relative stays relative),
    /// and `commandTrials` sets its trial timeout and stop grace period.
    init(
        target: String, options: StudySpec.Overrides, out: String?,
        commandTrials: CommandTrialOptions = CommandTrialOptions()
    ) throws {
        var base = StudySpec.Overrides()
        if Self.isStudyFile(target) {
            do { base = try StudyFile.load(path: target) } catch let error as StudyFileError {
                throw ValidationError(error.description)
            }
        } else {
            base.objective = target
            base.origins.fallback = target
        }
        overrides = base.merging(options)
        var spec: StudySpec
        do {
            spec = try overrides.resolved()
        } catch let error as StudyFileError {
            throw ValidationError(error.description)
        } catch let error as RecipeOptionError {
            throw ValidationError(error.description)
        }
        let name = overrides.studyName(sampler: spec.sampler)
        spec.command?.logDirectory =
            StudyReportLocation.url(out: out, study: name).deletingLastPathComponent()
            .appendingPathComponent("trials").relativePath
        try commandTrials.apply(to: &spec)
        runner = try StudyRunner(spec: spec, studyName: name)
        try refuseExternalObjective(runner)
    }

    /// Whether the target is a study file rather than an objective's name.
    static func isStudyFile(_ target: String) -> Bool {
        target.hasSuffix(".yaml") || target.hasSuffix(".yml") || FileManager.default.fileExists(atPath: target)
    }

    /// Refuses a study stored under the same name with another recipe, listing what differs; writes nothing.
    func checkStored(in storage: any Storage) throws {
        do {
            try runner.spec.checkStored(study: runner.studyName, in: storage)
        } catch let error as StudySpecError {
            throw ValidationError(error.description)
        }
    }

    /// Loads the data of an experiment objective that reads files (a CSV table, a folder of images) once before
    /// the study starts, so a missing or unreadable file is refused before anything is written, and prints what
    /// loading decided (how a CSV label was read). The spec's settings were validated when it was resolved; the
    /// typed ``DataRecipe`` says whether files are read and which setting names them.
    func printDataNotes() throws {
        let spec = runner.spec
        guard spec.command == nil,
            let supervised = try? ExperimentRegistry.experiment(named: spec.objective) as? SupervisedExperiment
        else { return }
        var fileKey: String?
        do {
            let data = try supervised.dataRecipe(
                try supervised.configuration(settings: spec.settings, location: "--set"))
            fileKey = data.fileKey
            guard fileKey != nil else { return }
            for note in try data.load().notes { print(note) }
        } catch {
            let message = (error as? ConfigError)?.description ?? "\(error)"
            // From a study file's `set:` (and no option overrode it): name the file, line and key.
            if let key = fileKey, let file = overrides.origins.file,
                let line = overrides.origins.lines["set.\(key)"], overrides.origins.options["set.\(key)"] == nil
            {
                throw ValidationError(
                    StudyFileError(file: file, line: line, field: "set.\(key)", message: message).description)
            }
            throw ValidationError("\(spec.objective): \(message)")
        }
    }
}

/// Refuses to run trials of a study whose objective is evaluated outside Vernier (`vernier tune`, `vernier worker`).
func refuseExternalObjective(_ runner: StudyRunner) throws {
    guard runner.objective.name == TunableObjective.externalName else { return }
    throw ValidationError(
        "the objective of '\(runner.studyName)' is evaluated outside Vernier: run its trials with "
            + "`vernier ask` and `vernier tell`")
}
