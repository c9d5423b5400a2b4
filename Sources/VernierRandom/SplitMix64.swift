/// SplitMix64, the seeding generator of Steele, Lea and Flood, "Fast splittable pseudorandom number
/// generators" (OOPSLA 2014).
///
/// Use it to turn one 64-bit seed into well-mixed seeds for other generators; for long streams prefer
/// ``Xoshiro256``.
///
/// ```swift
/// var seeder = SplitMix64(seed: 42)
/// let a = seeder.next(), b = seeder.next()
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    /// The generator's whole state.
    public var state: UInt64

    /// Creates a generator whose first output depends only on `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// Returns the next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
