import VernierTensor

/// Applies an element-wise function given by its value and derivative, recording on the tape only when `x` is
/// tracked.
///
/// The gradient is attached by composition, without a custom pullback: the result is
/// `value + (x − detach(x)) · derivative`, where `x − detach(x)` is exactly zero but carries the identity
/// gradient, so the forward value is `value` bit for bit and the gradient is `g · derivative`. Three taped
/// operations per call, independent of how complex the function is.
func elementwise(
    _ x: Tensor, value: (Float) -> Float, derivative: (Float) -> Float
) -> Tensor {
    let count = x.count
    let values = x.withUnsafeBufferPointer { input in
        Tensor(shape: x.shape) { output in
            for i in 0..<count { output[i] = value(input[i]) }
        }
    }
    guard x.isTracked else { return values }
    let slopes = x.withUnsafeBufferPointer { input in
        Tensor(shape: x.shape) { output in
            for i in 0..<count { output[i] = derivative(input[i]) }
        }
    }
    return values + (x - x.detached()) * slopes
}
