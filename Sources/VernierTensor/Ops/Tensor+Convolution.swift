/// Convolution and pooling over images laid out `[batch, channels, height, width]`.
///
/// Convolution splits the batch into two shares that run at the same time; each unfolds its images chunk by chunk
/// with im2col into `[C·KH·KW, images·positions]` matrices that stay in cache and multiplies each by the weight
/// matrix in one single-threaded `sgemm`; one pass then adds the bias, applies the fused activation and lays the
/// result out per image. The backward pass gathers the output gradient the same way (with the activation's
/// derivative) and unfolds the saved input again, so the weight and input gradients are one `sgemm` each per chunk.
/// Single-channel 3×3 "same" convolutions run direct C kernels instead of im2col, and a fused 2×2 max pooling is
/// applied in cache, keeping each window's winner instead of the unpooled output.

/// An activation a primitive applies to its result in the same pass as the bias: `conv2d(_:_:bias:stride:padding:
/// activation:pooling:)` with `.relu` computes `relu(conv2d(…))` without a separate tensor or tape node.
public enum FusedActivation: Sendable, Hashable {
    /// No activation.
    case identity
    /// max(x, 0).
    case relu
}

/// A pooling that a convolution applies to its activated output in the same pass: `conv2d(…, activation: .relu,
/// pooling: .max2x2)` computes `maxPool2d(relu(conv2d(…)), kernelSize: 2)` (same values, same gradients) without
/// the unpooled output, keeping one byte per window (its winner) for the backward pass.
public enum FusedPooling: Sendable, Hashable {
    /// No pooling.
    case none
    /// 2×2 max pooling with stride 2; the convolution's output height and width must be even.
    case max2x2
}

/// The 2-D cross-correlation of `input` `[N, C, H, W]` with `weight` `[O, C, KH, KW]`, plus `bias` `[O]`, passed
/// through `activation` (default: none) and then `pooling` (default: none); the result is `[N, O, OH, OW]` with
/// `OH = (H + 2·padding − KH) / stride + 1` and `OW = (W + 2·padding − KW) / stride + 1`, halved by `.max2x2`.
/// Differentiable in the input, the weight and the bias.
///
/// ```swift
/// let images = Tensor.zeros([8, 1, 28, 28])
/// let kernels = Tensor.zeros([16, 1, 3, 3])
/// let features = conv2d(images, kernels, bias: Tensor.zeros([16]), padding: 1)   // [8, 16, 28, 28]
/// let rectified = conv2d(images, kernels, bias: Tensor.zeros([16]), padding: 1, activation: .relu)
/// let pooled = conv2d(images, kernels, bias: nil, padding: 1, activation: .relu, pooling: .max2x2)  // [8, 16, 14, 14]
/// ```
public func conv2d(
    _ input: Tensor, _ weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0,
    activation: FusedActivation = .identity, pooling: FusedPooling = .none
) -> Tensor {
    if let message = ShapeCheck.conv2d(
        input: input.shape, weight: weight.shape, bias: bias?.shape, stride: stride, padding: padding)
    {
        preconditionFailure(message)
    }
    let geometry = ConvolutionGeometry(
        batch: input.shape[0], channels: input.shape[1], height: input.shape[2], width: input.shape[3],
        kernelHeight: weight.shape[2], kernelWidth: weight.shape[3], stride: stride, padding: padding)
    if pooling == .max2x2 && (geometry.outputHeight % 2 != 0 || geometry.outputWidth % 2 != 0) {
        preconditionFailure(
            "conv2d: 2×2 max pooling needs an even output height and width, got "
                + "\(geometry.outputHeight)×\(geometry.outputWidth)")
    }
    let needInput = input.node != nil
    let needWeight = weight.node != nil
    let needBias = bias?.node != nil
    let tracked = needInput || needWeight || needBias
    let hasBias = bias != nil
    let inputs = hasBias ? [input, weight, bias!] : [input, weight]
    let savedInput = input.detached()
    let savedWeight = weight.detached()
    let arrange = { (gradients: (input: Tensor?, weight: Tensor?, bias: Tensor?)) -> [Tensor?] in
        hasBias ? [gradients.input, gradients.weight, gradients.bias] : [gradients.input, gradients.weight]
    }
    if pooling == .max2x2 {
        let (output, recorded) = Kernels.conv2dMaxPool(
            input, weight, bias: bias, activation: activation, geometry, recordingWinners: tracked)
        guard tracked, let winners = recorded else { return output }
        let savedOutput = output.detached()
        return Tensor.record(output, inputs: inputs) { g in
            arrange(
                Kernels.conv2dMaxPoolGradients(
                    g, input: savedInput, pooled: savedOutput, winners: winners, weight: savedWeight,
                    activation: activation, geometry, input: needInput, weight: needWeight, bias: needBias))
        }
    }
    let output = Kernels.conv2d(input, weight, bias: bias, activation: activation, geometry)
    guard tracked else { return output }
    let savedOutput = output.detached()
    return Tensor.record(output, inputs: inputs) { g in
        arrange(
            Kernels.conv2dGradients(
                g, input: savedInput, output: savedOutput, weight: savedWeight, activation: activation, geometry,
                input: needInput, weight: needWeight, bias: needBias))
    }
}

/// The maximum of each `kernelSize × kernelSize` window, moved by `stride` (default: `kernelSize`, so windows
/// do not overlap), over `input` `[N, C, H, W]`. The gradient flows to the first maximal element of each window (the first NaN
/// where a window holds one).
///
/// ```swift
/// let pooled = maxPool2d(features, kernelSize: 2)   // [8, 16, 28, 28] -> [8, 16, 14, 14]
/// ```
public func maxPool2d(_ input: Tensor, kernelSize: Int, stride: Int? = nil) -> Tensor {
    let step = stride ?? kernelSize
    if let message = ShapeCheck.pool2d("maxPool2d", input: input.shape, kernelSize: kernelSize, stride: step) {
        preconditionFailure(message)
    }
    let geometry = poolingGeometry(input.shape, kernelSize: kernelSize, stride: step)
    let output = Kernels.maxPool2d(input, geometry)
    guard input.node != nil else { return output }
    let savedInput = input.detached()
    let savedOutput = output.detached()
    return Tensor.record(output, input: input) { g in
        Kernels.maxPool2dGradient(g, input: savedInput, output: savedOutput, geometry)
    }
}

/// The mean of each `kernelSize × kernelSize` window, moved by `stride` (default: `kernelSize`), over `input`
/// `[N, C, H, W]`.
///
/// ```swift
/// let pooled = avgPool2d(features, kernelSize: 2)   // [8, 16, 28, 28] -> [8, 16, 14, 14]
/// ```
public func avgPool2d(_ input: Tensor, kernelSize: Int, stride: Int? = nil) -> Tensor {
    let step = stride ?? kernelSize
    if let message = ShapeCheck.pool2d("avgPool2d", input: input.shape, kernelSize: kernelSize, stride: step) {
        preconditionFailure(message)
    }
    let geometry = poolingGeometry(input.shape, kernelSize: kernelSize, stride: step)
    return Tensor.record(Kernels.avgPool2d(input, geometry), input: input) { g in
        Kernels.avgPool2dGradient(g, geometry)
    }
}

private func poolingGeometry(_ shape: [Int], kernelSize: Int, stride: Int) -> ConvolutionGeometry {
    ConvolutionGeometry(
        batch: shape[0], channels: shape[1], height: shape[2], width: shape[3], kernelHeight: kernelSize,
        kernelWidth: kernelSize, stride: stride, padding: 0)
}
