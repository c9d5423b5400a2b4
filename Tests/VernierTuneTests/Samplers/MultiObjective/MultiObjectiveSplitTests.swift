import Foundation
import Testing
import VernierRandom

@testable import VernierTune

@Suite struct MultiObjectiveSplitTests {
    @Test func gammaHasNoCap() {
        #expect(MultiObjectiveSplit.gamma(1) == 1)
        #expect(MultiObjectiveSplit.gamma(200) == 20)
        #expect(MultiObjectiveSplit.gamma(1000) == 100)
    }

    @Test func wholeFrontsFirst() {
        // Front 0: indices 1, 3; front 1: 0, 4; front 2: 2.
        let losses: [[Double]] = [[2, 2], [0, 1], [3, 3], [1, 0], [1, 2.5]]
        #expect(MultiObjectiveSplit.below(losses, violations: nil, count: 2) == [1, 3])
        #expect(MultiObjectiveSplit.below(losses, violations: nil, count: 4) == [0, 1, 3, 4])
        #expect(MultiObjectiveSplit.below(losses, violations: nil, count: 0) == [])
        #expect(MultiObjectiveSplit.below(losses, violations: nil, count: 9) == [0, 1, 2, 3, 4])
    }

    @Test func theCutFrontKeepsTheLargestHypervolume() {
        // Reference (1.1, 1.1): alone, the knee adds 0.36 and each end 0.11; after the knee, each end adds 0.05
        // (a tie, broken by index).
        let front: [[Double]] = [[0, 1], [0.5, 0.5], [1, 0]]
        #expect(MultiObjectiveSplit.referencePoint(front) == [1.1, 1.1])
        #expect(MultiObjectiveSplit.greedySubset(front, count: 1, reference: [1.1, 1.1]) == [1])
        #expect(MultiObjectiveSplit.greedySubset(front, count: 2, reference: [1.1, 1.1]) == [1, 0])
        let losses = front + [[2, 2]]
        #expect(MultiObjectiveSplit.below(losses, violations: nil, count: 1) == [1])
    }

    @Test func lazyGreedyMatchesThePlainGreedyInThreeDimensions() {
        var generator = Xoshiro256(seed: 11)
        for _ in 0..<5 {
            // Points on the unit sphere's octant are mutually non-dominated.
            let front: [[Double]] = (0..<24).map { _ in
                let v = (0..<3).map { _ in abs(generator.nextNormal()) + 1e-3 }
                let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
                return v.map { $0 / norm }
            }
            let reference = MultiObjectiveSplit.referencePoint(front)
            var plain: [Int] = []
            for _ in 0..<8 {
                let base = Hypervolume.of(plain.map { front[$0] }, reference: reference)
                let next = front.indices.filter { !plain.contains($0) }.max { i, j in
                    let gi = Hypervolume.of(plain.map { front[$0] } + [front[i]], reference: reference) - base
                    let gj = Hypervolume.of(plain.map { front[$0] } + [front[j]], reference: reference) - base
                    return gi < gj || (gi == gj && i > j)
                }!
                plain.append(next)
            }
            #expect(MultiObjectiveSplit.greedySubset(front, count: 8, reference: reference) == plain)
        }
    }

    @Test func feasiblePointsComeFirst() {
        let losses: [[Double]] = [[0, 0], [1, 1], [2, 2]]
        #expect(MultiObjectiveSplit.below(losses, violations: [3, 0, 0], count: 1) == [1])
        #expect(MultiObjectiveSplit.below(losses, violations: [3, 0, 1], count: 2) == [1, 2])
    }
}
