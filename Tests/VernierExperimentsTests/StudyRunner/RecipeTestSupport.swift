import VernierExperiments
import VernierTune

extension StudySpec.Overrides {
    /// The runner of this recipe resolved (the study named as `vernier tune` names it), with `batchSize`
    /// trials at once, side by side in one fused group.
    func runner(batchSize: Int? = nil) throws -> StudyRunner {
        let spec = try resolved()
        var runner = try StudyRunner(spec: spec, studyName: studyName(sampler: spec.sampler))
        if let batchSize { runner.fusedGroupSize = batchSize }
        return runner
    }

    /// Runs this recipe in `storage` and returns the runner and the summary.
    @discardableResult
    func run(storage: any Storage, batchSize: Int? = nil) throws -> (runner: StudyRunner, summary: TuneSummary) {
        let runner = try runner(batchSize: batchSize)
        return (runner, try runner.run(storage: storage))
    }
}
