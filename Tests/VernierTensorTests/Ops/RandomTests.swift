import Testing
import VernierRandom
import VernierTensor

@Suite struct RandomTensorTests {
    @Test func sameSeedSameTensor() {
        var a = Xoshiro256(seed: 5)
        var b = Xoshiro256(seed: 5)
        #expect(
            Tensor.randomNormal(shape: [3, 4], using: &a) == Tensor.randomNormal(shape: [3, 4], using: &b))
        #expect(
            Tensor.randomUniform(shape: [7], in: -2...2, using: &a)
                == Tensor.randomUniform(shape: [7], in: -2...2, using: &b))
    }

    @Test func momentsAndRanges() {
        var rng = Xoshiro256(seed: 11)
        let normal = Tensor.randomNormal(shape: [20_000], mean: 3, standardDeviation: 2, using: &rng)
        let mean = normal.mean().item
        let variance = square(normal - mean).mean().item
        #expect(Swift.abs(mean - 3) < 0.05)
        #expect(Swift.abs(variance - 4) < 0.15)
        let uniform = Tensor.randomUniform(shape: [10_000], in: -1...3, using: &rng)
        #expect(uniform.scalars.allSatisfy { $0 >= -1 && $0 <= 3 })
        #expect(Swift.abs(uniform.mean().item - 1) < 0.05)
        let halfOpen = Tensor.randomUniform(shape: [10_000], in: 0..<1, using: &rng)
        #expect(halfOpen.scalars.allSatisfy { $0 >= 0 && $0 < 1 })
    }
}
