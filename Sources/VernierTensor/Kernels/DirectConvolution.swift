import CVernierKernels

extension ConvolutionGeometry {
    /// Whether the direct single-channel kernels (`vernier_conv3x3_single_*`) compute this convolution: one input
    /// channel, a 3×3 kernel, stride 1, padding 1, at least 8 columns. With one channel the im2col matrix has only
    /// nine rows, too thin for `sgemm` to run near its peak; the direct kernels keep each padded image in cache (the
    /// weight gradient loads each input row's three shifted vectors once for the three gradient rows that use them).
    var usesDirectSingleChannel: Bool {
        channels == 1 && kernelHeight == 3 && kernelWidth == 3 && stride == 1 && padding == 1 && width >= 8
    }
}

extension Kernels {
    /// ``conv2d(_:_:bias:activation:_:)`` for a geometry that ``ConvolutionGeometry/usesDirectSingleChannel``:
    /// each share of the batch runs the direct kernel over its images.
    static func directConv2d(
        _ input: Tensor, _ weight: Tensor, bias: Tensor?, activation: FusedActivation, _ g: ConvolutionGeometry
    ) -> Tensor {
        let outputs = weight.shape[0]
        let output = TensorStorage(uninitializedCount: g.batch * outputs * g.positions)
        let image = UnsafePointer(input.storage.pointer)
        let kernel = UnsafePointer(weight.storage.pointer)
        let shifts = bias.map { UnsafePointer($0.storage.pointer) }
        let planeFloats = vernier_conv3x3_plane_floats(g.height, g.width)
        BatchShares.run(images: g.batch) { _, images in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: planeFloats) { plane in
                vernier_conv3x3_single_f32(
                    image + images.lowerBound * g.imageSize, images.count, g.height, g.width, kernel, shifts,
                    outputs, activation == .relu ? 1 : 0, output.pointer + images.lowerBound * outputs * g.positions,
                    plane.baseAddress!)
            }
        }
        return Tensor(shape: [g.batch, outputs, g.outputHeight, g.outputWidth], storage: output)
    }

    /// The weight and bias gradients of ``directConv2d(_:_:bias:activation:_:)`` (the input gradient is not
    /// computed: callers that need it use ``conv2dGradients(_:input:output:weight:activation:_:input:weight:bias:)``)
    /// from the output gradient, masked by the saved output for ReLU.
    static func directConv2dGradients(
        _ gradient: Tensor, input: Tensor, output: Tensor, weightShape: [Int], activation: FusedActivation,
        _ g: ConvolutionGeometry
    ) -> (weight: Tensor, bias: Tensor) {
        let outputs = weightShape[0]
        let source = UnsafePointer(gradient.storage.pointer)
        let saved = activation == .relu ? UnsafePointer(output.storage.pointer) : nil
        let image = UnsafePointer(input.storage.pointer)
        return directGradientSums(outputs: outputs, weightShape: weightShape, g) { images, sums, plane in
            let offset = images.lowerBound * outputs * g.positions
            vernier_conv3x3_single_gradient_f32(
                image + images.lowerBound * g.imageSize, source + offset, saved.map { $0 + offset }, images.count,
                g.height, g.width, outputs, sums, plane)
        }
    }

    /// The weight and bias gradients of a direct single-channel convolution followed by 2×2 max pooling, from the
    /// pooled output's gradient `upstream`, its values `pooled` and the windows' `winners`
    /// (``conv2dMaxPool(_:_:bias:activation:_:recordingWinners:)``): the kernel forms each image's output gradient
    /// (the winner's share, 0 in windows not above 0 for ReLU) in its own scratch.
    static func directConv2dPooledGradients(
        _ upstream: Tensor, pooled: Tensor, winners: PoolWinners, input: Tensor, weightShape: [Int],
        activation: FusedActivation, _ g: ConvolutionGeometry
    ) -> (weight: Tensor, bias: Tensor) {
        let outputs = weightShape[0]
        let image = UnsafePointer(input.storage.pointer)
        let source = UnsafePointer(upstream.storage.pointer)
        let values = UnsafePointer(pooled.storage.pointer)
        let relu: Int32 = activation == .relu ? 1 : 0
        return directGradientSums(outputs: outputs, weightShape: weightShape, g) { images, sums, plane in
            let offset = images.lowerBound * outputs * (g.positions / 4)
            vernier_conv3x3_single_pooled_gradient_f32(
                image + images.lowerBound * g.imageSize, source + offset, values + offset, winners.pointer + offset,
                relu, images.count, g.height, g.width, outputs, sums, plane)
        }
    }

    /// Runs `addShare(images, sums, plane)` for every share of the batch at the same time, each adding its images'
    /// products per vector lane onto its own zeroed `sums` (`[outputs][10][8]`) with a scratch `plane`; then adds
    /// the lanes in a fixed order and the shares in order, so the same inputs give the same bits on any machine.
    private static func directGradientSums(
        outputs: Int, weightShape: [Int], _ g: ConvolutionGeometry,
        addShare: (Range<Int>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void
    ) -> (weight: Tensor, bias: Tensor) {
        let lanesPerShare = outputs * 80
        let shares = BatchShares.ranges(images: g.batch).count
        let sums = TensorStorage(repeating: 0, count: shares * lanesPerShare)
        let planeFloats = vernier_conv3x3_plane_floats(g.height, g.width)
        BatchShares.run(images: g.batch) { share, images in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: planeFloats) { plane in
                addShare(images, sums.pointer + share * lanesPerShare, plane.baseAddress!)
            }
        }
        let weightGradient = TensorStorage(repeating: 0, count: outputs * 9)
        let biasGradient = TensorStorage(repeating: 0, count: outputs)
        let shareWeight = TensorStorage(uninitializedCount: outputs * 9)
        let shareBias = TensorStorage(uninitializedCount: outputs)
        for share in 0..<shares {
            vernier_conv3x3_single_gradient_reduce(
                sums.pointer + share * lanesPerShare, outputs, shareWeight.pointer, shareBias.pointer)
            VectorLoops.add(weightGradient.pointer, shareWeight.pointer, weightGradient.pointer, outputs * 9)
            VectorLoops.add(biasGradient.pointer, shareBias.pointer, biasGradient.pointer, outputs)
        }
        return (Tensor(shape: weightShape, storage: weightGradient), Tensor(shape: [outputs], storage: biasGradient))
    }
}
