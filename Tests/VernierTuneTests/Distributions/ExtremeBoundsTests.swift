import Foundation
import Testing
import VernierLimits

@testable import VernierTune

/// Issue 19: distributions on extreme bounds and grids too large to enumerate are refused with an error naming
/// the parameter, never an overflow trap or an unbounded allocation.
@Suite struct ExtremeBoundsTests {
    @Test(arguments: [
        (Int.min, Int.max), (-5, Int.max), (Int.min, 0), (0, (1 << 53) + 1),
    ])
    func integerBoundsBeyondTwoToThe53AreRefused(low: Int, high: Int) throws {
        let error = try #require(throws: SearchSpaceError.self) {
            try IntDistribution(low: low, high: high, name: "n")
        }
        guard case .rangeTooLarge(let name, _) = error else {
            Issue.record("expected .rangeTooLarge, got \(error)")
            return
        }
        #expect(name == "n")
        #expect(error.description.hasPrefix("parameter 'n': "))
    }

    @Test func theWidestAllowedIntegerRangeWorks() throws {
        let limit = InputLimits.maximumIntParameterMagnitude
        let widest = try IntDistribution(low: -limit, high: limit, name: "n")
        #expect(widest.pointCount == 2 * limit + 1)
        #expect(widest.value(fromUnit: 0) == -limit)
        #expect(widest.value(fromUnit: 1) == limit)
        #expect(widest.contains(0))
    }

    @Test func aStoredDistributionWithHugeBoundsIsRefusedWhenDecoded() throws {
        let json = #"{"type":"int","low":-9223372036854775808,"high":9223372036854775807,"log":false,"step":1}"#
        #expect(throws: SearchSpaceError.self) { try JSONDecoder().decode(Distribution.self, from: Data(json.utf8)) }
        let plain = #"{"low":-5,"high":9223372036854775807,"log":false,"step":1}"#
        #expect(throws: SearchSpaceError.self) {
            try JSONDecoder().decode(IntDistribution.self, from: Data(plain.utf8))
        }
    }

    @Test func floatRangesWiderThanADoubleAndTooFineStepsAreRefused() throws {
        #expect(throws: SearchSpaceError.self) {
            try FloatDistribution(low: -Double.greatestFiniteMagnitude, high: .greatestFiniteMagnitude, name: "x")
        }
        #expect(throws: SearchSpaceError.self) { try FloatDistribution(low: 0, high: 1e300, step: 1e-300, name: "x") }
        let fine = try FloatDistribution(low: 0, high: 1, step: 1e-12, name: "x")
        #expect(fine.pointCount == 1_000_000_000_001)
    }

    @Test func aFloatGridWithStep1e12IsRefusedBeforeAllocating() throws {
        let space = try SearchSpace([
            ParameterSpec(name: "lr", distribution: .float(try FloatDistribution(low: 0, high: 1, step: 1e-12)))
        ])
        let error = try #require(throws: SearchSpaceError.self) { try GridSampler(space: space) }
        #expect(
            error
                == .gridTooLarge(name: "lr", points: "1000000000001", limit: InputLimits.maximumGridPoints))
        #expect(error.description.contains("more than the limit of 1000000"))
    }

    @Test func anIntGridUpToTenToThe12IsRefusedNamingTheParameter() throws {
        let space = try SearchSpace([
            ParameterSpec(name: "small", distribution: .int(try IntDistribution(low: 1, high: 3))),
            ParameterSpec(name: "n", distribution: .int(try IntDistribution(low: 1, high: 1_000_000_000_000))),
        ])
        let error = try #require(throws: SearchSpaceError.self) { try space.gridPoints() }
        #expect(error == .gridTooLarge(name: "n", points: "3000000000000", limit: InputLimits.maximumGridPoints))
        // One point past the limit is refused, naming the axis that crossed it.
        let past = try SearchSpace([
            ParameterSpec(name: "a", distribution: .int(try IntDistribution(low: 1, high: 1000))),
            ParameterSpec(name: "b", distribution: .int(try IntDistribution(low: 0, high: 1000))),
        ])
        #expect(throws: SearchSpaceError.gridTooLarge(name: "b", points: "1001000", limit: 1_000_000)) {
            try past.gridPoints()
        }
    }
}
