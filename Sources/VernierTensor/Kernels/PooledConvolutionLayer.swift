/// One convolution with its bias, activation and 2×2 max pooling fused (what `conv2d(…, pooling: .max2x2)` computes)
/// on raw buffers the caller keeps, for the fused CNN step of VernierTraining: the forward pass writes the pooled
/// output and each window's winner, the backward pass the gradients, both working in a scratch buffer of
/// ``scratchFloats`` floats allocated once, so neither allocates. Both run the code the tensor op runs, so they give
/// the tape's bits.
///
/// ```swift
/// let layer = PooledConvolutionLayer(
///     channels: 1, height: 28, width: 28, outputs: 16, kernelSize: 3, padding: 1, activation: .relu)
/// layer.forward(batch: 64, input: x, weight: w, bias: b, pooled: y, winners: winners, scratch: scratch)
/// ```
package struct PooledConvolutionLayer: Sendable {
    /// Output channels.
    package let outputs: Int
    package let activation: FusedActivation
    private let shape: ConvolutionGeometry

    /// A layer over `[channels, height, width]` images with `outputs` square kernels of `kernelSize`, stride 1 and
    /// `padding` zeros on each side; nil when its output's height or width is odd (2×2 pooling needs them even) or
    /// empty.
    package init?(
        channels: Int, height: Int, width: Int, outputs: Int, kernelSize: Int, stride: Int = 1, padding: Int,
        activation: FusedActivation
    ) {
        let shape = ConvolutionGeometry(
            batch: 1, channels: channels, height: height, width: width, kernelHeight: kernelSize,
            kernelWidth: kernelSize, stride: stride, padding: padding)
        guard shape.outputHeight > 0, shape.outputWidth > 0, shape.outputHeight % 2 == 0, shape.outputWidth % 2 == 0
        else { return nil }
        self.shape = shape
        self.outputs = outputs
        self.activation = activation
    }

    /// Floats of one input image.
    package var inputFloats: Int { shape.imageSize }
    /// Floats of one image's pooled output `[outputs, OH/2, OW/2]` (and bytes of its winners).
    package var pooledFloats: Int { outputs * shape.positions / 4 }
    /// The pooled output's height and width.
    package var pooledSize: (height: Int, width: Int) { (shape.outputHeight / 2, shape.outputWidth / 2) }
    /// Elements of the weight `[outputs, channels, k, k]`.
    package var weightCount: Int { outputs * shape.patchSize }
    /// Floats of the scratch buffer the passes work in (any batch size).
    package var scratchFloats: Int {
        BatchShares.count * ConvolutionScratch.floatsPerShare(shape, outputs: outputs)
            + ConvolutionScratch.sumFloats(outputs: outputs, patch: shape.patchSize)
    }

    private func geometry(_ batch: Int) -> ConvolutionGeometry {
        var g = shape
        g.batch = batch
        return g
    }

    private func scratch(_ buffer: UnsafeMutablePointer<Float>) -> ConvolutionScratch {
        let perShare = ConvolutionScratch.floatsPerShare(shape, outputs: outputs)
        return ConvolutionScratch(
            shareRegions: buffer, floatsPerShare: perShare, sums: buffer + BatchShares.count * perShare)
    }

    /// Writes the pooled output of `batch` images and each window's winner.
    package func forward(
        batch: Int, input: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        pooled: UnsafeMutablePointer<Float>, winners: UnsafeMutablePointer<UInt8>, scratch: UnsafeMutablePointer<Float>
    ) {
        Kernels.convolveMaxPool(
            input, weight, bias: bias, outputs: outputs, activation: activation, geometry(batch), pooled: pooled,
            winners: winners, scratch: self.scratch(scratch))
    }

    /// Writes the weight and bias gradients (and the input's, when `inputGradient` is given) from the pooled
    /// output's gradient `upstream`, the forward pass's `pooled` values and `winners`, and its `input`.
    package func backward(
        batch: Int, upstream: UnsafePointer<Float>, pooled: UnsafePointer<Float>, winners: UnsafePointer<UInt8>,
        input: UnsafePointer<Float>, weight: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>?,
        weightGradient: UnsafeMutablePointer<Float>, biasGradient: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>
    ) {
        Kernels.convolveMaxPoolGradients(
            upstream, pooled: pooled, winners: winners, image: input, kernel: weight, outputs: outputs,
            activation: activation, geometry(batch), inputGradient: inputGradient, weightGradient: weightGradient,
            biasGradient: biasGradient, scratch: self.scratch(scratch))
    }
}
