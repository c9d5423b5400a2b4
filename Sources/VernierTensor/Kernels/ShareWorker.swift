import Foundation
import Synchronization

/// The second core's thread of ``BatchShares``: started once, it waits (polling briefly, then on a semaphore) until
/// a caller hands it the second share of a batch, runs it while the caller runs the first, and signals when done.
///
/// A hand-over allocates nothing: the caller's ``ShareJob`` stays on the caller's stack, and the worker gets its
/// address and its type (an existential metatype: metadata the runtime makes once per job type and keeps), from
/// which it calls the job's `run`. (A non-escaping closure would have to go through `withoutActuallyEscaping` to be
/// stored where the worker reads it, which boxes it: 32 bytes per hand-over; `DispatchQueue.concurrentPerform`
/// allocated about six blocks and continuations per call.) One caller at a time owns the worker; a concurrent or
/// nested call runs both shares on its own thread, one after the other (same shares, same bits, no waiting).
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
    /// The current hand-over's job (its type and its address on the caller's stack) and batch size (written
    /// before `start` is signalled, read by the worker after it wakes; the semaphores order the accesses).
    private var jobType: (any ShareJob.Type)?
    private var job: UnsafeRawPointer?
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
        guard let jobType, let job else { return }
        Self.run(jobType, at: job, share: 1, images: BatchShares.range(1, of: images))
    }

    /// Runs share `share` of the `Job` stored at `job` (`Job` opened from the stored metatype).
    private static func run<Job: ShareJob>(
        _: Job.Type, at job: UnsafeRawPointer, share: Int, images: Range<Int>
    ) {
        job.assumingMemoryBound(to: Job.self).pointee.run(share: share, images: images)
    }

    /// Runs `job`'s share 0 here and its share 1 on the worker at the same time, returning when both are done (both
    /// here, in order, when another caller owns the worker).
    func runPair<Job: ShareJob>(images: Int, _ job: Job) {
        guard owned.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            job.run(share: 0, images: BatchShares.range(0, of: images))
            job.run(share: 1, images: BatchShares.range(1, of: images))
            return
        }
        self.images = images
        withUnsafePointer(to: job) { pointer in
            jobType = Job.self
            self.job = UnsafeRawPointer(pointer)
            let number = posted.wrappingAdd(1, ordering: .releasing).newValue
            start.signal()
            pointer.pointee.run(share: 0, images: BatchShares.range(0, of: images))
            var spin = 0
            while finished.load(ordering: .acquiring) != number && spin < Self.spins { spin += 1 }
            done.wait()
            self.job = nil
            jobType = nil
        }
        owned.store(false, ordering: .releasing)
    }
}

/// One batch split's work (``BatchShares/run(images:_:)``): `run(share:images:)` is called once per share, the
/// two shares at the same time on two threads, so it reads `self` and writes only what its share owns. A job is a
/// struct of the pointers and sizes its shares need (no closures: a non-escaping closure cannot be handed to the
/// worker without being boxed).
protocol ShareJob {
    /// Runs share `share` (0 or 1) over the batch's images (or rows) `images`.
    func run(share: Int, images: Range<Int>)
}
