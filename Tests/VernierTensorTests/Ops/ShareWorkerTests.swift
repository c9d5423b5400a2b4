import Foundation
import Synchronization
import Testing

@testable import VernierTensor

/// `BatchShares.run` on the persistent second-core worker: every share runs once with its range, the second on
/// another thread when the worker is free, and a split inside a share (the worker already owned) runs both of its
/// shares on the calling thread instead of waiting.
@Suite struct ShareWorkerTests {
    @Test func eachShareRunsOnceWithItsRange() {
        let seen = Mutex<[Int: Range<Int>]>([:])
        BatchShares.run(images: 7) { share, range in seen.withLock { $0[share] = range } }
        #expect(seen.withLock { $0 } == [0: 0..<3, 1: 3..<7])
    }

    @Test func aSplitInsideAShareRunsWithoutWaiting() {
        let covered = Mutex<[Range<Int>]>([])
        BatchShares.run(images: 4) { _, outer in
            BatchShares.run(images: outer.count) { _, inner in
                covered.withLock {
                    $0.append((outer.lowerBound + inner.lowerBound)..<(outer.lowerBound + inner.upperBound))
                }
            }
        }
        #expect(covered.withLock { $0 }.sorted { $0.lowerBound < $1.lowerBound } == [0..<1, 1..<2, 2..<3, 3..<4])
    }

    @Test func manySplitsInARowAllComplete() {
        let total = Atomic<Int>(0)
        for _ in 0..<2000 {
            BatchShares.run(images: 2) { _, range in total.wrappingAdd(range.count, ordering: .relaxed) }
        }
        #expect(total.load(ordering: .relaxed) == 4000)
    }
}
