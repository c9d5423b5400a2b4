import Foundation
import Synchronization
import VernierTune

/// The constraint values of a trial evaluated `repeats` times: each repeat's values are kept, and the trial's
/// constraints become their mean so far (after the last repeat, the mean over every repeat, computed as the
/// trial's value is: the sum divided by the count). A trial's first repeat starts afresh, so a trial that runs
/// again after a failure or release never mixes two runs; an entry is dropped after its last repeat.
///
/// ```swift
/// let constraints = RepeatedConstraints(repeats: 3)
/// try constraints.record([0.2], trial: trial, repeatIndex: 0)   // trial.constraints == [0.2]
/// ```
final class RepeatedConstraints: Sendable {
    private let repeats: Int
    private let collected = Mutex<[Int: [[Double]]]>([:])

    /// Averages over `repeats` evaluations per trial.
    init(repeats: Int) {
        self.repeats = repeats
    }

    /// Records repeat `repeatIndex`'s constraint values of `trial` and sets the trial's constraints to the mean of
    /// its repeats recorded so far.
    func record(_ values: [Double], trial: Trial, repeatIndex: Int) throws {
        guard repeats > 1 else { return try trial.setConstraints(values) }
        let rows = collected.withLock { (collected: inout [Int: [[Double]]]) -> [[Double]] in
            var rows = repeatIndex == 0 ? [] : collected[trial.number] ?? []
            rows.append(values)
            collected[trial.number] = repeatIndex >= repeats - 1 ? nil : rows
            return rows
        }
        let means = values.indices.map { index in
            rows.map { $0.count > index ? $0[index] : .nan }.reduce(0, +) / Double(rows.count)
        }
        try trial.setConstraints(means)
    }
}
