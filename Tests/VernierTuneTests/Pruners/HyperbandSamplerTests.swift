import Testing

@testable import VernierTune

/// Under a ``HyperbandPruner``, TPE and GP learn only from the trials of the sampled trial's own bracket (as
/// Optuna's TPE does); random sampling is unaffected.
@Suite struct HyperbandSamplerTests {
    static let pruner = HyperbandPruner(minResource: 1, maxResource: 9, reductionFactor: 3)
    static let name = "hb-model"
    static let history = 16

    /// A history of `history` random trials of `x` in [0, 1]; bracket-0 trials are best near 0.1, the others near
    /// 0.9. With `keepOnly`, trials of other brackets fail (so no model may use them).
    static func study(sampler: any Sampler, pruner: any Pruner, keepOnly bracket: Int? = nil) throws -> Study {
        let storage = InMemoryStorage()
        let seeding = try Study(
            name: name, direction: .minimize, storage: storage, sampler: RandomSampler(seed: 3), pruner: pruner)
        try seeding.optimize(trials: history) { trial in
            let x = try trial.suggestFloat("x", in: 0...1)
            let own = Self.pruner.bracket(studyName: name, trialNumber: trial.number)
            if let bracket, own != bracket { throw HistoryError() }
            return own == 0 ? abs(x - 0.1) : abs(x - 0.9)
        }
        return try Study.load(name: name, storage: storage, sampler: sampler, pruner: pruner)
    }

    struct HistoryError: Error {}

    /// The `x` the sampler proposes for the next trial (number `history`).
    static func nextX(_ study: Study) throws -> Double {
        let trial = try study.ask()
        #expect(trial.number == history)
        return try trial.suggestFloat("x", in: 0...1)
    }

    @Test(arguments: ["tpe", "gp"])
    func modelSamplersLearnFromTheTrialsOfTheirBracketOnly(sampler kind: String) throws {
        func sampler() -> any Sampler {
            kind == "tpe" ? TPESampler(seed: 5, startupTrials: 2) : GPSampler(seed: 5, startupTrials: 2)
        }
        let bracket = Self.pruner.bracket(studyName: Self.name, trialNumber: Self.history)
        let brackets = (0..<Self.history).map { Self.pruner.bracket(studyName: Self.name, trialNumber: $0) }
        #expect(Set(brackets).count > 1 && brackets.filter { $0 == bracket }.count >= 2)

        let hyperband = try Self.study(sampler: sampler(), pruner: Self.pruner)
        #expect(
            try hyperband.modelTrials(for: try hyperband.trials()[0]).count
                == brackets.filter { $0 == brackets[0] }.count)
        // The same proposal as a study in which only the trials of that bracket exist (the others failed) …
        let ownBracketOnly = try Self.study(sampler: sampler(), pruner: NopPruner(), keepOnly: bracket)
        let x = try Self.nextX(hyperband)
        #expect(x == (try Self.nextX(ownBracketOnly)))
        // … and not the one learnt from every trial.
        let everyTrial = try Self.study(sampler: sampler(), pruner: NopPruner())
        #expect(x != (try Self.nextX(everyTrial)))
    }

    @Test func randomSamplingIgnoresBrackets() throws {
        let hyperband = try Self.study(sampler: RandomSampler(seed: 5), pruner: Self.pruner)
        let plain = try Self.study(sampler: RandomSampler(seed: 5), pruner: NopPruner())
        #expect(try Self.nextX(hyperband) == (try Self.nextX(plain)))
    }
}
