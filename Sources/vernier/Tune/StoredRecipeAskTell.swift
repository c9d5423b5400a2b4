import Foundation
import Synchronization
import VernierDashboard
import VernierExperiments
import VernierTune

/// Ask, report and tell on studies whose recipe (``StudySpec``) is stored with them, as `vernier tell` and the
/// dashboard's ask/tell API need: each study is rebuilt from its stored recipe (sampler, pruner, search space,
/// budget) and kept until the stored study or recipe changes (compared as stored text: a request decodes nothing
/// when the recipe is the one it was built from). The studies read their trials through a ``FinishedTrialCache``,
/// so in a long-running server an ask loads only the trials finished since the previous one. A study without a
/// stored recipe is opened as stored (random sampler, no pruner) and asks suggest nothing.
final class StoredRecipeAskTell: AskTellService {
    /// A study as its stored recipe describes it.
    private struct Opened: @unchecked Sendable {
        /// The stored study and recipe text it was built from.
        var source: StoredRecipe
        var study: Study
        var distributions: [String: Distribution]
        var budget: Int?
    }

    /// The stored study a recipe was read from, and the recipe as stored (`nil`: none).
    private struct StoredRecipe: Equatable {
        var studyID: Int64
        var text: String?
    }

    /// The storage the service was given; its studies read trials through ``cache``.
    let storage: any Storage
    private let cache: FinishedTrialCache
    private let opened = Mutex<[String: Opened]>([:])

    init(storage: any Storage) {
        self.storage = storage
        self.cache = FinishedTrialCache.over(storage)
    }

    func ask(study name: String) throws -> AskedTrial? {
        let study = try open(name)
        guard let trial = try study.study.ask(maxTrials: study.budget, fixedDistributions: study.distributions)
        else { return nil }
        return AskedTrial(study: name, trial: trial.number, parameters: trial.parameters)
    }

    func report(study name: String, trial number: Int, step: Int, value: Double) throws -> Bool {
        try open(name).study.report(trialNumber: number, step: step, value: value)
    }

    func tell(
        study name: String, trial number: Int, state: TrialState, values: [Double]?, constraints: [Double]?
    ) throws -> FrozenTrial {
        let study = try open(name).study
        try study.tell(
            trialNumber: number, state: state, values: values, constraints: constraints,
            failReason: state == .failed ? "told failed" : nil)
        return try study.trial(number: number)
    }

    /// The study `name`, rebuilt when the stored study or its recipe differs from the one it was built from.
    private func open(_ name: String) throws -> Opened {
        let record = try storage.requireStudy(named: name)
        let source = StoredRecipe(
            studyID: record.id,
            text: try storage.studyAttributes(studyID: record.id, kind: .system)[StudySpec.attributeKey]?.stringValue)
        if let known = opened.withLock({ $0[name] }), known.source == source { return known }
        let built: Opened
        if let text = source.text {
            let recipe = try StudySpec(json: text, study: name)
            let runner = try StudyRunner(spec: recipe, studyName: name)
            built = Opened(
                source: source, study: try runner.makeStudy(storage: cache),
                distributions: recipe.space.distributions, budget: recipe.trials)
        } else {
            built = Opened(
                source: source, study: try Study.load(name: name, storage: cache), distributions: [:], budget: nil)
        }
        opened.withLock { $0[name] = built }
        return built
    }
}
