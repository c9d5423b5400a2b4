import Foundation
import Testing
import VernierTune

@Suite struct MultiObjectiveTestFunctionTests {
    @Test func zdtFrontsFollowTheirClosedForms() {
        for position in [0.0, 0.04, 0.25, 0.5, 0.81, 1.0] {
            let zdt1 = MultiObjectiveTestFunction.zdt1.evaluate(
                MultiObjectiveTestFunction.zdt1.paretoOptimalPoint([position]))
            #expect(abs(zdt1[0] - position) < 1e-12)
            #expect(abs(zdt1[1] - (1 - position.squareRoot())) < 1e-12)
            let zdt2 = MultiObjectiveTestFunction.zdt2.evaluate(
                MultiObjectiveTestFunction.zdt2.paretoOptimalPoint([position]))
            #expect(abs(zdt2[1] - (1 - position * position)) < 1e-12)
        }
        // Off the front: g = 1 + 9 · 0.5 = 5.5 when every distance variable is ½.
        let off = MultiObjectiveTestFunction.zdt1.evaluate([0.25] + Array(repeating: 0.5, count: 9))
        #expect(abs(off[1] - 5.5 * (1 - (0.25 / 5.5).squareRoot())) < 1e-12)
    }

    @Test func dtlz2FrontIsTheUnitSphere() {
        let function = MultiObjectiveTestFunction.dtlz2
        for position in [[0.0, 0.0], [0.3, 0.7], [0.5, 0.5], [1.0, 0.2]] {
            let values = function.evaluate(function.paretoOptimalPoint(position))
            #expect(values.count == 3)
            #expect(abs(values.reduce(0) { $0 + $1 * $1 } - 1) < 1e-12)
            #expect(values.allSatisfy { $0 >= -1e-12 })
        }
        // x₀ = x₁ = 0 is the corner (1, 0, 0); x₀ = 1 the corner (0, 0, 1).
        let corner = function.evaluate(function.paretoOptimalPoint([0, 0]))
        #expect(abs(corner[0] - 1) < 1e-12 && abs(corner[1]) < 1e-12 && abs(corner[2]) < 1e-12)
        let top = function.evaluate(function.paretoOptimalPoint([1, 0.3]))
        #expect(abs(top[2] - 1) < 1e-12)
        // Moving a distance variable off ½ scales every objective by 1 + g.
        var off = function.paretoOptimalPoint([0.3, 0.7])
        off[5] = 0.9
        let scaled = function.evaluate(off)
        let onFront = function.evaluate(function.paretoOptimalPoint([0.3, 0.7]))
        for (a, b) in zip(scaled, onFront) { #expect(abs(a - 1.16 * b) < 1e-12) }
    }

    @Test func shapesAndReferencePoints() {
        #expect(MultiObjectiveTestFunction.zdt1.dimension == 10)
        #expect(MultiObjectiveTestFunction.dtlz2.dimension == 12)
        #expect(MultiObjectiveTestFunction.dtlz2.referencePoint == [1.1, 1.1, 1.1])
        #expect(MultiObjectiveTestFunction.zdt2.wideReferencePoint == [1.1, 11])
        #expect(abs(MultiObjectiveTestFunction.zdt1.frontHypervolume - 0.876_666_666) < 1e-8)
        // The worst values anywhere in the domain lie inside the wide box.
        for function in MultiObjectiveTestFunction.allCases {
            let worst = function.evaluate(Array(repeating: 1, count: function.dimension))
            for (value, bound) in zip(worst, function.wideReferencePoint) { #expect(value < bound) }
            #expect(function.searchSpace.names == (0..<function.dimension).map { "x\($0)" })
        }
    }
}
