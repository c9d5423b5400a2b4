import Testing
import VernierNN
import VernierTensor

@Suite struct ReshapeTests {
    @Test func reshapesEverySampleAndKeepsTheBatchAxis() {
        let rows = Tensor(shape: [2, 12], scalars: (0..<24).map(Float.init))
        let images = Reshape(shape: [3, 2, 2])(rows)
        #expect(images.shape == [2, 3, 2, 2])
        #expect(images.scalars == rows.scalars)
        #expect(Flatten()(images) == rows)
        #expect(Reshape(shape: [3, 2, 2]).parameters.isEmpty)
    }
}
