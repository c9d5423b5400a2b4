import Testing
import VernierData
import VernierNN
import VernierRandom
import VernierTensor
import VernierTraining

@Suite struct EvaluationTests {
    /// A small CNN (convolution with ReLU and pooling fused, as the Fashion-MNIST recipe builds it) on 37 random
    /// 8×8 images: 37 is prime, so every chunk size below leaves a partial last chunk and splits the two-core
    /// shares differently.
    private static func cnnAndData() -> (any Layer, TensorDataset) {
        var generator = Xoshiro256(seed: 7)
        let model = ModelRecipe.cnn(
            channels: 1, height: 8, width: 8, classes: 3, activation: .relu, output: nil, dropout: 0
        ).build(using: &generator)
        let features = Tensor.randomUniform(shape: [37, 64], in: -1...1, using: &generator)
        let labels = Tensor(shape: [37], scalars: (0..<37).map { Float(($0 * 7) % 3) })
        return (model, TensorDataset(features: features, targets: labels))
    }

    @Test func accuracyDoesNotDependOnTheChunkSizeAndTheLossOnlyInItsLastDigits() {
        let (model, data) = Self.cnnAndData()
        let whole = evaluate(model, on: data, loss: .crossEntropy, metrics: [.accuracy], batchSize: 37)
        #expect(whole.count == 37)
        for size in [1, 2, 5, 16, evaluationBatchSize] {
            let chunked = evaluate(model, on: data, loss: .crossEntropy, metrics: [.accuracy], batchSize: size)
            #expect(chunked.metrics["accuracy"] == whole.metrics["accuracy"], "batch \(size)")
            #expect(abs(chunked.loss - whole.loss) <= 1e-6 * whole.loss, "batch \(size)")
        }
    }

    @Test func predictionsDoNotDependOnTheChunkSize() {
        let (model, data) = Self.cnnAndData()
        let whole = predict(model, on: data, batchSize: 37)
        #expect(whole.shape == [37, 3])
        for size in [1, 5, 16] {
            let chunked = predict(model, on: data, batchSize: size)
            #expect(chunked.shape == whole.shape)
            let largest = zip(chunked.scalars, whole.scalars).map { abs($0 - $1) }.max() ?? .infinity
            #expect(largest <= 1e-6, "batch \(size): largest difference \(largest)")
        }
    }
}
