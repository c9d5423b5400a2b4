import Foundation
import Testing
import VernierRandom

@testable import VernierTune

@Suite struct MultiObjectiveSplitTests {
    @Test func gammaHasNoCap() {
        #expect(MultiObjectiveGoodGroup.optuna.gamma(1) == 1)
        #expect(MultiObjectiveGoodGroup.optuna.gamma(200) == 20)
        #expect(MultiObjectiveGoodGroup.optuna.gamma(1000) == 100)
        #expect(MultiObjectiveGoodGroup.hypervolumeWeighted.gamma(1) == 1)
        #expect(MultiObjectiveGoodGroup.hypervolumeWeighted.gamma(30) == 5)
        #expect(MultiObjectiveGoodGroup.hypervolumeWeighted.gamma(200) == 30)
    }

    @Test func contributionWeightsFavourTheMembersThatHoldTheMostHypervolume() {
        // Reference (5.5, 2.2) from the worst values. Exclusive contributions: (0, 1) 0.54, (0.45, 0.6) 0.02,
        // (0.5, 0.5) 0.05, (1, 0) 2.25; (5, 2) is dominated by (1, 0) and adds nothing.
        let losses: [[Double]] = [[0, 1], [0.45, 0.6], [0.5, 0.5], [1, 0], [5, 2]]
        let weights = MultiObjectiveSplit.contributionWeights(losses)
        let expected = [0.54 / 2.25, 0.02 / 2.25, 0.05 / 2.25, 1, MultiObjectiveSplit.negligibleWeight]
        #expect(weights.count == expected.count)
        for (weight, value) in zip(weights, expected) { #expect(abs(weight - value) < 1e-9, "\(weights)") }
        #expect(MultiObjectiveGoodGroup.optuna.weights(losses, feasible: nil) == [1, 1, 1, 1, 1])
        #expect(MultiObjectiveGoodGroup.hypervolumeWeighted.weights(losses, feasible: nil) == weights)
    }

    @Test func contributionWeightsMeasureOnlyFeasibleMembers() {
        let losses: [[Double]] = [[0, 1], [1, 0], [0.5, 0.5]]
        let negligible = MultiObjectiveSplit.negligibleWeight
        // Without the knee, each end holds a 0.1 × 1 strip against (1.1, 1.1).
        let ends = MultiObjectiveSplit.contributionWeights(losses, feasible: [true, true, false])
        #expect(abs(ends[0] - 1) < 1e-12 && abs(ends[1] - 1) < 1e-12 && ends[2] == negligible, "\(ends)")
        #expect(
            MultiObjectiveSplit.contributionWeights(losses, feasible: [false, true, false]) == [
                negligible, 1, negligible,
            ])
        // Equal members contribute nothing alone: all count fully.
        #expect(MultiObjectiveSplit.contributionWeights([[1, 1], [1, 1]]) == [1, 1])
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
