import Foundation
import Testing
import VernierRandom

@testable import VernierTune

@Suite struct NSGAIIOperatorsTests {
    @Test func survivorsTakeWholeFrontsThenTheLeastCrowded() {
        let points: [[Double]] = [[0, 3], [1, 1], [3, 0], [2, 2], [3, 3], [4, 4]]
        #expect(NSGAIIOperators.survivors(points, violations: nil, count: 4) == [0, 1, 2, 3])
        #expect(NSGAIIOperators.survivors(points, violations: nil, count: 3) == [0, 1, 2])
        // One front of four: the boundary points are kept, then the middle point with more room around it.
        let front: [[Double]] = [[0, 4], [1, 3], [1.1, 2.9], [4, 0]]
        #expect(Set(NSGAIIOperators.survivors(front, violations: nil, count: 3)) == [0, 2, 3])
    }

    @Test func survivorsPutFeasiblePointsFirst() {
        // The best point by objectives violates a constraint: every feasible one survives before it.
        let points: [[Double]] = [[0, 0], [1, 1], [2, 2], [0.5, 0.5]]
        let violations = [1.0, 0, 0, 0.5]
        #expect(NSGAIIOperators.survivors(points, violations: violations, count: 2) == [1, 2])
        #expect(NSGAIIOperators.survivors(points, violations: violations, count: 3) == [1, 2, 3])
    }

    @Test func tournamentsFavourTheDominatingMember() {
        var generator = Xoshiro256(seed: 9)
        let points: [[Double]] = [[0, 0], [1, 1]]
        var wins = 0
        for _ in 0..<4000 {
            if NSGAIIOperators.tournament([0, 1], points: points, violations: nil, using: &generator) == 0 {
                wins += 1
            }
        }
        // The dominated point wins only when it is drawn twice: P = 1/4.
        #expect(abs(Double(wins) / 4000 - 0.75) < 0.03)
        // Feasibility beats objectives.
        var infeasibleWins = 0
        for _ in 0..<1000 {
            let winner = NSGAIIOperators.tournament([0, 1], points: points, violations: [2, 0], using: &generator)
            if winner == 0 { infeasibleWins += 1 }
        }
        #expect(abs(Double(infeasibleWins) / 1000 - 0.25) < 0.05)
    }

    @Test func uniformCrossoverTakesEachComponentFromAParent() {
        var generator = Xoshiro256(seed: 1)
        let a: [Double] = [1, 2, 3, 4, 5, 6, 7, 8]
        let b: [Double] = [-1, -2, -3, -4, -5, -6, -7, -8]
        #expect(NSGAIIOperators.uniformCrossover(a, b, swapping: 0, using: &generator) == a)
        #expect(NSGAIIOperators.uniformCrossover(a, b, swapping: 1, using: &generator) == b)
        let child = NSGAIIOperators.uniformCrossover(a, b, swapping: 0.5, using: &generator)
        #expect(zip(child, zip(a, b)).allSatisfy { $0 == $1.0 || $0 == $1.1 })
        #expect(child != a && child != b)
    }

    @Test func simulatedBinaryChildrenStayInTheBoxAndNearTheirParents() {
        var generator = Xoshiro256(seed: 4)
        let a: [Double] = [0.2, 0.9, 0.5, 2]
        let b: [Double] = [0.4, 0.95, 0.5, 0]
        let categorical = [false, false, false, true]
        var spread = 0.0
        for _ in 0..<500 {
            let child = NSGAIIOperators.simulatedBinaryCrossover(
                a, b, eta: 20, swapping: 0.5, categorical: categorical, using: &generator)
            #expect(child[0...2].allSatisfy { $0 >= 0 && $0 <= 1 })
            #expect(child[2] == 0.5)  // equal parents give that value
            #expect(child[3] == 2 || child[3] == 0)
            spread = max(spread, abs(child[0] - 0.3))
        }
        // With η = 20 children cluster around the parents 0.2 and 0.4 (β ≤ 1.3 in 500 draws, nearly surely).
        #expect(spread > 0.05 && spread < 0.2)
    }

    @Test func mutationMaskFollowsItsProbability() {
        var generator = Xoshiro256(seed: 2)
        #expect(
            NSGAIIOperators.mutationMask(count: 20, probability: 0, using: &generator)
                == Array(repeating: false, count: 20))
        #expect(
            NSGAIIOperators.mutationMask(count: 20, probability: 1, using: &generator)
                == Array(repeating: true, count: 20))
        let mask = NSGAIIOperators.mutationMask(count: 10_000, probability: 0.1, using: &generator)
        #expect(abs(Double(mask.filter { $0 }.count) / 10_000 - 0.1) < 0.01)
    }
}
