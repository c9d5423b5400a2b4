import Testing
import VernierData
import VernierTensor

@Suite struct TensorDatasetSplitTests {
    /// 100 samples: 70 of class 0, 30 of class 1; the feature is the sample's index.
    let data = TensorDataset(
        features: Tensor(shape: [100, 1], scalars: (0..<100).map(Float.init)),
        targets: Tensor((0..<100).map { $0 < 70 ? 0 : 1 }))

    @Test func sizesAndDisjointCover() {
        let splits = data.split(validation: .fraction(0.2), test: .count(10), seed: 5)
        #expect(splits.train.count == 70)
        #expect(splits.validation.count == 20)
        #expect(splits.test.count == 10)
        let all = (splits.train.features.scalars + splits.validation.features.scalars + splits.test.features.scalars)
        #expect(all.map { Int($0) }.sorted() == Array(0..<100))
    }

    @Test func stratifiedKeepsProportions() {
        let splits = data.split(validation: .count(0), test: .fraction(0.2), stratified: true, seed: 9)
        #expect(splits.test.classIndices.filter { $0 == 1 }.count == 6)
        #expect(splits.test.classIndices.filter { $0 == 0 }.count == 14)
        #expect(splits.train.classIndices.filter { $0 == 1 }.count == 24)
    }

    @Test func seededSplitsRepeat() {
        let a = data.split(validation: .fraction(0.3), seed: 1)
        let b = data.split(validation: .fraction(0.3), seed: 1)
        let c = data.split(validation: .fraction(0.3), seed: 2)
        #expect(a.validation.features == b.validation.features)
        #expect(a.validation.features != c.validation.features)
    }
}
