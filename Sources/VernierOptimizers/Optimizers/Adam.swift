import Foundation
import VernierTensor

/// Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015) with optional L2 weight decay
/// added to the gradient, exactly as PyTorch's `torch.optim.Adam`:
///
/// ```text
/// g ← ∇ + weightDecay·θ
/// m ← β₁m + (1 − β₁)g,   v ← β₂v + (1 − β₂)g²
/// θ ← θ − (learningRate / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
/// ```
///
/// ```swift
/// var optimizer = Adam(learningRate: 1e-3)
/// optimizer.update(&model, along: gradient)
/// ```
public struct Adam: Optimizer, Sendable {
    /// The step size.
    public var learningRate: Float
    /// The decay of the first-moment estimate.
    public var beta1: Float
    /// The decay of the second-moment estimate.
    public var beta2: Float
    /// Added to the denominator for numerical stability.
    public var epsilon: Float
    /// The L2 penalty added to the gradient (see ``AdamW`` for decoupled decay).
    public var weightDecay: Float
    /// The number of updates applied so far.
    public internal(set) var step = 0
    var moments = AdamMoments()

    /// Creates the optimizer with PyTorch's defaults.
    ///
    /// ```swift
    /// var optimizer = Adam(learningRate: 3e-4, beta2: 0.99)
    /// ```
    public init(
        learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
        weightDecay: Float = 0
    ) {
        precondition(learningRate >= 0, "Adam: learningRate must be non-negative, got \(learningRate)")
        precondition((0..<1).contains(beta1) && (0..<1).contains(beta2), "Adam: betas must be in [0, 1)")
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    /// Applies one step to every parameter.
    public mutating func update<Model: ParameterContainer>(_ model: inout Model, along gradient: Model) {
        step += 1
        adamStep(&model, along: gradient, l2Decay: weightDecay, decoupledDecay: 0, name: "Adam")
    }

    /// The shared Adam/AdamW update: decoupled decay shrinks θ first, L2 decay is added to the gradient. One kernel
    /// call covers every parameter (``AdamMoments/update(parameters:gradients:counts:_:)``), with the same bits as
    /// updating them one by one.
    mutating func adamStep<Model: ParameterContainer>(
        _ model: inout Model, along gradient: Model, l2Decay: Float, decoupledDecay: Float, name: String
    ) {
        let c = coefficients(l2Decay: l2Decay, decoupledDecay: decoupledDecay)
        let gradients = gradient.parameters
        let n = gradients.count
        withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<Float>?.self, capacity: n) { parameters in
            withUnsafeTemporaryAllocation(of: UnsafePointer<Float>?.self, capacity: n) { gradientPointers in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: n) { counts in
                    // The addresses outlive their closures: the model and `gradients` keep the storages alive
                    // and unshared, and nothing touches them until the kernel has run.
                    forEachParameter(of: &model, along: gradients, optimizer: name) { index, parameter, gradient in
                        parameters[index] = parameter.baseAddress
                        gradientPointers[index] = gradient.baseAddress
                        counts[index] = parameter.count
                        _ = moments.slice(index, count: parameter.count)
                    }
                    moments.update(parameters: parameters, gradients: gradientPointers, counts: counts, c)
                }
            }
        }
    }

    /// The kernel's scalars for the current step.
    func coefficients(l2Decay: Float, decoupledDecay: Float) -> AdamCoefficients {
        let t = Double(step)
        let correction1 = 1 - Foundation.pow(Double(beta1), t)
        let correction2 = 1 - Foundation.pow(Double(beta2), t)
        return AdamCoefficients(
            beta1: beta1, beta2: beta2, epsilon: epsilon, l2Decay: l2Decay, shrink: 1 - learningRate * decoupledDecay,
            stepSize: Float(Double(learningRate) / correction1), correction2Root: Float(correction2.squareRoot()))
    }
}
