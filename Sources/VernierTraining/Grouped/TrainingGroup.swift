import Foundation
import VernierTensor

/// Schedules a group of independent training runs (the trials of a study that do not wait for each other's
/// values) over threads. A group has no training loop of its own: each member is one ``Trainer`` run (its fused
/// step, epoch loop, callbacks and errors, exactly as when it runs alone), so a member's result does not depend on
/// which others run beside it or on the thread count.
///
/// With more than one thread, up to `threads` workers each take the next untrained member until none is left,
/// and BLAS runs single-threaded meanwhile (``VernierTensor/MatrixMultiply/threadCount`` = 1: the members' small
/// products do not gain from BLAS threads, whose idle spinning would only compete with the workers). ``Trainer``
/// leaves that setting alone when its own choice is the same, so concurrent runs write nothing process-wide.
///
/// ```swift
/// let histories = TrainingGroup.run(count: recipes.count, threads: 2) { index in
///     var trainer = recipes[index].trainer()
///     trainer.recordStepLosses = false
///     return try? recipes[index].train(with: trainer).history
/// }
/// ```
public enum TrainingGroup {
    /// Calls `member(index)` once for every index in `0..<count`, on up to `threads` threads (the calling thread
    /// alone when `threads` or `count` is 1), and returns the results in index order.
    public static func run<Result: Sendable>(
        count: Int, threads: Int, _ member: @escaping @Sendable (Int) -> Result
    ) -> [Result] {
        let workers = Swift.max(1, Swift.min(threads, count))
        guard workers > 1 else { return (0..<count).map(member) }
        let queue = MemberQueue<Result>(count: count)
        let blasThreads = MatrixMultiply.threadCount
        MatrixMultiply.threadCount = 1
        defer { MatrixMultiply.threadCount = blasThreads }
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = queue.next() { queue.set(index, member(index)) }
        }
        return queue.results
    }
}

/// The members not yet handed out and the results written so far (each written once).
private final class MemberQueue<Result: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private var slots: [Result?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// The next member to train, or `nil` when every member has been handed out.
    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard nextIndex < slots.count else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }

    func set(_ index: Int, _ result: Result) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    /// Every result, in index order (after all members ran).
    var results: [Result] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}
