import VernierRandom
import VernierTensor

/// A noisy cubic for regression: `x ~ U(-1, 3)`, `y = 1.3x³ − 3x² + 3.6x + 6.9 + N(0, noise²)`.
///
/// Features and targets both have shape `[N, 1]`. The defaults are 80 points with unit noise, all in the
/// training part (the task is to fit them; ``Cubic/trueValue(at:)`` gives the noise-free curve).
///
/// ```swift
/// let cubic = Cubic(count: 80, seed: 42)
/// cubic.train.count      // 80
/// Cubic.trueValue(at: 0) // 6.9
/// ```
public struct Cubic: Sendable {
    /// The points (training part only; validation and test are empty unless requested).
    public let splits: DatasetSplits

    /// Generates `count` training points and `validation` extra points (deterministic for a given seed).
    public init(count: Int = 80, validation: Int = 0, noise: Double = 1, seed: UInt64 = 42) {
        precondition(count > 0 && validation >= 0, "Cubic: count must be positive and validation not negative")
        var generator = Xoshiro256(seed: seed)
        let total = count + validation
        var xs = [Float](repeating: 0, count: total)
        var ys = [Float](repeating: 0, count: total)
        for index in 0..<total {
            let x = generator.nextUniform(in: -1...3)
            xs[index] = Float(x)
            ys[index] = Float(Self.trueValue(at: x) + noise * generator.nextNormal())
        }
        let all = TensorDataset(
            features: Tensor(shape: [total, 1], scalars: xs), targets: Tensor(shape: [total, 1], scalars: ys))
        splits = DatasetSplits(
            train: all.subset(0..<count), validation: all.subset(count..<total), test: all.subset(total..<total),
            featureNames: ["x"])
    }

    /// The training points.
    public var train: TensorDataset { splits.train }

    /// The noise-free curve `1.3x³ − 3x² + 3.6x + 6.9`.
    public static func trueValue(at x: Double) -> Double {
        ((1.3 * x - 3) * x + 3.6) * x + 6.9
    }
}
