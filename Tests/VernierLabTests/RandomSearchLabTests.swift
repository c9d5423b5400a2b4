import Testing

@testable import VernierLab

@Test func randomSearchNeverGetsWorseAndApproachesZero() throws {
    let lab = RandomSearchLab()
    let result = try lab.run(try lab.configuration(["start": "5", "step": "0.5", "iterations": "300"]))
    #expect(zip(result.values, result.values.dropFirst()).allSatisfy { $1 <= $0 })
    #expect(result.finalValue < 0.05)
    #expect(result.accepted > 0 && result.accepted < 300)
    #expect(result.values.first == 25)
}
