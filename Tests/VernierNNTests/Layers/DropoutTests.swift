import Testing
import VernierNN
import VernierTensor

@Suite struct DropoutTests {
    @Test func invertedDropoutKeepsTheExpectationAndIsSeeded() {
        let layer = Dropout(probability: 0.25)
        let x = Tensor.ones([100, 100])
        var context = ForwardContext(isTraining: true, seed: 5)
        let y = layer(x, context: &context)
        let values = Set(y.scalars)
        #expect(values == [0, Float(1) / 0.75])
        let zeros = y.scalars.filter { $0 == 0 }.count
        #expect(zeros > 2200 && zeros < 2800, "dropped \(zeros) of 10000")
        var again = ForwardContext(isTraining: true, seed: 5)
        #expect(layer(x, context: &again) == y)
        #expect(layer(x) == x)
        var evaluation = ForwardContext.evaluation
        #expect(layer(x, context: &evaluation) == x)
    }

    @Test func gradientFlowsOnlyThroughKeptElements() {
        let layer = Dropout(probability: 0.5)
        var context = ForwardContext(isTraining: true, seed: 9)
        let x = Tensor.ones([50])
        var output = Tensor.zeros([50])
        let gradient = gradient(at: x) { x in
            let y = layer(x, context: &context)
            output = y.detached()
            return y.sum()
        }
        #expect(gradient.scalars == output.scalars)
    }
}
