import Testing
import VernierExperiments

@testable import VernierLab

@Test func minimizerFindsZeroOfSquareWithinTolerance() throws {
    let lab = MinimizeLab()
    let result = try lab.run(try lab.configuration(["start": "3", "dimension": "5"]))
    let square = result.runs.filter { $0.function == "square" }
    #expect(square.count == 3)
    for run in square where run.method != "nelder-mead" {
        #expect(run.value <= 1e-8, "\(run.method) reached \(run.value)")
    }
    let simplex = square.first { $0.method == "nelder-mead" }!
    #expect(simplex.value <= 1e-8)
    for run in result.runs where run.function == "sum-square" {
        #expect(abs(run.point.reduce(0, +)) < 1e-4, "\(run.method): sum \(run.point.reduce(0, +))")
        #expect(run.point.count == 5)
    }
}

@Test func labRejectsUnknownKeysAndBadValues() throws {
    let lab = MinimizeLab()
    #expect(throws: ConfigError.self) { try lab.configuration(["speed": "1"]) }
    #expect(throws: ConfigError.self) { try lab.configuration(["dimension": "0"]) }
    #expect(throws: ConfigError.self) { try LabRegistry.experiment(named: "nope") }
    #expect(LabRegistry.names.count == Set(LabRegistry.names).count)
}
