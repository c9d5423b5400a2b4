import Foundation
import VernierRandom

/// How ``NSGAIISampler`` combines two parents' parameters into a child.
public enum NSGAIICrossover: Sendable, Hashable {
    /// Each parameter comes from the second parent with the sampler's swapping probability, else from the first
    /// (Optuna's default `UniformCrossover`). Every child value is one a parent had, so any parameter kind works.
    case uniform
    /// Simulated binary crossover (Deb & Agrawal, 1995) with distribution index `eta` (larger: children nearer
    /// their parents) on float and integer parameters, in the unit coordinates of their (log-)interval, clipped
    /// to it; categorical parameters are crossed uniformly.
    case simulatedBinary(eta: Double)
}

/// The pure steps of NSGA-II (Deb, Pratap, Agarwal & Meyarivan, 2002) over minimized objective vectors: elitist
/// survival by non-dominated rank and crowding distance, binary tournaments, crossover and mutation masks.
/// ``NSGAIISampler`` feeds them stored trials; they see only numbers.
enum NSGAIIOperators {
    /// The `count` survivors of `points` (minimized objective vectors; `violations` nil = all feasible): whole
    /// fronts best first, the front that does not fit cut by decreasing crowding distance (ties by index, so
    /// the choice is deterministic). Returns indices into `points`, best front first.
    static func survivors(_ points: [[Double]], violations: [Double]?, count: Int) -> [Int] {
        var chosen: [Int] = []
        for front in Pareto.nondominatedFronts(points, violations: violations) {
            if chosen.count + front.count <= count {
                chosen += front
                if chosen.count == count { break }
                continue
            }
            let distances: [Double] = Pareto.crowdingDistances(points, front: front)
            let order = front.indices.sorted { a, b in
                distances[a] > distances[b] || (distances[a] == distances[b] && front[a] < front[b])
            }
            chosen += order.prefix(count - chosen.count).map { front[$0] }
            break
        }
        return chosen
    }

    /// A binary tournament: two members drawn with replacement from `candidates` (indices into `points`); the
    /// first wins when it constrained-dominates the second, else the second (Optuna's rule).
    static func tournament<G: RandomNumberGenerator>(
        _ candidates: [Int], points: [[Double]], violations: [Double]?, using generator: inout G
    ) -> Int {
        let first = candidates[generator.nextInt(below: candidates.count)]
        let second = candidates[generator.nextInt(below: candidates.count)]
        let dominates = Pareto.constrainedDominates(
            points[first], violation: violations?[first] ?? 0, points[second], violation: violations?[second] ?? 0)
        return dominates ? first : second
    }

    /// Uniform crossover: component k of the child is `second[k]` with probability `swapping`, else `first[k]`.
    static func uniformCrossover<G: RandomNumberGenerator>(
        _ first: [Double], _ second: [Double], swapping: Double, using generator: inout G
    ) -> [Double] {
        zip(first, second).map { a, b in generator.nextUniform() < swapping ? b : a }
    }

    /// Simulated binary crossover of two points of [0, 1]ⁿ: per component, the spread factor β has density
    /// ∝ β^η below 1 and β^−(η+2) above; one of the two symmetric children's coordinates is taken with
    /// probability ½, clipped to [0, 1]. Components where `categorical[k]` is true are crossed uniformly.
    static func simulatedBinaryCrossover<G: RandomNumberGenerator>(
        _ first: [Double], _ second: [Double], eta: Double, swapping: Double, categorical: [Bool],
        using generator: inout G
    ) -> [Double] {
        first.indices.map { k in
            let a = first[k]
            let b = second[k]
            if categorical[k] { return generator.nextUniform() < swapping ? b : a }
            let u = generator.nextUniform()
            let beta =
                u <= 0.5 ? pow(2 * u, 1 / (eta + 1)) : pow(1 / max(2 * (1 - u), .leastNormalMagnitude), 1 / (eta + 1))
            let mean = (a + b) / 2
            let half = abs(b - a) / 2
            let child = generator.nextUniform() < 0.5 ? mean - beta * half : mean + beta * half
            return min(max(child, 0), 1)
        }
    }

    /// Which of `count` parameters to mutate (redraw at random): each independently with `probability`.
    static func mutationMask<G: RandomNumberGenerator>(
        count: Int, probability: Double, using generator: inout G
    ) -> [Bool] {
        (0..<count).map { _ in generator.nextUniform() < probability }
    }
}
