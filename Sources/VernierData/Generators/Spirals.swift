import Foundation
import VernierRandom
import VernierTensor

/// Two interlaced spirals, the classic hard binary classification toy problem.
///
/// Each point draws `phi ~ U(1, 15)` and lies at `x = (phi + 1)·cos(phi)`, `y = phi·sin(phi)` plus Gaussian noise
/// with standard deviation `noise`; the second half of the points is negated and labelled 1 (the first half 0).
/// The points are then shuffled and cut into train / validation / test. Targets have shape `[N, 1]` (0 or 1),
/// features `[N, 2]`, unnormalized.
///
/// ```swift
/// let spirals = Spirals(train: 4000, validation: 1000, test: 0, noise: 0.4, seed: 1234)
/// spirals.train.count          // 4000
/// spirals.validation.count     // 1000
/// ```
public struct Spirals: Sendable {
    /// The training, validation and test parts.
    public let splits: DatasetSplits

    /// Generates the points (deterministic for a given seed).
    public init(train: Int = 4000, validation: Int = 1000, test: Int = 0, noise: Double = 0.4, seed: UInt64 = 1234) {
        precondition(train >= 0 && validation >= 0 && test >= 0, "Spirals: counts must not be negative")
        precondition(noise >= 0, "Spirals: noise must not be negative, got \(noise)")
        var generator = Xoshiro256(seed: seed)
        let total = train + validation + test
        let points = Self.points(count: total, noise: noise, using: &generator)
        var order = Array(0..<total)
        order.deterministicShuffle(using: &generator)
        splits = DatasetSplits(
            train: points.subset(order[0..<train]),
            validation: points.subset(order[train..<(train + validation)]),
            test: points.subset(order[(train + validation)...]),
            classNames: ["0", "1"], featureNames: ["x", "y"])
    }

    /// The training points.
    public var train: TensorDataset { splits.train }
    /// The validation points.
    public var validation: TensorDataset { splits.validation }
    /// The test points (empty unless `test > 0`).
    public var test: TensorDataset { splits.test }

    /// `count` spiral points in generation order (first half label 0, second half negated with label 1).
    ///
    /// ```swift
    /// var rng = Xoshiro256(seed: 1)
    /// let raw = Spirals.points(count: 100, noise: 0.4, using: &rng)
    /// ```
    public static func points(
        count: Int, noise: Double, using generator: inout some RandomNumberGenerator
    )
        -> TensorDataset
    {
        var features = [Float](repeating: 0, count: 2 * count)
        var labels = [Float](repeating: 0, count: count)
        let half = count / 2
        for index in 0..<count {
            let phi = generator.nextUniform(in: 1...15)
            var x = (phi + 1) * cos(phi) + noise * generator.nextNormal()
            var y = phi * sin(phi) + noise * generator.nextNormal()
            if index >= half {
                x = -x
                y = -y
                labels[index] = 1
            }
            features[2 * index] = Float(x)
            features[2 * index + 1] = Float(y)
        }
        return TensorDataset(
            features: Tensor(shape: [count, 2], scalars: features), targets: Tensor(shape: [count, 1], scalars: labels))
    }
}
