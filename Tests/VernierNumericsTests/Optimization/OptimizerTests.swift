import Foundation
import Testing

@testable import VernierNumerics

/// The Rosenbrock function in n dimensions and its gradient.
func rosenbrock(_ x: [Double]) -> (value: Double, gradient: [Double]) {
    var value = 0.0
    var gradient = [Double](repeating: 0, count: x.count)
    for i in 0..<(x.count - 1) {
        let a = 1 - x[i]
        let b = x[i + 1] - x[i] * x[i]
        value += a * a + 100 * b * b
        gradient[i] += -2 * a - 400 * x[i] * b
        gradient[i + 1] += 200 * b
    }
    return (value, gradient)
}

@Suite struct LBFGSBTests {
    @Test func boundedQuadraticStopsOnTheActiveBounds() {
        // Unconstrained minimum (2, -1, 0.3) lies outside [0, 1] × [0, 1] × [0, 1] in two coordinates.
        let target = [2.0, -1.0, 0.3]
        let result = LBFGSB().minimize(from: [0.5, 0.5, 0.5], bounds: [0...1, 0...1, 0...1]) { x in
            var value = 0.0
            var gradient = [Double](repeating: 0, count: 3)
            for i in 0..<3 {
                value += Double(i + 1) * (x[i] - target[i]) * (x[i] - target[i])
                gradient[i] = 2 * Double(i + 1) * (x[i] - target[i])
            }
            return (value, gradient)
        }
        #expect(result.termination.isConverged)
        #expect(result.point[0] == 1)
        #expect(result.point[1] == 0)
        #expect(abs(result.point[2] - 0.3) < 1e-6)
    }

    @Test func illConditionedQuadraticWithOneBound() {
        // f = Σ 10^i (x_i - 1)², with x_0 ≤ 0.5.
        let bounds: [ClosedRange<Double>] = [(-10)...0.5] + Array(repeating: -10...10, count: 4)
        let result = LBFGSB(gradientTolerance: 1e-8).minimize(from: [-3, 4, -2, 0, 5], bounds: bounds) { x in
            var value = 0.0
            var gradient = [Double](repeating: 0, count: x.count)
            for i in 0..<x.count {
                let scale = pow(10, Double(i))
                value += scale * (x[i] - 1) * (x[i] - 1)
                gradient[i] = 2 * scale * (x[i] - 1)
            }
            return (value, gradient)
        }
        #expect(result.point[0] == 0.5)
        for i in 1..<5 { #expect(abs(result.point[i] - 1) < 1e-5) }
    }

    @Test func unboundedRosenbrockReachesTheMinimum() {
        let unbounded = [ClosedRange<Double>](repeating: -Double.infinity...Double.infinity, count: 5)
        let result = LBFGSB(maximumIterations: 2000, maximumEvaluations: 10_000, gradientTolerance: 1e-9)
            .minimize(from: [-1.2, 1, -1.2, 1, 0.5], bounds: unbounded, rosenbrock)
        for value in result.point { #expect(abs(value - 1) < 1e-5) }
        #expect(result.value < 1e-10)
    }

    @Test func boundedRosenbrockFindsTheConstrainedMinimum() {
        // With x₀ ∈ [-2, 0.5] the minimum of the 2-D Rosenbrock function is at (0.5, 0.25).
        let result = LBFGSB(gradientTolerance: 1e-10).minimize(
            from: [-1.5, 2], bounds: [-2...0.5, -2...2], rosenbrock)
        #expect(result.point[0] == 0.5)
        #expect(abs(result.point[1] - 0.25) < 1e-6)
        #expect(abs(result.value - 0.25) < 1e-9)
    }

    @Test func startOutsideTheBoxIsProjected() {
        let result = LBFGSB().minimize(from: [7], bounds: [1...5]) { x in (x[0] * x[0], [2 * x[0]]) }
        #expect(result.point == [1])
        #expect(result.termination == .gradientTolerance)
    }
}

@Suite struct BFGSTests {
    @Test func findsTheMinimumOfASquareWithinTightTolerance() {
        let result = BFGS().minimize(from: [3.7]) { x in (x[0] * x[0], [2 * x[0]]) }
        #expect(abs(result.point[0]) < 1e-8)
        #expect(result.termination.isConverged)
    }

    @Test func minimizesRosenbrock() {
        let result = BFGS().minimize(from: [-1.2, 1, 0.3, -0.5], rosenbrock)
        for value in result.point { #expect(abs(value - 1) < 1e-6) }
    }
}

@Suite struct NelderMeadTests {
    @Test func findsTheMinimumOfASquareWithinTightTolerance() {
        let result = NelderMead().minimize(from: [3.7]) { x in x[0] * x[0] }
        #expect(abs(result.point[0]) < 1e-8)
        #expect(result.termination == .pointTolerance)
        let twoD = NelderMead().minimize(from: [1, -2]) { x in x[0] * x[0] + 3 * x[1] * x[1] }
        #expect(abs(twoD.point[0]) < 1e-8 && abs(twoD.point[1]) < 1e-8)
    }

    @Test func minimizesRosenbrockWithTheGradientObjectiveToo() {
        let result = NelderMead().minimize(from: [-1.2, 1], rosenbrock)
        #expect(abs(result.point[0] - 1) < 1e-6)
        #expect(abs(result.point[1] - 1) < 1e-6)
        #expect(result.gradient.isEmpty)
    }
}
