import Foundation
import Testing
import VernierNN
import VernierTensor
import VernierTestSupport

@Suite struct LossTests {
    let predicted = Tensor([[0.5, -1.2], [2.0, 0.1]])
    let expected = Tensor([[0.0, -0.2], [0.5, 0.3]])

    @Test func regressionLossesMatchDefinitions() {
        expectClose(meanSquaredError(predicted: predicted, expected: expected), [(0.25 + 1 + 2.25 + 0.04) / 4], "mse")
        expectClose(meanAbsoluteError(predicted: predicted, expected: expected), [(0.5 + 1 + 1.5 + 0.2) / 4], "mae")
        expectClose(
            meanSquaredError(predicted: predicted, expected: expected, reduction: .sum), [3.54], "mse sum")
        expectClose(
            meanSquaredError(predicted: predicted, expected: expected, reduction: .none), [0.25, 1, 2.25, 0.04],
            shape: [2, 2], "mse none")
        // Huber, delta 1: ½d² inside, |d| − ½ outside.
        expectClose(
            huberLoss(predicted: predicted, expected: expected, reduction: .none), [0.125, 0.5, 1.0, 0.02], "huber")
    }

    @Test func binaryCrossEntropyOfLogitsEqualsThatOfProbabilities() {
        let logits = Tensor([-3, -0.5, 0, 0.7, 4])
        let labels = Tensor([0, 1, 1, 0, 1])
        let fromLogits = binaryCrossEntropy(logits: logits, labels: labels, reduction: .none)
        let fromProbabilities = binaryCrossEntropy(probabilities: sigmoid(logits), labels: labels, reduction: .none)
        expectClose(fromLogits, fromProbabilities.scalars, relative: 1e-5, absolute: 1e-6, "bce")
        // Huge logits stay finite.
        let extreme = binaryCrossEntropy(logits: Tensor([-200, 200]), labels: Tensor([1, 0]), reduction: .none)
        expectClose(extreme, [200, 200], "extreme")
        // Probabilities 0 and 1 are clamped at log = −100 like PyTorch.
        let clamped = binaryCrossEntropy(probabilities: Tensor([0, 1]), labels: Tensor([1, 0]), reduction: .none)
        #expect(clamped.scalars == [100, 100])
        let (_, gradient) = valueAndGradient(at: Tensor([0, 1])) { p in
            binaryCrossEntropy(probabilities: p, labels: Tensor([0, 1]))
        }
        #expect(gradient.isFinite)
    }

    @Test func crossEntropyIsNegativeLogSoftmaxOfTheLabel() {
        let logits = Tensor([[2, 1, 0.1], [0.5, 2.5, -1]])
        let labels = Tensor([0, 2])
        let row0 = Foundation.log(Foundation.exp(2) + Foundation.exp(1) + Foundation.exp(0.1)) - 2
        let row1 = Foundation.log(Foundation.exp(0.5) + Foundation.exp(2.5) + Foundation.exp(-1)) + 1
        expectClose(crossEntropy(logits: logits, labels: labels, reduction: .none), [Float(row0), Float(row1)], "ce")
        expectClose(
            negativeLogLikelihood(logProbabilities: logSoftmax(logits, alongAxis: 1), labels: labels),
            [Float(row0 + row1) / 2], "nll")
    }

    @Test func gradientsMatchFiniteDifferences() {
        let target = Tensor([[0.3, -0.7, 1.2], [0.05, 0.6, -1.4]])
        let x = Tensor([[0.1, -0.2, 2.5], [-0.9, 0.8, -0.3]])
        let labels01 = Tensor([[1, 0, 1], [0, 1, 1]])
        let probabilities = Tensor([[0.2, 0.7, 0.9], [0.4, 0.55, 0.1]])
        let classLabels = Tensor([2, 0])
        let cases: [(String, (Tensor) -> Tensor, Tensor)] = [
            ("mse", { meanSquaredError(predicted: $0, expected: target) }, x),
            ("mae", { meanAbsoluteError(predicted: $0, expected: target) }, x),
            ("huber", { huberLoss(predicted: $0, expected: target, delta: 0.5) }, x),
            ("bce", { binaryCrossEntropy(probabilities: $0, labels: labels01) }, probabilities),
            ("bce-logits", { binaryCrossEntropy(logits: $0, labels: labels01) }, x),
            ("cross-entropy", { crossEntropy(logits: $0, labels: classLabels) }, x),
            ("nll", { negativeLogLikelihood(logProbabilities: $0, labels: classLabels, reduction: .sum) }, x),
        ]
        for (name, function, input) in cases {
            let check = checkGradient(of: function, at: input, step: 1e-3)
            #expect(check.passed, "\(name): \(check)")
        }
    }

    @Test func parsesLossNames() throws {
        #expect(try Loss(parsing: "mse") == .meanSquaredError)
        #expect(try Loss(parsing: "BCE_logits") == .binaryCrossEntropyWithLogits)
        #expect(try Loss(parsing: "huber:0.5") == .huber(delta: 0.5))
        #expect(try Loss(parsing: "cross-entropy").takesClassIndices)
        for name in Loss.names { #expect(try Loss(parsing: name).description == name) }
        #expect(throws: UnknownNameError.self) { try Loss(parsing: "hinge") }
        let loss = Loss.crossEntropy
        expectClose(loss(Tensor([[0, 0]]), Tensor([1])), [Float(Foundation.log(2.0))], "enum apply")
    }
}
