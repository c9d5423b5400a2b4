/// FNV-1a, 64 bits: a hash of a string that is the same in every process and on every run (Swift's `Hasher` is
/// seeded per process, so it cannot derive reproducible random streams).
///
/// ```swift
/// let stream = UInt64(trial.number) ^ stableHash("lr")
/// ```
public func stableHash(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01b3
    }
    return hash
}
