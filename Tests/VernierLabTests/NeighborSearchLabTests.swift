import Testing

@testable import VernierLab

@Test func neighbourSearchStopsAtGridPointNearestTheMinimum() throws {
    let lab = NeighborSearchLab()
    for diagonal in ["true", "false"] {
        let result = try lab.run(try lab.configuration(["step": "0.1", "diagonal": diagonal]))
        #expect(abs(result.final[0] - 1) < 0.05 && abs(result.final[1] + 0.5) < 0.05, "\(result.final)")
        #expect(zip(result.values, result.values.dropFirst()).allSatisfy { $1 < $0 })
    }
    let coarse = try lab.run(try lab.configuration(["step": "0.7"]))
    #expect(abs(coarse.final[0] - 1) <= 0.35 && abs(coarse.final[1] + 0.5) <= 0.35)
}
