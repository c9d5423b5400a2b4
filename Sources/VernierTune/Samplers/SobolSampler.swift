import VernierNumerics

/// Quasi-random search: trial `n` takes point `n` of a scrambled Sobol sequence (``SobolSequence`` in
/// VernierNumerics: Joe–Kuo direction numbers, linear matrix scramble and digital shift), mapped through each
/// parameter's distribution. The points fill the space more evenly than random draws (Sobol, 1967; Owen's
/// randomized QMC), and the design is deterministic by seed.
///
/// The joint search space is every parameter the study has stored so far (sorted by name), so the first
/// trial, and any parameter seen for the first time, is sampled at random; from then on every trial is a Sobol
/// point. Because the point index is the trial number, resuming a study or running several processes continues
/// the same sequence.
///
/// ```swift
/// let study = try Study(name: "sobol", direction: .minimize, storage: InMemoryStorage(),
///                       sampler: SobolSampler(seed: 3))
/// try study.optimize(trials: 64) { try TestFunction.branin.objective($0) }
/// ```
public struct SobolSampler: RelativeSampler, RandomFallbackSampler {
    /// The scramble seed (also seeds the random fallback).
    public var seed: UInt64

    /// Creates the sampler.
    ///
    /// ```swift
    /// let sampler = SobolSampler(seed: 1)
    /// ```
    public init(seed: UInt64 = 0) {
        self.seed = seed
    }

    /// Every parameter the study has stored, with its distribution (single-value parameters excluded).
    public func inferRelativeSearchSpace(study: Study, trial: FrozenTrial) throws -> [String: Distribution] {
        try study.storage.studyDistributions(studyID: study.id).filter { !$0.value.isSingleValue }
    }

    /// Point `trial.number` of the scrambled sequence over the sorted parameter names.
    public func sampleRelative(
        study: Study, trial: FrozenTrial, searchSpace: [String: Distribution]
    ) throws
        -> [String: Double]
    {
        let names = searchSpace.keys.sorted()
        guard !names.isEmpty, names.count <= SobolSequence.maximumDimension else { return [:] }
        var sequence = SobolSequence(dimension: names.count, scrambleSeed: seed)
        sequence.skip(to: UInt64(trial.number))
        let point = sequence.next()
        var values: [String: Double] = [:]
        for (index, name) in names.enumerated() {
            values[name] = searchSpace[name]!.internalValue(fromUnit: point[index])
        }
        return values
    }
}
