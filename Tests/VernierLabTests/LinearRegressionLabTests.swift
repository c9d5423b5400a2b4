import Testing

@testable import VernierLab

@Test func gradientDescentReachesTheClosedFormLeastSquares() throws {
    let lab = LinearRegressionLab()
    let result = try lab.run(try lab.configuration(["mlp-epochs": "300", "hidden": "50"]))
    #expect(result.closedFormMSE <= result.gradientDescentMSE + 1e-9)
    #expect(result.gradientDescentMSE < result.closedFormMSE * 1.01)
    // The fitted cubic recovers the generating coefficients 6.9 + 3.6x − 3x² + 1.3x³ roughly (noise σ = 1).
    let c = result.closedFormCoefficients
    #expect(abs(c[3] - 1.3) < 0.5 && abs(c[2] + 3) < 1.5)
    #expect(result.mlpTrainLoss.last! < result.mlpTrainLoss.first!)
    #expect(result.mlpTrainLoss.count == 300)
}
