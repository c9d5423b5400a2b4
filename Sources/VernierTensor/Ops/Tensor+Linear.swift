/// `x · weight + bias` as one primitive: the bias is pre-filled into the output and a single `sgemm` adds the
/// product onto it (`beta = 1`).
///
/// `x` is `[..., in]` (leading axes are treated as rows), `weight` is `[in, out]`, `bias` is `[out]`; the result is
/// `[..., out]`. Pullbacks: `∂x = g · weightᵀ`, `∂weight = xᵀ · g` (transposes passed to `sgemm`), `∂bias` = the
/// column sums of `g`.
///
/// ```swift
/// let hidden = relu(linear(x, weight: w1, bias: b1))   // [batch, 2] · [2, 10] + [10]
/// ```
public func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
    if let message = ShapeCheck.linear(input: x.shape, weight: weight.shape, bias: bias?.shape) {
        preconditionFailure(message)
    }
    let inFeatures = weight.shape[0]
    let outFeatures = weight.shape[1]
    let rows = x.count / Swift.max(inFeatures, 1)
    var shape = x.shape
    shape[shape.count - 1] = outFeatures
    let output = Kernels.linear(x, weight, bias: bias, rows: rows, shape: shape)
    let needX = x.node != nil
    let needWeight = weight.node != nil
    let needBias = bias?.node != nil
    guard needX || needWeight || needBias else { return output }
    let savedX = x.detached()
    let savedWeight = weight.detached()
    let hasBias = bias != nil
    let pullback: (Tensor) -> [Tensor?] = { g in
        var gradients: [Tensor?] = [
            needX ? Kernels.linearInputGradient(g, savedWeight, rows: rows, shape: savedX.shape) : nil,
            needWeight ? Kernels.linearWeightGradient(savedX, g, rows: rows, weightShape: savedWeight.shape) : nil,
        ]
        if hasBias { gradients.append(needBias ? Kernels.columnSums(g, rows: rows, columns: outFeatures) : nil) }
        return gradients
    }
    if let bias { return Tensor.record(output, inputs: [x, weight, bias], pullback: pullback) }
    return Tensor.record(output, inputs: [x, weight], pullback: pullback)
}
