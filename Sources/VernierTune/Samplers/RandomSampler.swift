import VernierRandom

/// Samples every parameter independently and uniformly (on the log scale for log parameters).
///
/// The draw for a parameter depends only on the seed, the trial number and the parameter name, so results are
/// reproducible, independent of the order in which parameters are suggested, and identical when a study is
/// resumed or split over processes.
///
/// ```swift
/// let study = try Study(name: "random", direction: .minimize, storage: InMemoryStorage(),
///                       sampler: RandomSampler(seed: 42))
/// ```
public struct RandomSampler: Sampler {
    /// The seed of every draw.
    public var seed: UInt64

    /// Creates the sampler.
    ///
    /// ```swift
    /// let sampler = RandomSampler(seed: 7)
    /// ```
    public init(seed: UInt64 = 0) {
        self.seed = seed
    }

    /// A uniform draw mapped through the distribution (see ``Distribution/internalValue(fromUnit:)``).
    public func sampleIndependent(
        study: Study, trial: FrozenTrial, name: String, distribution: Distribution
    ) throws
        -> Double
    {
        var generator = RandomSampler.generator(seed: seed, trialNumber: trial.number, name: name)
        return distribution.internalValue(fromUnit: generator.nextUniform())
    }

    /// The generator used for one parameter of one trial (also used by other samplers as a fallback).
    ///
    /// ```swift
    /// var rng = RandomSampler.generator(seed: 1, trialNumber: 3, name: "lr")
    /// ```
    public static func generator(seed: UInt64, trialNumber: Int, name: String) -> Xoshiro256 {
        var seeder = SplitMix64(seed: seed ^ stableHash(name))
        _ = seeder.next()
        return Xoshiro256(seed: seeder.next() &+ UInt64(truncatingIfNeeded: trialNumber) &* 0x9E37_79B9_7F4A_7C15)
    }
}
