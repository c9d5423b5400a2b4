import Foundation
import Synchronization
import VernierDashboard
import VernierExperiments
import VernierTune

/// Ask, report and tell on studies whose recipe (``StudySpec``) is stored with them, as `vernier tell` and the
/// dashboard's ask/tell API need: each study is rebuilt from its stored recipe (sampler, pruner, search space,
/// budget) and kept until the stored recipe changes. A study without a stored recipe is opened as stored (random
/// sampler, no pruner) and asks suggest nothing.
final class StoredRecipeAskTell: AskTellService {
    /// A study as its stored recipe describes it.
    private struct Opened: @unchecked Sendable {
        var recipe: StudySpec?
        var study: Study
        var distributions: [String: Distribution]
        var budget: Int?
    }

    let storage: any Storage
    private let opened = Mutex<[String: Opened]>([:])

    init(storage: any Storage) {
        self.storage = storage
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

    /// The study `name`, rebuilt when its stored recipe differs from the one it was built from.
    private func open(_ name: String) throws -> Opened {
        let recipe = try StudySpec.stored(study: name, in: storage)
        if let known = opened.withLock({ $0[name] }), known.recipe == recipe { return known }
        let built: Opened
        if let recipe {
            let runner = try StudyRunner(spec: recipe, studyName: name)
            built = Opened(
                recipe: recipe, study: try runner.makeStudy(storage: storage),
                distributions: recipe.space.distributions, budget: recipe.trials)
        } else {
            built = Opened(
                recipe: nil, study: try Study.load(name: name, storage: storage), distributions: [:], budget: nil)
        }
        opened.withLock { $0[name] = built }
        return built
    }
}
