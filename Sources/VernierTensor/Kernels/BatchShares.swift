import Foundation

/// Splits a batch of images into a fixed number of shares that run at the same time, one per core of a 2-core
/// machine, each on single-threaded BLAS products over small chunks that stay in the core's cache.
///
/// The split depends on the batch size only (never on the core count), and results that add over the batch (weight
/// and bias gradients) are summed per share and then share by share in order, so the same inputs give the same
/// bits on any machine. Before the shares start, BLAS is set to one thread (``BLAS/useThreads(forOperations:)``
/// would pick one for the small products anyway), so BLAS's own threads never spin against the shares. The second
/// share runs on ``ShareWorker``'s persistent thread; a split allocates nothing (see there).
enum BatchShares {
    /// The number of shares a batch is split into (fewer when the batch has fewer images).
    static let count = 2

    /// How many shares `images` images are split into: ``count``, or fewer (at least one) for a smaller batch.
    static func shareCount(images: Int) -> Int { Swift.max(1, Swift.min(count, images)) }

    /// Share `share` of `0..<images`: contiguous, as equal as possible.
    static func range(_ share: Int, of images: Int) -> Range<Int> {
        let shares = shareCount(images: images)
        return (share * images / shares)..<((share + 1) * images / shares)
    }

    /// The shares of `0..<images`: ``count`` contiguous ranges as equal as possible, empty ones left out.
    static func ranges(images: Int) -> [Range<Int>] {
        (0..<shareCount(images: images)).map { range($0, of: images) }
    }

    /// Calls `job.run(share:images:)` for every share of `0..<images`, concurrently when there are several (the
    /// first on the calling thread, the second on ``ShareWorker``), allocating nothing.
    static func run<Job: ShareJob>(images: Int, _ job: Job) {
        if shareCount(images: images) == 1 {
            job.run(share: 0, images: 0..<images)
            return
        }
        BLAS.useThreads(1)
        ShareWorker.shared.runPair(images: images, job)
    }

    /// How many images one chunk of a share holds: as many as keep its unfolded `[patch, images · positions]` and
    /// product `[outputs, images · positions]` matrices within ``chunkBudget`` floats together (at least one), so
    /// unfolding, product and folding stay in the core's cache.
    static func chunkImages(_ g: ConvolutionGeometry, outputs: Int) -> Int {
        Swift.max(1, chunkBudget / Swift.max(1, (g.patchSize + outputs) * g.positions))
    }

    /// The most floats of one chunk's matrices: 2¹⁷ (512 KiB, half a core's L2 cache).
    static let chunkBudget = 1 << 17
}
