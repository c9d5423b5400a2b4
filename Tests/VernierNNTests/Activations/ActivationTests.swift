import Foundation
import Testing
import VernierNN
import VernierTensor
import VernierTestSupport

@Suite struct ActivationTests {
    let x = Tensor([-3, -1.5, -0.2, 0.3, 1.1, 2.5])

    @Test func valuesMatchTheirDefinitions() {
        let v = x.scalars
        expectClose(leakyReLU(x, negativeSlope: 0.1), v.map { $0 > 0 ? $0 : 0.1 * $0 }, "leakyReLU")
        expectClose(elu(x, alpha: 0.7), v.map { $0 > 0 ? $0 : 0.7 * (Foundation.exp($0) - 1) }, "elu")
        expectClose(gelu(x), v.map { 0.5 * $0 * (1 + Foundation.erf($0 / Float(2).squareRoot())) }, "gelu")
        expectClose(softplus(x), v.map { Foundation.log(1 + Foundation.exp($0)) }, "softplus")
        expectClose(silu(x), v.map { $0 / (1 + Foundation.exp(-$0)) }, "silu")
        // softplus passes large inputs through unchanged, like PyTorch (threshold 20).
        #expect(softplus(Tensor([30])).scalars == [30])
    }

    @Test func softmaxRowsSumToOneAndLogSoftmaxIsItsLog() {
        let logits = Tensor([[1, 2, 3], [-1, 0, 1000]])
        let probabilities = softmax(logits, alongAxis: 1)
        let sums = probabilities.sum(alongAxes: [1]).scalars
        expectClose(Tensor(sums), [1, 1], "row sums")
        #expect(probabilities.isFinite)
        expectClose(logSoftmax(logits, alongAxis: 1), log(probabilities).scalars.map { $0 }, absolute: 1e-5, "log")
    }

    @Test(arguments: [
        Activation.relu, .leakyReLU(negativeSlope: 0.2), .elu(alpha: 1.3), .gelu, .silu, .sigmoid, .tanh, .softplus,
        .softmax, .logSoftmax, .identity,
    ])
    func gradientsMatchFiniteDifferences(activation: Activation) {
        let input = Tensor(shape: [2, 3], scalars: [-1.7, -0.4, 0.35, 0.8, 1.9, -2.2])
        let check = checkGradient(of: { activation($0) }, at: input, step: 1e-3)
        #expect(check.passed, "\(activation): \(check)")
    }

    @Test(arguments: [
        Activation.relu, .leakyReLU(negativeSlope: 0.2), .elu(alpha: 1.3), .gelu, .silu, .sigmoid, .tanh, .softplus,
        .softmax, .logSoftmax, .identity,
    ])
    func layerMatchesFunction(activation: Activation) {
        let input = Tensor(shape: [2, 3], scalars: [-1.7, -0.4, 0.35, 0.8, 1.9, -2.2])
        #expect(activation.layer(input) == activation(input))
        #expect(activation.layer.parameters.isEmpty)
    }

    @Test func parsesNamesAndRoundTripsDescriptions() throws {
        #expect(try Activation(parsing: "relu") == .relu)
        #expect(try Activation(parsing: "Leaky_ReLU") == .leakyReLU(negativeSlope: 0.01))
        #expect(try Activation(parsing: "leaky-relu:0.2") == .leakyReLU(negativeSlope: 0.2))
        #expect(try Activation(parsing: "GELU") == .gelu)
        #expect(try Activation(parsing: "none") == .identity)
        for activation in [Activation.relu, .leakyReLU(negativeSlope: 0.3), .elu(alpha: 2), .gelu, .logSoftmax] {
            #expect(try Activation(parsing: activation.description) == activation)
        }
        #expect(throws: UnknownNameError.self) { try Activation(parsing: "relux") }
        #expect(throws: UnknownNameError.self) { try Activation(parsing: "tanh:2") }
        do {
            _ = try Activation(parsing: "swishy")
        } catch {
            #expect(error.description.contains("leaky-relu"))
        }
    }
}
