import Synchronization

/// The ``NSGAIIHistory`` of the study an ``NSGAIISampler`` last served, shared by the sampler's copies
/// (thread-safe). It is brought up to date from storage once per trial, when the trial's first use of it asks
/// (its generation, search space and parents then come from the same completed trials): the count of completed
/// trials is read, and only when it differs from the trials folded in are the completed trials read and the new
/// ones folded in. A study in another storage, or another study, starts a new history.
final class NSGAIIHistoryCache: Sendable {
    private struct Key: Equatable {
        var storage: ObjectIdentifier
        var studyID: Int64
    }

    private let entry = Mutex<(key: Key, history: NSGAIIHistory)?>(nil)

    /// Runs `body` on `study`'s history, up to date with its completed trials as of the start of the trial with
    /// `trialID` (`nil`: as of now).
    func withHistory<Result>(
        study: Study, trialID: Int64?, _ body: (inout NSGAIIHistory) throws -> Result
    ) throws -> Result {
        let key = Key(storage: ObjectIdentifier(study.storage), studyID: study.id)
        let known = entry.withLock { $0?.key == key ? ($0!.history.refreshedFor, $0!.history.foldedCount) : nil }
        var trials: [FrozenTrial] = []
        if trialID == nil || known?.0 != trialID {
            // Storage is read outside the lock; folding is idempotent, so a concurrent refresh does no harm.
            let completed = try study.storage.trialCount(studyID: study.id, states: [.complete])
            if known?.1 != completed { trials = try study.trials(states: [.complete]) }
        }
        return try entry.withLock { entry in
            var history = entry?.key == key ? entry!.history : NSGAIIHistory()
            entry = nil
            history.fold(trials, directions: study.directions)
            history.refreshedFor = trialID
            defer { entry = (key, history) }
            return try body(&history)
        }
    }
}
