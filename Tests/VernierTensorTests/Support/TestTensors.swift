import VernierRandom
import VernierTensor

/// Deterministic test inputs.
enum TestTensors {
    /// Uniform values in `range` from a fixed seed.
    static func uniform(_ shape: [Int], in range: ClosedRange<Float> = -1...1, seed: UInt64 = 7) -> Tensor {
        var rng = Xoshiro256(seed: seed)
        return Tensor.randomUniform(shape: shape, in: range, using: &rng)
    }

    /// Values whose pairwise gaps are at least `gap` (a shuffled ramp), so max/ReLU kinks are far from every point.
    static func distinct(_ shape: [Int], seed: UInt64 = 3, gap: Float = 0.1) -> Tensor {
        var rng = Xoshiro256(seed: seed)
        let count = shape.reduce(1, *)
        var values = (0..<count).map { (Float($0) - Float(count) / 2) * gap + gap / 2 }
        values.deterministicShuffle(using: &rng)
        return Tensor(shape: shape, scalars: values)
    }
}

/// Whether two arrays agree within `tolerance` (absolute, plus relative to the expected magnitude).
func isClose(_ actual: [Float], _ expected: [Float], tolerance: Float = 1e-5) -> Bool {
    actual.count == expected.count
        && zip(actual, expected).allSatisfy { a, e in Swift.abs(a - e) <= tolerance * (1 + Swift.abs(e)) }
}
