import Testing
import VernierExperiments
import VernierTune

/// `sampler: {name: tpe, candidates: N}` sets ``TPESampler/candidateCount``, `good_group: G`
/// ``TPESampler/goodGroup``.
@Suite struct TPECandidatesStudyFileTests {
    @Test func candidatesReachTheTPESampler() throws {
        let file = try StudyFile.parse(
            "objective: branin\nsampler: {name: tpe, seed: 3, candidates: 24}\ntrials: 5\n", file: "tpe.yaml")
        #expect(file.sampler == .tpe)
        #expect(file.candidates == 24)
        #expect(file.seed == 3)
        let sampler = try file.runner().plan.makeSampler()
        #expect((sampler as? TPESampler)?.candidateCount == 24)
        #expect((sampler as? TPESampler)?.seed == 3)

        let plain = try StudyFile.parse("objective: branin\nsampler: tpe\n").runner().plan
        #expect(plain.spec.candidates == nil)
        #expect((try plain.makeSampler() as? TPESampler)?.candidates(objectiveCount: 1) == 64)
    }

    @Test func badCandidatesNameTheFieldAndLine() throws {
        for (text, message) in [
            ("objective: branin\nsampler: {name: gp, candidates: 24}\n", "tpe sampler only"),
            ("objective: branin\nsampler: {name: tpe, candidates: 0}\n", "at least 1"),
        ] {
            do {
                _ = try StudyFile.parse(text, file: "bad.yaml")
                Issue.record("accepted: \(text)")
            } catch let error as StudyFileError {
                #expect(error.file == "bad.yaml")
                #expect(error.line == 2)
                #expect(error.field == "sampler.candidates")
                #expect(error.description.contains(message))
            }
        }
    }

    @Test func goodGroupReachesTheTPESampler() throws {
        let file = try StudyFile.parse(
            "objective: branin\nsampler: {name: tpe, good_group: optuna}\ntrials: 5\n", file: "tpe.yaml")
        #expect(file.goodGroup == .optuna)
        #expect((try file.runner().plan.makeSampler() as? TPESampler)?.goodGroup == .optuna)
        let plain = try StudyFile.parse("objective: branin\nsampler: tpe\n").runner().plan
        #expect(plain.spec.goodGroup == nil)
        #expect((try plain.makeSampler() as? TPESampler)?.goodGroup == .hypervolumeWeighted)
        for (text, message) in [
            ("objective: branin\nsampler: {name: gp, good_group: optuna}\n", "tpe sampler only"),
            ("objective: branin\nsampler: {name: tpe, good_group: best}\n", "unknown good group 'best'"),
        ] {
            do {
                _ = try StudyFile.parse(text, file: "bad.yaml")
                Issue.record("accepted: \(text)")
            } catch let error as StudyFileError {
                #expect(error.line == 2)
                #expect(error.field == "sampler.good_group")
                #expect(error.description.contains(message), "\(error)")
            }
        }
    }
}
