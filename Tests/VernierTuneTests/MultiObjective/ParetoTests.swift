import Foundation
import Testing
import VernierTune

@Suite struct ParetoTests {
    @Test func dominationNeedsNoWorseEverywhereAndBetterSomewhere() {
        #expect(Pareto.dominates([1, 2], [1, 3]))
        #expect(!Pareto.dominates([1, 3], [1, 3]))
        #expect(!Pareto.dominates([0, 4], [1, 3]))
        #expect(!Pareto.dominates([.nan, 0], [1, 3]))
        #expect(!Pareto.dominates([1, 3], [.nan, 4]))
    }

    @Test func maximizedComponentsAreNegated() {
        #expect(Pareto.minimized([0.9, 1200], directions: [.maximize, .minimize]) == [-0.9, 1200])
    }

    @Test func violationSumsThePositiveConstraintValues() {
        #expect(Pareto.violation([-1, 0]) == 0)
        #expect(Pareto.violation([2, -5, 0.5]) == 2.5)
        #expect(Pareto.violation([.nan]) == .infinity)
    }

    @Test func frontsAreSortedByDomination() {
        let points: [[Double]] = [[1, 4], [2, 2], [3, 3], [4, 1], [4, 4], [2, 2]]
        #expect(Pareto.nondominatedFronts(points) == [[0, 1, 3, 5], [2], [4]])
        #expect(Pareto.front(points) == [0, 1, 3, 5])
        #expect(Pareto.front([]) == [])
    }

    @Test func feasiblePointsRankBeforeInfeasibleOnes() {
        // [0, 0] dominates everything but violates its constraint; of the two infeasible points the smaller
        // violation ranks first.
        let points: [[Double]] = [[0, 0], [5, 5], [3, 1], [1, 3], [0.5, 0.5]]
        let violations: [Double] = [2, 0, 0, 0, 1]
        #expect(Pareto.nondominatedFronts(points, violations: violations) == [[2, 3], [1], [4], [0]])
        #expect(Pareto.constrainedDominates([9, 9], violation: 0, [0, 0], violation: 0.1))
        #expect(!Pareto.constrainedDominates([0, 0], violation: 0.1, [9, 9], violation: 0))
    }

    @Test func crowdingDistanceNormalizesNeighbourGaps() {
        let points: [[Double]] = [[0, 4], [1, 2], [2, 1], [4, 0]]
        let distances = Pareto.crowdingDistances(points, front: [0, 1, 2, 3])
        #expect(distances[0] == .infinity && distances[3] == .infinity)
        // Point 1: x neighbours 0 and 2 over a range of 4, y neighbours 1 and 4 over a range of 4.
        #expect(abs(distances[1] - (2.0 / 4 + 3.0 / 4)) < 1e-12)
        #expect(abs(distances[2] - (3.0 / 4 + 2.0 / 4)) < 1e-12)
        #expect(Pareto.crowdingDistances(points, front: [1, 2]) == [.infinity, .infinity])
    }
}

@Suite struct HypervolumeTests {
    @Test func twoBoxesInTwoDimensions() {
        #expect(Hypervolume.of([[1, 2], [2, 1]], reference: [3, 3]) == 3)
        #expect(Hypervolume.of([[1, 2], [2, 1], [2.5, 2.5]], reference: [3, 3]) == 3)
        #expect(Hypervolume.of([], reference: [1, 1]) == 0)
        // On or beyond the reference, or not finite: nothing.
        #expect(Hypervolume.of([[3, 0], [0, 4], [.nan, 0]], reference: [3, 3]) == 0)
    }

    /// The union of the boxes [p, r] by inclusion–exclusion over every subset: exact for a handful of points.
    func inclusionExclusion(_ points: [[Double]], reference: [Double]) -> Double {
        var total = 0.0
        for mask in 1..<(1 << points.count) {
            let members = points.indices.filter { mask & (1 << $0) != 0 }
            let corner = reference.indices.map { dimension in members.map { points[$0][dimension] }.max()! }
            let volume = zip(reference, corner).reduce(1.0) { $0 * max(0, $1.0 - $1.1) }
            total += members.count % 2 == 1 ? volume : -volume
        }
        return total
    }

    @Test(arguments: [2, 3, 4]) func matchesInclusionExclusion(dimensions: Int) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(dimensions)
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        for _ in 0..<5 {
            let points = (0..<7).map { _ in (0..<dimensions).map { _ in next() } }
            let reference = [Double](repeating: 1.1, count: dimensions)
            let exact = inclusionExclusion(points, reference: reference)
            #expect(abs(Hypervolume.of(points, reference: reference) - exact) < 1e-12)
        }
    }

    @Test func theDTLZ2SphereOctantApproachesItsVolume() {
        // Points on the unit sphere's positive octant, reference (1, 1, 1): the dominated volume tends to
        // 1 − π/6 as the front fills in.
        var points: [[Double]] = []
        let steps = 40
        for i in 0...steps {
            for j in 0...steps {
                let theta = Double.pi / 2 * Double(i) / Double(steps)
                let phi = Double.pi / 2 * Double(j) / Double(steps)
                points.append([cos(theta) * cos(phi), cos(theta) * sin(phi), sin(theta)])
            }
        }
        let volume = Hypervolume.of(points, reference: [1, 1, 1])
        #expect(volume < 1 - Double.pi / 6)
        #expect(volume > 1 - Double.pi / 6 - 0.05)
    }
}
