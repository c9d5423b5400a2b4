import Testing
import VernierExperiments

@testable import VernierLab

@Test func handAutogradAndOptimizerTrajectoriesAgree() throws {
    let lab = GradientDescentLab()
    let result = try lab.run(try lab.configuration(["steps": "100"]))
    #expect(result.hand.count == 101)
    #expect(result.maximumDifference < 1e-6)
    let last = result.hand.last!
    #expect(abs(last[0] - 25.0 / 19) < 1e-3 && abs(last[1] + 12.0 / 19) < 1e-3)
}

@Test func learningRateDecidesConvergeOscillateDiverge() throws {
    let lab = GradientDescentLab()
    let result = try lab.run(try lab.configuration(["steps": "20", "rates": "0.1,0.9,1.1"]))
    #expect(result.rates.map(\.behaviour) == ["converges", "oscillates", "diverges"])
    #expect(throws: ConfigError.self) { try lab.run(try lab.configuration(["rates": "fast"])) }
}
