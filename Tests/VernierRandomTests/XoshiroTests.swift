import Testing
import VernierRandom

@Suite struct Xoshiro256Tests {
    @Test func sameSeedSameNumbers() {
        var a = Xoshiro256(seed: 42)
        var b = Xoshiro256(seed: 42)
        for _ in 0..<100 { #expect(a.next() == b.next()) }
    }

    @Test func knownSplitMixValues() {
        // Reference values of SplitMix64 with seed 0 (Vigna's C implementation).
        var s = SplitMix64(seed: 0)
        #expect(s.next() == 0xE220_A839_7B1D_CDAF)
        #expect(s.next() == 0x6E78_9E6A_A1B9_65F4)
    }
}
