import Foundation
import Synchronization

/// The second core's thread of ``BatchShares``: started once, it sleeps on a semaphore until a caller hands it
/// the second share of a batch, runs it while the caller runs the first, and signals when done.
///
/// Unlike `DispatchQueue.concurrentPerform`, which copies the work into a heap block and allocates per call, a
/// hand-over here only stores the caller's closure and wakes the thread: splitting a batch allocates nothing, so
/// the fused training steps stay allocation-free. One caller at a time owns the worker; a concurrent or nested
/// call runs both shares on its own thread, one after the other (same shares, same bits, no waiting).
final class ShareWorker: @unchecked Sendable {
    /// The process's one worker (its thread starts on first use).
    static let shared = ShareWorker()

    private let owned = Atomic<Bool>(false)
    private let start = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
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
        while true {
            start.wait()
            runSecondShare()
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
        worker.start.signal()
        body(0, BatchShares.range(0, of: worker.images))
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
