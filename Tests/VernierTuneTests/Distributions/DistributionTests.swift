import Foundation
import Testing
import VernierTune

@Suite struct DistributionTests {
    @Test func validationErrorsNameTheParameter() {
        #expect(throws: SearchSpaceError.lowAboveHigh(name: "lr", low: 1, high: 0)) {
            _ = try FloatDistribution(low: 1, high: 0, name: "lr")
        }
        #expect(throws: SearchSpaceError.nonPositiveLogRange(name: "lr", low: 0)) {
            _ = try FloatDistribution(low: 0, high: 1, log: true, name: "lr")
        }
        #expect(throws: SearchSpaceError.nonPositiveLogRange(name: "width", low: 0)) {
            _ = try IntDistribution(low: 0, high: 8, log: true, name: "width")
        }
        #expect(throws: SearchSpaceError.emptyChoices(name: "optimizer")) {
            _ = try CategoricalDistribution(choices: [], name: "optimizer")
        }
        #expect(throws: SearchSpaceError.self) { _ = try FloatDistribution(low: 0, high: 1, log: true, step: 0.1) }
        #expect(throws: SearchSpaceError.self) { _ = try IntDistribution(low: 0, high: 4, step: 0) }
        #expect(throws: SearchSpaceError.duplicateChoice(name: "", choice: "a")) {
            _ = try CategoricalDistribution(choices: ["a", "b", "a"])
        }
        let message = SearchSpaceError.lowAboveHigh(name: "lr", low: 1, high: 0).description
        #expect(message.contains("'lr'") && message.contains("greater"))
    }

    @Test func stepAdjustsHighAndCountsPoints() throws {
        let float = try FloatDistribution(low: 0, high: 1.05, step: 0.25)
        #expect(float.high == 1)
        #expect(float.pointCount == 5)
        let int = try IntDistribution(low: 16, high: 250, step: 16)
        #expect(int.high == 240)
        #expect(int.pointCount == 15)
        #expect(int.contains(32) && !int.contains(33))
    }

    @Test func internalRepresentationRoundTrips() throws {
        let categorical = Distribution.categorical(try CategoricalDistribution(choices: ["sgd", "adam", 3, true]))
        #expect(try categorical.internalValue(of: "adam") == 1)
        #expect(try categorical.internalValue(of: .double(3)) == 2)
        #expect(categorical.externalValue(ofInternal: 3) == .bool(true))
        let int = Distribution.int(try IntDistribution(low: 1, high: 9, step: 2))
        #expect(try int.internalValue(of: 5) == 5)
        #expect(throws: SearchSpaceError.self) { try int.internalValue(of: 4) }
        #expect(!int.containsInternal(4) && int.containsInternal(7))
        let float = Distribution.float(try FloatDistribution(low: 0, high: 1, step: 0.1))
        #expect(float.containsInternal(0.3))
        #expect(!float.containsInternal(0.35))
    }

    @Test func unitMappingFollowsTheScale() throws {
        let log = try FloatDistribution(low: 1, high: 100, log: true)
        #expect(abs(log.value(fromUnit: 0.5) - 10) < 1e-9)
        #expect(log.value(fromUnit: 0) == 1)
        #expect(log.value(fromUnit: 1) == 100)
        let int = try IntDistribution(low: 1, high: 3)
        #expect([0.0, 0.4, 0.99].map(int.value(fromUnit:)) == [1, 2, 3])
        let logInt = try IntDistribution(low: 1, high: 1000, log: true)
        #expect((0...100).allSatisfy { logInt.contains(logInt.value(fromUnit: Double($0) / 100)) })
    }

    @Test func codableRoundTripValidates() throws {
        let distributions: [Distribution] = [
            .float(try FloatDistribution(low: 1e-4, high: 1, log: true)),
            .float(try FloatDistribution(low: 0, high: 0.5, step: 0.1)),
            .int(try IntDistribution(low: 8, high: 128, step: 8)),
            .categorical(try CategoricalDistribution(choices: ["relu", 2, 0.5, false])),
        ]
        let data = try JSONEncoder().encode(distributions)
        #expect(try JSONDecoder().decode([Distribution].self, from: data) == distributions)
        let bad = Data(#"{"type":"float","low":2,"high":1}"#.utf8)
        #expect(throws: SearchSpaceError.self) { try JSONDecoder().decode(Distribution.self, from: bad) }
    }

    @Test func searchSpaceGridIsTheCartesianProduct() throws {
        let space = try SearchSpace([
            ParameterSpec(name: "a", distribution: .int(try IntDistribution(low: 1, high: 3))),
            ParameterSpec(name: "b", distribution: .categorical(try CategoricalDistribution(choices: ["x", "y"]))),
            ParameterSpec(name: "c", distribution: .float(try FloatDistribution(low: 0, high: 1))),
        ])
        #expect(throws: SearchSpaceError.self) { _ = try space.gridPoints() }
        let points = try space.gridPoints(values: ["c": [0.5]])
        #expect(points.count == 6)
        #expect(points.first == ["a": 1, "b": "x", "c": 0.5])
        #expect(points[1] == ["a": 1, "b": "y", "c": 0.5])
        #expect(throws: SearchSpaceError.duplicateParameter(name: "a")) {
            _ = try SearchSpace(space.parameters + [space.parameters[0]])
        }
    }
}

/// Distributions read back from JSON as the same typed values (storage compares them with `==`).
@Suite struct DistributionJSONTests {
    @Test(arguments: [
        [ParameterValue.double(0), .double(0.2)], [.double(0), .double(0.9)], [.int(0), .double(0.5)],
        [.string("0"), .string("adam")], [.bool(true), .int(1), .double(2)],
    ])
    func categoricalChoicesKeepTheirTypes(choices: [ParameterValue]) throws {
        let distribution = Distribution.categorical(try CategoricalDistribution(choices: choices))
        let data = try JSONEncoder().encode(distribution)
        #expect(try JSONDecoder().decode(Distribution.self, from: data) == distribution)
    }

    @Test func choiceTypesAreWrittenOnlyWhenJSONWouldLoseThem() throws {
        let plain = Distribution.categorical(try CategoricalDistribution(choices: [.double(0.5), "a"]))
        #expect(!String(decoding: try JSONEncoder().encode(plain), as: UTF8.self).contains("choice_types"))
        let whole = Distribution.categorical(try CategoricalDistribution(choices: [.double(0), .double(0.5)]))
        #expect(String(decoding: try JSONEncoder().encode(whole), as: UTF8.self).contains("choice_types"))
    }
}
