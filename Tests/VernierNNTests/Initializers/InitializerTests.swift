import Testing
import VernierNN
import VernierRandom
import VernierTensor

@Suite struct InitializerTests {
    func moments(_ t: Tensor) -> (mean: Float, standardDeviation: Float) {
        let values = t.scalars
        let mean = values.reduce(0, +) / Float(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(values.count)
        return (mean, variance.squareRoot())
    }

    @Test func distributionsHaveTheirDocumentedSpread() {
        var rng = Xoshiro256(seed: 21)
        let shape = [200, 100]
        let (fanIn, fanOut) = (200, 100)
        let cases: [(Initializer, Float)] = [
            (.glorotUniform(), (6 / Float(fanIn + fanOut)).squareRoot() / Float(3).squareRoot()),
            (.glorotNormal(), (2 / Float(fanIn + fanOut)).squareRoot()),
            (.heUniform(), (6 / Float(fanIn)).squareRoot() / Float(3).squareRoot()),
            (.heNormal(), (2 / Float(fanIn)).squareRoot()),
            (.pytorchDefault, 1 / Float(fanIn).squareRoot() / Float(3).squareRoot()),
            (.normal(mean: 0, standardDeviation: 0.3), 0.3),
        ]
        for (initializer, expected) in cases {
            let t = initializer.tensor(shape: shape, fanIn: fanIn, fanOut: fanOut, using: &rng)
            let (mean, deviation) = moments(t)
            #expect(Swift.abs(mean) < 0.05 * expected + 1e-3, "\(initializer) mean \(mean)")
            #expect(Swift.abs(deviation / expected - 1) < 0.03, "\(initializer) sd \(deviation) vs \(expected)")
        }
        let bound = (6 / Float(fanIn + fanOut)).squareRoot()
        let uniform = Initializer.glorotUniform().tensor(shape: shape, fanIn: fanIn, fanOut: fanOut, using: &rng)
        #expect(uniform.scalars.allSatisfy { Swift.abs($0) <= bound })
    }

    @Test func constantsAndSeeding() {
        var rng = Xoshiro256(seed: 1)
        #expect(Initializer.zeros.tensor(shape: [2, 2], fanIn: 2, fanOut: 2, using: &rng).scalars == [0, 0, 0, 0])
        #expect(
            Initializer.constant(0.5).tensor(shape: [3], fanIn: 1, fanOut: 1, using: &rng).scalars == [0.5, 0.5, 0.5])
        var a = Xoshiro256(seed: 77)
        var b = Xoshiro256(seed: 77)
        for initializer in [Initializer.heNormal(), .glorotUniform(), .uniform(-1...1)] {
            let first = initializer.tensor(shape: [8, 8], fanIn: 8, fanOut: 8, using: &a)
            let second = initializer.tensor(shape: [8, 8], fanIn: 8, fanOut: 8, using: &b)
            #expect(first.scalars == second.scalars)
        }
    }
}
