import Testing
import VernierTensor

@Suite struct AutogradTests {
    @Test func gradientsAccumulateForRepeatedUse() {
        // f(x) = Σ x·x + x·x·x → 2x + 3x²
        let (value, g) = valueAndGradient(at: Tensor([1, 2])) { x in (x * x + x * x * x).sum() }
        #expect(value.item == 1 + 1 + 4 + 8)
        #expect(g.scalars == [5, 16])
    }

    @Test func broadcastGradientIsSummedBack() {
        let x = Tensor([[1, 2, 3], [4, 5, 6]])
        let g = gradient(at: Tensor([0, 0, 0])) { b in ((x + b) * x).sum() }
        #expect(g.scalars == [5, 7, 9])
        let column = gradient(at: Tensor(shape: [2, 1], scalars: [0, 0])) { b in ((x + b) * x).sum() }
        #expect(column.shape == [2, 1])
        #expect(column.scalars == [6, 15])
        let scalar = gradient(at: Tensor(2)) { s in (x * s).sum() }
        #expect(scalar.shape == [])
        #expect(scalar.item == 21)
    }

    @Test func constantsAndDetachedRecordNothing() {
        let w = Tensor([1, 2])
        #expect(!(w * w).isTracked)
        _ = valueAndGradient(at: Tensor([1, 1])) { x in
            #expect(x.isTracked)
            #expect((x * w).isTracked)
            #expect(!(x.detached() * w).isTracked)
            #expect(!withoutGradient { x * w }.isTracked)
            return (x * w).sum()
        }
    }

    @Test func unusedInputsGetZeroGradient() {
        let (value, gradients) = valueAndGradient(at: [Tensor([1, 2]), Tensor([3])]) { p in p[0].sum() }
        #expect(value.item == 3)
        #expect(gradients[0].scalars == [1, 1])
        #expect(gradients[1].scalars == [0])
    }

    @Test func detachedStopsGradient() {
        let g = gradient(at: Tensor([3])) { x in (x * x.detached()).sum() }
        #expect(g.scalars == [3])
    }

    @Test func parameterContainerGradientHasTheSameShape() {
        struct Affine: ParameterContainer {
            var weight: Tensor
            var bias: Tensor
            mutating func updateParameters(_ body: (inout Tensor) throws -> Void) rethrows {
                try body(&weight)
                try body(&bias)
            }
        }
        let model = Affine(weight: Tensor([[1], [2]]), bias: Tensor([0.5]))
        let x = Tensor([[1, 1], [2, 0]])
        let (loss, gradient) = valueAndGradient(at: model) { m in (x.matmul(m.weight) + m.bias).sum() }
        #expect(loss.item == 3.5 + 2.5)
        #expect(gradient.weight.scalars == [3, 1])
        #expect(gradient.bias.scalars == [2])
        #expect(model.parameterCount == 3)
    }

    @Test func copyOnWrite() {
        let a = Tensor([1, 2, 3])
        var b = a
        b[0] = 10
        #expect(a.scalars == [1, 2, 3])
        #expect(b.scalars == [10, 2, 3])
        var c = a.reshaped(to: [3, 1])
        c.withUnsafeMutableBufferPointer { $0[2] = 7 }
        #expect(a.scalars == [1, 2, 3])
        #expect(c.scalars == [1, 2, 7])
    }

    @Test func nestedGradientCallsAreIndependent() {
        let outer = gradient(at: Tensor([2])) { x in
            let inner = gradient(at: Tensor([3])) { y in (y * y).sum() }
            #expect(inner.scalars == [6])
            return (x * x * Tensor(inner.scalars)).sum()
        }
        #expect(outer.scalars == [24])
    }
}
