import Foundation
import VernierData

/// Data sets loaded once per process and shared by every run that asks for the same source (a tuning study trains
/// many configurations on the same Fashion-MNIST arrays).
final class DataCache: @unchecked Sendable {
    static let shared = DataCache()
    private let lock = NSLock()
    private var entries: [DataRecipe.Source: DatasetSplits] = [:]

    /// The cached splits for `key`, loading them with `load` the first time.
    func splits(for key: DataRecipe.Source, load: () throws -> DatasetSplits) rethrows -> DatasetSplits {
        lock.lock()
        defer { lock.unlock() }
        if let cached = entries[key] { return cached }
        let loaded = try load()
        entries[key] = loaded
        return loaded
    }
}
