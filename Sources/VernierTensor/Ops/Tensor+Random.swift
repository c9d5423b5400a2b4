import VernierRandom

/// Random tensors drawn from an injected generator: the same seed gives the same tensor on every platform.
extension Tensor {
    /// A tensor of independent normal draws (Box-Muller, see `nextNormal`), in row-major order.
    ///
    /// ```swift
    /// var rng = Xoshiro256(seed: 42)
    /// let weights = Tensor.randomNormal(shape: [784, 128], standardDeviation: 0.05, using: &rng)
    /// ```
    public static func randomNormal(
        shape: [Int], mean: Float = 0, standardDeviation: Float = 1, using generator: inout some RandomNumberGenerator
    ) -> Tensor {
        Tensor(shape: shape) { buffer in
            for i in buffer.indices {
                buffer[i] = Float(
                    generator.nextNormal(mean: Double(mean), standardDeviation: Double(standardDeviation)))
            }
        }
    }

    /// A tensor of independent uniform draws in `range` (the upper bound is reached only by rounding).
    ///
    /// ```swift
    /// var rng = Xoshiro256(seed: 42)
    /// let limit = Float(6.0 / 794.0).squareRoot()
    /// let weights = Tensor.randomUniform(shape: [784, 10], in: -limit...limit, using: &rng)
    /// ```
    public static func randomUniform(
        shape: [Int], in range: ClosedRange<Float> = 0...1, using generator: inout some RandomNumberGenerator
    ) -> Tensor {
        let lower = Double(range.lowerBound)
        let width = Double(range.upperBound) - lower
        return Tensor(shape: shape) { buffer in
            for i in buffer.indices { buffer[i] = Float(lower + width * generator.nextUniform()) }
        }
    }

    /// A tensor of independent uniform draws in the half-open `range`.
    ///
    /// ```swift
    /// var rng = Xoshiro256(seed: 1)
    /// let noise = Tensor.randomUniform(shape: [3], in: -1..<1, using: &rng)
    /// ```
    public static func randomUniform(
        shape: [Int], in range: Range<Float>, using generator: inout some RandomNumberGenerator
    ) -> Tensor {
        let lower = Double(range.lowerBound)
        let width = Double(range.upperBound) - lower
        return Tensor(shape: shape) { buffer in
            for i in buffer.indices {
                let value = Float(lower + width * generator.nextUniform())
                buffer[i] = value < range.upperBound ? value : range.upperBound.nextDown
            }
        }
    }
}
