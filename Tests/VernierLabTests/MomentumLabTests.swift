import Testing

@testable import VernierLab

@Test func momentumNeedsFewerStepsThanGradientDescentAtKappa100() throws {
    let lab = MomentumLab()
    let result = try lab.run(try lab.configuration(["kappa": "10", "kappas": "1,100"]))
    let ill = result.steps[1]
    #expect(ill.momentum < ill.gradientDescent)
    #expect(ill.nesterov < ill.gradientDescent)
    #expect(ill.momentum * 3 < ill.gradientDescent)
    #expect(result.steps[0].gradientDescent == 1)
    #expect(result.paths["momentum"]!.count < result.paths["gradient descent"]!.count)
}
