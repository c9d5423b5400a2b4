import Foundation
import Testing
import VernierTune

/// Pins TPE's proposals bit for bit, so that speed-ups of the estimator (batched densities, cached truncation
/// masses) cannot change what it proposes. The fingerprints were taken with the straightforward per-point
/// implementation (session 3) on Linux (glibc's libm); a change in them means the proposals changed.
@Suite struct TPEPinnedProposalsTests {
    /// FNV-1a over the bit patterns of every trial's internal parameter values (in name order) and value, and the
    /// last trial's internal values, for 60 trials on a mixed space (float, log, int, step, categorical and a
    /// conditional parameter).
    static func run(candidateCount: Int, seed: UInt64) throws -> (fingerprint: UInt64, last: [Double]) {
        let study = try Study(
            name: "pinned", direction: .minimize, storage: InMemoryStorage(),
            sampler: TPESampler(seed: seed, candidateCount: candidateCount))
        try study.optimize(trials: 60) { trial in
            let x = try trial.suggestFloat("x", in: -5...10)
            let rate = try trial.suggestFloat("rate", in: 1e-4...1, log: true)
            let n = try trial.suggestInt("n", in: 1...8)
            let s = try trial.suggestFloat("s", in: 0...3, step: 0.25)
            let c = try trial.suggestCategorical("c", ["a", "b", "c"])
            var value = (x - 1) * (x - 1) + abs(log10(rate) + 2) + Double(abs(n - 3)) + abs(s - 1.5)
            if c == "b" {
                value += abs(try trial.suggestFloat("d", in: 0...1) - 0.3)
            } else {
                value += 0.5
            }
            return value
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ value: Double) {
            var bits = value.bitPattern
            for _ in 0..<8 {
                hash = (hash ^ (bits & 0xff)) &* 0x100_0000_01b3
                bits >>= 8
            }
        }
        let trials = try study.trials()
        for trial in trials {
            for name in trial.parameters.keys.sorted() { mix(trial.parameters[name]!) }
            mix(trial.value ?? .nan)
        }
        let last = trials.last!
        return (hash, last.parameters.keys.sorted().map { last.parameters[$0]! })
    }

    @Test func proposalsWithTwentyFourCandidatesAreUnchanged() throws {
        let (fingerprint, last) = try Self.run(candidateCount: 24, seed: 3)
        #expect(String(fingerprint, radix: 16) == "e1eb1646b01dbb0")
        // c, d, n, rate (log), s, x
        #expect(last == [1, 0.4636042281220762, 3, 0.0033235233416102046, 1.5, -0.3629093318909582])
    }

    @Test func proposalsWithSixtyFourCandidatesAreUnchanged() throws {
        let (fingerprint, last) = try Self.run(candidateCount: 64, seed: 3)
        #expect(String(fingerprint, radix: 16) == "43d733d4f9b7108")
        #expect(last == [1, 0.05143846452202605, 3, 0.004376239823451226, 1.25, 1.7879474928559598])
    }
}
