import VernierRandom

/// The random stream of one sampler decision (see ``decisionGenerator(seed:trialNumber:label:)``): Xoshiro256**
/// seeded from the sampler seed, the trial number and a label, so that a decision never depends on the order in
/// which other decisions were made.
struct VernierRandomGenerator: RandomNumberGenerator {
    private var generator: Xoshiro256

    init(seed: UInt64, trialNumber: Int, label: String) {
        var seeder = SplitMix64(seed: seed ^ stableHash(label))
        _ = seeder.next()
        generator = Xoshiro256(seed: seeder.next() &+ UInt64(truncatingIfNeeded: trialNumber) &* 0x9E37_79B9_7F4A_7C15)
    }

    mutating func next() -> UInt64 {
        generator.next()
    }
}
