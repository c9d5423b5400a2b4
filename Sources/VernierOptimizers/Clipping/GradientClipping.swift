import Foundation
import VernierTensor

/// The Euclidean norm of all the tensors of a gradient taken together, √(Σ g²).
///
/// ```swift
/// let norm = globalNorm(of: gradient)
/// ```
public func globalNorm<Gradient: ParameterContainer>(of gradient: Gradient) -> Float {
    var total = 0.0
    for tensor in gradient.parameters {
        tensor.withUnsafeBufferPointer { buffer in
            for value in buffer { total += Double(value) * Double(value) }
        }
    }
    return Float(total.squareRoot())
}

/// Scales the whole gradient down so that its global norm is at most `maxNorm`, as PyTorch's
/// `clip_grad_norm_` does (factor `maxNorm / (norm + 1e-6)`, applied only when below 1). Returns the norm
/// before clipping.
///
/// ```swift
/// let norm = clipByGlobalNorm(&gradient, maxNorm: 1)
/// optimizer.update(&model, along: gradient)
/// ```
@discardableResult
public func clipByGlobalNorm<Gradient: ParameterContainer>(_ gradient: inout Gradient, maxNorm: Float) -> Float {
    precondition(maxNorm > 0, "clipByGlobalNorm: maxNorm must be positive, got \(maxNorm)")
    let norm = globalNorm(of: gradient)
    let factor = maxNorm / (norm + 1e-6)
    guard factor < 1 else { return norm }
    gradient.updateParameters { tensor in
        tensor.withUnsafeMutableBufferPointer { buffer in
            for i in buffer.indices { buffer[i] *= factor }
        }
    }
    return norm
}

/// Limits every gradient element to `[−limit, limit]` (PyTorch's `clip_grad_value_`).
///
/// ```swift
/// clipByValue(&gradient, limit: 0.5)
/// ```
public func clipByValue<Gradient: ParameterContainer>(_ gradient: inout Gradient, limit: Float) {
    precondition(limit > 0, "clipByValue: limit must be positive, got \(limit)")
    gradient.updateParameters { tensor in
        tensor.withUnsafeMutableBufferPointer { buffer in
            for i in buffer.indices { buffer[i] = Swift.min(Swift.max(buffer[i], -limit), limit) }
        }
    }
}
