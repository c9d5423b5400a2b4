import Foundation
import VernierTensor

/// An optimizer that can also update raw parameter buffers, one parameter at a time, for fused training loops
/// that keep their parameters and gradients in preallocated memory instead of tensors.
///
/// A step is ``beginFlatStep()`` followed by one ``updateFlat(parameter:_:gradient:)`` call per parameter, in
/// the model's visiting order (the index is the parameter's position in that order). The state (momentum
/// buffers, moment estimates, the step count) is the same state ``Optimizer/update(_:along:)`` uses, and the
/// update runs the same kernel, so fused and tape steps can be mixed and give the same numbers. After the first
/// step the update allocates nothing.
///
/// ```swift
/// var optimizer = Adam(learningRate: 1e-3)
/// optimizer.beginFlatStep()
/// weights.withUnsafeMutableBufferPointer { w in
///     gradient.withUnsafeBufferPointer { g in optimizer.updateFlat(parameter: 0, w, gradient: g) }
/// }
/// ```
public protocol FlatUpdatingOptimizer: Optimizer {
    /// Starts one optimizer step (advances the step count where the rule has one).
    mutating func beginFlatStep()

    /// Updates parameter number `index` (in the model's visiting order) in place from its gradient.
    mutating func updateFlat(
        parameter index: Int, _ parameter: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>)
}

extension SGD: FlatUpdatingOptimizer {
    /// SGD has no step count.
    public mutating func beginFlatStep() {}

    /// The ``SGD`` rule on one parameter buffer.
    public mutating func updateFlat(
        parameter index: Int, _ parameter: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>
    ) {
        guard momentum != 0 else {
            UpdateKernels.sgd(parameter, gradient, rate: learningRate, decay: weightDecay)
            return
        }
        let (rate, mu, dampening, nesterov, decay) = (learningRate, momentum, dampening, nesterov, weightDecay)
        var buffers = momentumBuffers
        momentumBuffers = ParameterSlots()
        defer { momentumBuffers = buffers }
        let isFirst = !buffers.contains(index)
        buffers.withBuffer(index, count: parameter.count) { buffer in
            UpdateKernels.momentum(
                parameter, gradient, buffer, rate: rate, decay: decay, momentum: mu, dampening: dampening,
                nesterov: nesterov, isFirst: isFirst)
        }
    }
}

extension Adam: FlatUpdatingOptimizer {
    /// Advances the step count (the bias corrections depend on it).
    public mutating func beginFlatStep() { step += 1 }

    /// The ``Adam`` rule on one parameter buffer.
    public mutating func updateFlat(
        parameter index: Int, _ parameter: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>
    ) {
        adamFlat(index, parameter, gradient, l2Decay: weightDecay, decoupledDecay: 0)
    }

    /// The shared Adam/AdamW update of one buffer (the scalars of ``adamStep(_:along:l2Decay:decoupledDecay:name:)``).
    mutating func adamFlat(
        _ index: Int, _ parameter: UnsafeMutableBufferPointer<Float>, _ gradient: UnsafeBufferPointer<Float>,
        l2Decay: Float, decoupledDecay: Float
    ) {
        moments.update(index, parameter, gradient, coefficients(l2Decay: l2Decay, decoupledDecay: decoupledDecay))
    }
}

extension AdamW: FlatUpdatingOptimizer {
    /// Advances the step count.
    public mutating func beginFlatStep() { adam.step += 1 }

    /// The ``AdamW`` rule (decoupled weight decay) on one parameter buffer.
    public mutating func updateFlat(
        parameter index: Int, _ parameter: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>
    ) {
        adam.adamFlat(index, parameter, gradient, l2Decay: 0, decoupledDecay: weightDecay)
    }
}

extension RMSProp: FlatUpdatingOptimizer {
    /// RMSProp has no step count.
    public mutating func beginFlatStep() {}

    /// The ``RMSProp`` rule (centered and momentum variants included) on one parameter buffer.
    public mutating func updateFlat(
        parameter index: Int, _ parameter: UnsafeMutableBufferPointer<Float>, gradient: UnsafeBufferPointer<Float>
    ) {
        let (rate, alpha, eps, mu, centered, decay) = (learningRate, alpha, epsilon, momentum, centered, weightDecay)
        var squares = squareAverages
        var averages = gradientAverages
        var buffers = momentumBuffers
        squareAverages = ParameterSlots()
        gradientAverages = ParameterSlots()
        momentumBuffers = ParameterSlots()
        defer {
            squareAverages = squares
            gradientAverages = averages
            momentumBuffers = buffers
        }
        let count = parameter.count
        squares.withBuffer(index, count: count) { s in
            averages.withBuffer(index, count: centered ? count : 0) { a in
                buffers.withBuffer(index, count: mu > 0 ? count : 0) { b in
                    UpdateKernels.rmsprop(
                        parameter, gradient, s, a, b, rate: rate, alpha: alpha, epsilon: eps, decay: decay,
                        momentum: mu, centered: centered)
                }
            }
        }
    }
}
