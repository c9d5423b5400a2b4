import Synchronization

/// The last multi-objective split of a ``TPESampler``, shared by its copies (thread-safe). Independent sampling
/// proposes each parameter of a trial on its own, and with several objectives each proposal would repeat the same
/// non-dominated sort and hypervolume subset selection over the same trials; the split is kept for the trial being
/// proposed and the exact usable trials (positions, numbers and states) it was computed from.
final class TPESplitCache: Sendable {
    struct Key: Hashable {
        var trialNumber: Int
        var count: Int
        var fingerprint: UInt64
        var goodGroup: MultiObjectiveGoodGroup
    }

    private let entry = Mutex<(key: Key, split: TPEObservations)?>(nil)

    /// The key of a split of `trials[i]` for the positions `i` in `usable`, proposing `trialNumber`, with
    /// `goodGroup` (copies of a sampler share this cache and may differ in it).
    static func key(trials: [FrozenTrial], usable: [Int], trialNumber: Int, goodGroup: MultiObjectiveGoodGroup) -> Key {
        var fingerprint: UInt64 = 0xcbf2_9ce4_8422_2325
        for index in usable {
            fingerprint = (fingerprint ^ UInt64(truncatingIfNeeded: index)) &* 0x0000_0100_0000_01b3
            fingerprint = (fingerprint ^ UInt64(truncatingIfNeeded: trials[index].number)) &* 0x0000_0100_0000_01b3
            fingerprint = (fingerprint ^ stableHash(trials[index].state.rawValue)) &* 0x0000_0100_0000_01b3
        }
        return Key(trialNumber: trialNumber, count: usable.count, fingerprint: fingerprint, goodGroup: goodGroup)
    }

    func split(for key: Key) -> TPEObservations? {
        entry.withLock { $0?.key == key ? $0?.split : nil }
    }

    func store(_ split: TPEObservations, for key: Key) {
        entry.withLock { $0 = (key, split) }
    }
}
