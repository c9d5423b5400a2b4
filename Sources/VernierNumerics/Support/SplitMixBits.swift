/// A tiny SplitMix64 generator (Steele, Lea and Flood, OOPSLA 2014) used where VernierNumerics needs random bits
/// from a seed without depending on VernierRandom (scrambling masks).
struct SplitMixBits: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension RandomNumberGenerator {
    /// A uniform `Double` in [0, 1) from the top 53 bits of one draw (same rule as VernierRandom's
    /// `nextUniform()`, repeated here because VernierNumerics has no dependencies).
    @inlinable
    mutating func unitUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
