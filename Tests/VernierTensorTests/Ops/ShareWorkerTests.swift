import Foundation
import Synchronization
import Testing

@testable import VernierTensor

/// `BatchShares.run` on the persistent second-core worker: every share runs once with its range, the second on
/// another thread when the worker is free, and a split inside a share (the worker already owned) runs both of its
/// shares on the calling thread instead of waiting.
@Suite struct ShareWorkerTests {
    /// Where the test jobs record what ran.
    final class Record: Sendable {
        let ranges = Mutex<[Int: Range<Int>]>([:])
        let covered = Mutex<[Range<Int>]>([])
        let total = Atomic<Int>(0)
    }

    /// Records each share's range.
    struct RecordShare: ShareJob {
        let record: Record
        func run(share: Int, images: Range<Int>) { record.ranges.withLock { $0[share] = images } }
    }

    /// Splits its share again, recording the inner shares' absolute ranges.
    struct NestedSplit: ShareJob {
        let record: Record
        func run(share _: Int, images outer: Range<Int>) {
            BatchShares.run(images: outer.count, Inner(record: record, offset: outer.lowerBound))
        }

        struct Inner: ShareJob {
            let record: Record
            let offset: Int
            func run(share _: Int, images: Range<Int>) {
                record.covered.withLock { $0.append((offset + images.lowerBound)..<(offset + images.upperBound)) }
            }
        }
    }

    /// Counts the images of its shares.
    struct CountImages: ShareJob {
        let record: Record
        func run(share _: Int, images: Range<Int>) { record.total.wrappingAdd(images.count, ordering: .relaxed) }
    }

    @Test func eachShareRunsOnceWithItsRange() {
        let record = Record()
        BatchShares.run(images: 7, RecordShare(record: record))
        #expect(record.ranges.withLock { $0 } == [0: 0..<3, 1: 3..<7])
    }

    @Test func aSplitInsideAShareRunsWithoutWaiting() {
        let record = Record()
        BatchShares.run(images: 4, NestedSplit(record: record))
        #expect(
            record.covered.withLock { $0 }.sorted { $0.lowerBound < $1.lowerBound } == [0..<1, 1..<2, 2..<3, 3..<4])
    }

    @Test func manySplitsInARowAllComplete() {
        let record = Record()
        for _ in 0..<2000 { BatchShares.run(images: 2, CountImages(record: record)) }
        #expect(record.total.load(ordering: .relaxed) == 4000)
    }
}
