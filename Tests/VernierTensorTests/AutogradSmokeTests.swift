import Testing
import VernierTensor

@Suite struct AutogradSmokeTests {
    @Test func squareSum() {
        let (value, grad) = valueAndGradient(at: Tensor([3])) { x in (x * x).sum() }
        #expect(value.item == 9)
        #expect(grad.scalars == [6])
    }

    @Test func mlpStep() {
        let x = Tensor(shape: [4, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
        let w = Tensor(shape: [2, 3], scalars: [0.1, -0.2, 0.3, 0.4, 0.5, -0.6])
        let b = Tensor([0.1, 0.2, 0.3])
        let (loss, grads) = valueAndGradient(at: [w, b]) { p in
            tanh(x.matmul(p[0]) + p[1]).sum()
        }
        #expect(loss.item.isFinite)
        #expect(grads[0].shape == [2, 3])
        #expect(grads[1].shape == [3])
    }
}
