import Foundation
import VernierTensor

// Activation functions as free functions. relu, sigmoid and tanh are VernierTensor primitives (re-exported
// through `import VernierTensor`); the rest are defined here, each matching PyTorch's default definition.

/// Leaky ReLU: `x` for `x > 0`, `negativeSlope · x` otherwise (PyTorch's `leaky_relu`, default slope 0.01).
///
/// ```swift
/// let hidden = leakyReLU(x, negativeSlope: 0.2)
/// ```
public func leakyReLU(_ x: Tensor, negativeSlope: Float = 0.01) -> Tensor {
    elementwise(
        x, value: { $0 > 0 ? $0 : negativeSlope * $0 }, derivative: { $0 > 0 ? 1 : negativeSlope })
}

/// Exponential linear unit: `x` for `x > 0`, `alpha · (eˣ − 1)` otherwise (Clevert et al., "Fast and Accurate
/// Deep Network Learning by Exponential Linear Units", ICLR 2016).
///
/// ```swift
/// let hidden = elu(x, alpha: 1)
/// ```
public func elu(_ x: Tensor, alpha: Float = 1) -> Tensor {
    elementwise(
        x, value: { $0 > 0 ? $0 : alpha * Foundation.expm1($0) },
        derivative: { $0 > 0 ? 1 : alpha * Foundation.exp($0) })
}

/// Gaussian error linear unit, exact form `x · Φ(x) = x/2 · (1 + erf(x/√2))` (Hendrycks and Gimpel, "Gaussian
/// Error Linear Units", 2016; PyTorch's default `approximate='none'`).
///
/// ```swift
/// let hidden = gelu(x)
/// ```
public func gelu(_ x: Tensor) -> Tensor {
    let inverseSquareRootTwo: Float = 0.707_106_77
    let inverseSquareRootTwoPi: Float = 0.398_942_3
    return elementwise(
        x, value: { 0.5 * $0 * (1 + Foundation.erf($0 * inverseSquareRootTwo)) },
        derivative: { x in
            0.5 * (1 + Foundation.erf(x * inverseSquareRootTwo)) + x * inverseSquareRootTwoPi
                * Foundation.exp(-0.5 * x * x)
        })
}

/// Softplus `log(1 + eˣ)`, a smooth ReLU; returns `x` itself above `threshold` as PyTorch does (beta 1,
/// threshold 20).
///
/// ```swift
/// let positive = softplus(x)
/// ```
public func softplus(_ x: Tensor, threshold: Float = 20) -> Tensor {
    elementwise(
        x,
        value: { $0 > threshold ? $0 : Swift.max($0, 0) + Foundation.log1p(Foundation.exp(-Swift.abs($0))) },
        derivative: { $0 > threshold ? 1 : 1 / (1 + Foundation.exp(-$0)) })
}

/// Sigmoid-weighted linear unit `x · σ(x)` (also called swish; Elfwing et al. 2018).
///
/// ```swift
/// let hidden = silu(x)
/// ```
public func silu(_ x: Tensor) -> Tensor {
    elementwise(
        x, value: { $0 / (1 + Foundation.exp(-$0)) },
        derivative: { x in
            let s = 1 / (1 + Foundation.exp(-x))
            return s * (1 + x * (1 - s))
        })
}

/// Softmax along `axis`: `exp(x − logsumexp(x))`, so each slice sums to 1 (numerically stable).
///
/// ```swift
/// let probabilities = softmax(logits, alongAxis: 1)
/// ```
public func softmax(_ x: Tensor, alongAxis axis: Int = -1) -> Tensor {
    exp(logSoftmax(x, alongAxis: axis))
}

/// Log-softmax along `axis`: `x − logsumexp(x)` (numerically stable).
///
/// ```swift
/// let logProbabilities = logSoftmax(logits, alongAxis: 1)
/// ```
public func logSoftmax(_ x: Tensor, alongAxis axis: Int = -1) -> Tensor {
    x - x.logSumExp(alongAxis: axis, keepingDimensions: true)
}
