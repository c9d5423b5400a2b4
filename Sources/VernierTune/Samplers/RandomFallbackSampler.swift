/// A sampler whose independent draws — parameters outside its joint space, grid or baseline — are exactly those
/// of a ``RandomSampler`` with the same ``seed``, so such a parameter gets the same value whichever of these
/// samplers the study uses.
///
/// ```swift
/// struct FixedSampler: RandomFallbackSampler {
///     var seed: UInt64 = 7
/// }
/// let study = try Study(name: "s", direction: .minimize, storage: InMemoryStorage(), sampler: FixedSampler())
/// ```
public protocol RandomFallbackSampler: Sampler {
    /// The seed of the random draws.
    var seed: UInt64 { get }
}

extension RandomFallbackSampler {
    /// The draw of `RandomSampler(seed: seed)` for this trial and parameter.
    public func sampleIndependent(
        study: Study, trial: FrozenTrial, name: String, distribution: Distribution
    ) throws
        -> Double
    {
        try RandomSampler(seed: seed).sampleIndependent(
            study: study, trial: trial, name: name, distribution: distribution)
    }
}
