import Testing
import VernierData
import VernierTensor

@Suite struct StandardizerTests {
    @Test func fittedOnTrainOnly() {
        let train = TensorDataset(features: Tensor([[1, 10], [3, 10], [5, 10]]), targets: Tensor([0, 1, 0]))
        let validation = TensorDataset(features: Tensor([[7, 20]]), targets: Tensor([1]))
        let splits = DatasetSplits(train: train, validation: validation, test: validation.subset(0..<0))
        let (scaled, standardizer) = splits.standardized()
        #expect(standardizer.mean == [3, 10])
        #expect(abs(standardizer.standardDeviation[0] - Float(8.0 / 3.0).squareRoot()) < 1e-6)
        // A constant column is centred but not scaled.
        #expect(standardizer.standardDeviation[1] == 1)
        let column = scaled.train.features.scalars.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        #expect(abs(column.reduce(0, +)) < 1e-6)
        #expect(abs(scaled.validation.features.scalars[0] - 4 / Float(8.0 / 3.0).squareRoot()) < 1e-5)
        #expect(scaled.validation.features.scalars[1] == 10)
    }

    @Test func scalarStatistics() {
        let standardizer = Standardizer(fittedOn: Tensor([[0, 2], [4, 6]]), perFeature: false)
        #expect(standardizer.mean == [3])
        #expect(standardizer(Tensor([[3, 3]])) == Tensor([[0, 0]]))
    }
}
