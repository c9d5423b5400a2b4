import Testing
import VernierData
import VernierNN
import VernierTensor
import VernierTraining

@Suite struct MetricAccumulatorTests {
    @Test func binaryAccuracyUsesTheRightThreshold() {
        let output = Tensor([[0.3], [-0.2], [0.7]])
        let targets = Tensor([[1], [0], [1]])
        var logits = MetricAccumulator(metrics: [.accuracy], loss: .binaryCrossEntropyWithLogits)
        logits.add(output: output, targets: targets)
        #expect(logits.values["accuracy"] == 1)
        var probabilities = MetricAccumulator(metrics: [.accuracy], loss: .meanSquaredError)
        probabilities.add(output: output, targets: targets)
        #expect(abs(probabilities.values["accuracy"]! - 2.0 / 3.0) < 1e-12)
    }

    @Test func multiClassAccuracyFromIndicesOrOneHot() {
        let output = Tensor([[0.1, 2, 0], [3, 0, 1], [0, 0, 5], [1, 0, 0]])
        var indices = MetricAccumulator(metrics: [.accuracy, .meanSquaredError], loss: .crossEntropy)
        indices.add(output: output, targets: Tensor([1, 0, 2, 2]))
        #expect(indices.values["accuracy"] == 0.75)
        #expect(indices.values["mse"] == nil)
        var oneHotAccumulator = MetricAccumulator(metrics: [.accuracy], loss: .crossEntropy)
        oneHotAccumulator.add(output: output, targets: oneHot(Tensor([1, 0, 2, 2]), classes: 3))
        #expect(oneHotAccumulator.values["accuracy"] == 0.75)
    }

    @Test func errorsAccumulateAcrossBatches() {
        var accumulator = MetricAccumulator(metrics: [.meanSquaredError, .meanAbsoluteError], loss: .meanSquaredError)
        accumulator.add(output: Tensor([[1], [2]]), targets: Tensor([[0], [2]]))
        accumulator.add(output: Tensor([[4]]), targets: Tensor([[2]]))
        #expect(accumulator.values["mse"] == 5.0 / 3.0)
        #expect(accumulator.values["mae"] == 1)
        let result = evaluate(
            Linear(weight: Tensor([[1]]), bias: Tensor([0])),
            on: TensorDataset(features: Tensor([[1], [2]]), targets: Tensor([[1], [4]])), loss: .meanSquaredError,
            metrics: [.meanSquaredError], batchSize: 1)
        #expect(result.loss == 2)
        #expect(result.metrics["mse"] == 2)
        #expect(result.count == 2)
    }
}
