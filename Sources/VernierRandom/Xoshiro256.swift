/// Xoshiro256**, the all-purpose 64-bit generator of Blackman and Vigna, "Scrambled linear pseudorandom
/// number generators" (ACM TOMS 2021).
///
/// Seeded through ``SplitMix64`` so that any seed, including 0, gives a good state. The same seed gives the
/// same numbers on every platform and every run. All Vernier APIs that need randomness take a generator like
/// this one (`inout some RandomNumberGenerator`) or a seed; there is no global generator.
///
/// ```swift
/// var rng = Xoshiro256(seed: 0)
/// let u = rng.nextUniform()          // in [0, 1)
/// let z = rng.nextNormal()           // standard normal
/// var deck = Array(0..<10)
/// deck.shuffle(using: &rng)
/// ```
public struct Xoshiro256: RandomNumberGenerator, Sendable {
    /// The four 64-bit words of state.
    public var state: (UInt64, UInt64, UInt64, UInt64)

    /// Creates a generator from a 64-bit seed (expanded with SplitMix64).
    public init(seed: UInt64) {
        var seeder = SplitMix64(seed: seed)
        state = (seeder.next(), seeder.next(), seeder.next(), seeder.next())
    }

    /// Returns the next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    /// Advances the state by 2^128 steps: gives a stream that does not overlap this one for 2^128 draws.
    ///
    /// ```swift
    /// var a = Xoshiro256(seed: 1)
    /// var b = a
    /// b.jump()   // a and b now produce independent streams
    /// ```
    public mutating func jump() {
        let table: [UInt64] = [
            0x180e_c6d3_3cfd_0aba, 0xd5a6_1266_f0c9_392c, 0xa958_2618_e03f_c9aa, 0x39ab_dc45_29b1_661c,
        ]
        var s0: UInt64 = 0
        var s1: UInt64 = 0
        var s2: UInt64 = 0
        var s3: UInt64 = 0
        for word in table {
            for bit in 0..<64 {
                if word & (UInt64(1) << UInt64(bit)) != 0 {
                    s0 ^= state.0
                    s1 ^= state.1
                    s2 ^= state.2
                    s3 ^= state.3
                }
                _ = next()
            }
        }
        state = (s0, s1, s2, s3)
    }

    /// Returns a new generator for stream `index`, independent of this one and of every other index.
    ///
    /// Useful to derive per-worker or per-trial generators from one study seed:
    /// ```swift
    /// let base = Xoshiro256(seed: 7)
    /// var worker3 = base.stream(3)
    /// ```
    public func stream(_ index: UInt64) -> Xoshiro256 {
        var seeder = SplitMix64(seed: state.0 ^ (index &* 0x9E37_79B9_7F4A_7C15) ^ rotateLeft(state.2, 17))
        var generator = self
        generator.state = (seeder.next(), seeder.next(), seeder.next(), seeder.next())
        return generator
    }
}

@inlinable
func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 - k))
}
