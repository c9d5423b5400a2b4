import Testing

@testable import VernierLab

@Test func newtonTakesOneStepOnQuadraticAndFewerOnLogistic() throws {
    let lab = NewtonLab()
    let result = try lab.run(try lab.configuration(["points": "100"]))
    let quadratic = result.problems[0]
    #expect(quadratic.newtonSteps == 1)
    #expect(quadratic.gradientDescentSteps > 10)
    #expect(abs(quadratic.optimum[0] - 0.2) < 1e-9 && abs(quadratic.optimum[1] - 0.4) < 1e-9)
    let logistic = result.problems[1]
    #expect(logistic.newtonSteps <= 10)
    #expect(logistic.newtonSteps < logistic.gradientDescentSteps)
}
