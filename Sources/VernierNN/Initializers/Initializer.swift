import Foundation
import VernierRandom
import VernierTensor

/// A rule for the initial values of a weight tensor, given its fan-in and fan-out.
///
/// Every random initializer draws the elements in row-major order from the generator it is given, so the same
/// seed gives bit-identical weights on every run. Formulas follow PyTorch's `torch.nn.init`.
///
/// ```swift
/// var rng = Xoshiro256(seed: 0)
/// let w = Initializer.heNormal().tensor(shape: [64, 32], fanIn: 64, fanOut: 32, using: &rng)
/// ```
public enum Initializer: Sendable, Hashable {
    /// All zeros.
    case zeros
    /// Every element equal to the value.
    case constant(Float)
    /// Uniform in `range`.
    case uniform(ClosedRange<Float>)
    /// Normal with the given mean and standard deviation.
    case normal(mean: Float, standardDeviation: Float)
    /// Glorot/Xavier uniform: U(−a, a) with a = gain · √(6 / (fanIn + fanOut)) (Glorot and Bengio,
    /// "Understanding the difficulty of training deep feedforward neural networks", AISTATS 2010).
    case glorotUniform(gain: Float = 1)
    /// Glorot/Xavier normal: N(0, σ²) with σ = gain · √(2 / (fanIn + fanOut)).
    case glorotNormal(gain: Float = 1)
    /// He/Kaiming uniform: U(−b, b) with b = gain · √(3 / fanIn) (He et al., "Delving Deep into Rectifiers",
    /// ICCV 2015). The default gain √2 suits ReLU.
    case heUniform(gain: Float = 1.414_213_5)
    /// He/Kaiming normal: N(0, σ²) with σ = gain / √fanIn.
    case heNormal(gain: Float = 1.414_213_5)
    /// PyTorch's default for `Linear` and `Conv2d` weights and biases: U(−1/√fanIn, 1/√fanIn) (Kaiming
    /// uniform with a = √5).
    case pytorchDefault

    /// A tensor of `shape` drawn by this rule.
    ///
    /// ```swift
    /// let bias = Initializer.pytorchDefault.tensor(shape: [10], fanIn: 4, fanOut: 10, using: &rng)
    /// ```
    public func tensor(
        shape: [Int], fanIn: Int, fanOut: Int, using generator: inout some RandomNumberGenerator
    ) -> Tensor {
        let fanIn = Float(Swift.max(fanIn, 1))
        let fanOut = Float(Swift.max(fanOut, 1))
        switch self {
        case .zeros:
            return Tensor.zeros(shape)
        case .constant(let value):
            return Tensor(repeating: value, shape: shape)
        case .uniform(let range):
            return Self.uniform(shape: shape, in: range, using: &generator)
        case .normal(let mean, let standardDeviation):
            return Self.normal(shape: shape, mean: mean, standardDeviation: standardDeviation, using: &generator)
        case .glorotUniform(let gain):
            let bound = gain * (6 / (fanIn + fanOut)).squareRoot()
            return Self.uniform(shape: shape, in: -bound...bound, using: &generator)
        case .glorotNormal(let gain):
            let deviation = gain * (2 / (fanIn + fanOut)).squareRoot()
            return Self.normal(shape: shape, mean: 0, standardDeviation: deviation, using: &generator)
        case .heUniform(let gain):
            let bound = gain * (3 / fanIn).squareRoot()
            return Self.uniform(shape: shape, in: -bound...bound, using: &generator)
        case .heNormal(let gain):
            let deviation = gain / fanIn.squareRoot()
            return Self.normal(shape: shape, mean: 0, standardDeviation: deviation, using: &generator)
        case .pytorchDefault:
            let bound = 1 / fanIn.squareRoot()
            return Self.uniform(shape: shape, in: -bound...bound, using: &generator)
        }
    }

    private static func uniform(
        shape: [Int], in range: ClosedRange<Float>, using generator: inout some RandomNumberGenerator
    ) -> Tensor {
        Tensor.randomUniform(shape: shape, in: range, using: &generator)
    }

    private static func normal(
        shape: [Int], mean: Float, standardDeviation: Float, using generator: inout some RandomNumberGenerator
    ) -> Tensor {
        Tensor.randomNormal(shape: shape, mean: mean, standardDeviation: standardDeviation, using: &generator)
    }
}
