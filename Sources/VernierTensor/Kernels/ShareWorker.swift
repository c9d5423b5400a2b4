import Foundation
import Synchronization

/// The second core's thread of ``BatchShares``: started once, it waits (polling briefly, then on a semaphore) until
/// a caller hands it the second share of a batch, runs it while the caller runs the first, and signals when done.
///
/// `DispatchQueue.concurrentPerform` allocated about six blocks and continuations per call; a hand-over here
/// stores the caller's closure and wakes the thread, and allocates only the 32-byte box `withoutActuallyEscaping`
/// makes so that the closure can be stored where the worker reads it. One caller at a time owns the worker; a
/// concurrent or nested call runs both shares on its own thread, one after the other (same shares, same bits,
/// no waiting).
final class ShareWorker: @unchecked Sendable {
    /// The process's one worker (its thread starts on first use).
    static let shared = ShareWorker()

    private let owned = Atomic<Bool>(false)
    private let start = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    /// Hand-overs posted and finished so far: each side polls the other's count for a while (``spins`` loads)
    /// before it sleeps on its semaphore, since the next split usually follows within microseconds and a wake-up
    /// from the kernel costs tens of them. Every hand-over still signals and waits once on each semaphore, so a
    /// wait after a successful poll returns at once.
    private let posted = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private static let spins = 50_000
    /// The share body and batch size of the current hand-over (written before `start` is signalled, read by the
    /// worker after it wakes; the semaphores order the accesses).
    private var body: ((Int, Range<Int>) -> Void)?
    private var images = 0

    private init() {
        let thread = Thread { [unowned self] in self.serve() }
        thread.stackSize = 8 << 20
        thread.name = "vernier-share"
        thread.start()
    }

    private func serve() {
        var taken = 0
        while true {
            var spin = 0
            while posted.load(ordering: .acquiring) == taken && spin < Self.spins { spin += 1 }
            start.wait()
            taken += 1
            runSecondShare()
            finished.store(taken, ordering: .releasing)
            done.signal()
        }
    }

    @inline(never)
    private func runSecondShare() {
        body?(1, BatchShares.range(1, of: images))
    }

    /// Stores `body` for the worker, wakes it, runs the first share here and waits for the second.
    private static func handOver(_ body: @escaping (Int, Range<Int>) -> Void) {
        let worker = shared
        worker.body = body
        let number = worker.posted.wrappingAdd(1, ordering: .releasing).newValue
        worker.start.signal()
        body(0, BatchShares.range(0, of: worker.images))
        var spin = 0
        while worker.finished.load(ordering: .acquiring) != number && spin < spins { spin += 1 }
        worker.done.wait()
        worker.body = nil
    }

    /// Runs `body(0, first share)` here and `body(1, second share)` on the worker at the same time, returning when
    /// both are done (both here, in order, when another caller owns the worker).
    func runPair(images: Int, _ body: (Int, Range<Int>) -> Void) {
        guard owned.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            body(0, BatchShares.range(0, of: images))
            body(1, BatchShares.range(1, of: images))
            return
        }
        self.images = images
        // A static function, not a closure: a capturing closure's context would be allocated per call.
        withoutActuallyEscaping(body, do: Self.handOver)
        owned.store(false, ordering: .releasing)
    }
}
