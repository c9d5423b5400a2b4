import Testing
import VernierData
import VernierTensor

@Suite struct TensorDatasetTests {
    @Test func batchGathersRowsInOrder() {
        let data = TensorDataset(features: Tensor([[0, 0], [1, 1], [2, 2]]), targets: Tensor([0, 1, 1]))
        let batch = data.batch(at: [2, 0])
        #expect(batch.features == Tensor([[2, 2], [0, 0]]))
        #expect(batch.targets == Tensor([1, 0]))
        #expect(data.featureShape == [2])
        #expect(data.targetShape == [])
        #expect(data.classCount == 2)
        #expect(data.all.count == 3)
    }

    @Test func imageFeaturesKeepTheirShape() {
        let data = TensorDataset(
            features: Tensor(shape: [4, 1, 2, 2], scalars: (0..<16).map(Float.init)), targets: Tensor.zeros([4, 1]))
        let batch = data.batch(at: [3, 1])
        #expect(batch.features.shape == [2, 1, 2, 2])
        #expect(batch.features.scalars == [12, 13, 14, 15, 4, 5, 6, 7])
    }

    @Test func oneHotEncodesIndices() {
        #expect(oneHot(Tensor([2, 0]), classes: 3) == Tensor([[0, 0, 1], [1, 0, 0]]))
    }
}
