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
        BatchShares.run(
            images: g.batch,
            DirectConvolutionShare(
                image: image, kernel: kernel, shifts: shifts, outputs: outputs, relu: activation == .relu ? 1 : 0, g: g,
                output: output.pointer, planeFloats: planeFloats))
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
        let weightGradient = TensorStorage(uninitializedCount: outputs * 9)
        let biasGradient = TensorStorage(uninitializedCount: outputs)
        directGradientSums(
            outputs: outputs, g, weightGradient: weightGradient.pointer, biasGradient: biasGradient.pointer,
            scratch: nil,
            addShare: DirectGradientShare(image: image, source: source, saved: saved, outputs: outputs, g: g))
        return (Tensor(shape: weightShape, storage: weightGradient), Tensor(shape: [outputs], storage: biasGradient))
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
        let weightGradient = TensorStorage(uninitializedCount: outputs * 9)
        let biasGradient = TensorStorage(uninitializedCount: outputs)
        directPooledGradients(
            upstream.storage.pointer, pooled: pooled.storage.pointer, winners: winners.pointer,
            image: input.storage.pointer, outputs: outputs, activation: activation, g,
            weightGradient: weightGradient.pointer, biasGradient: biasGradient.pointer, scratch: nil)
        return (Tensor(shape: weightShape, storage: weightGradient), Tensor(shape: [outputs], storage: biasGradient))
    }

    /// ``directConv2dPooledGradients(_:pooled:winners:input:weightShape:activation:_:)`` on raw buffers: writes the
    /// weight `[outputs, 9]` and bias `[outputs]` gradients, working in `scratch` (allocated per pass when `nil`).
    static func directPooledGradients(
        _ upstream: UnsafePointer<Float>, pooled values: UnsafePointer<Float>, winners: UnsafePointer<UInt8>,
        image: UnsafePointer<Float>, outputs: Int, activation: FusedActivation, _ g: ConvolutionGeometry,
        weightGradient: UnsafeMutablePointer<Float>, biasGradient: UnsafeMutablePointer<Float>,
        scratch: ConvolutionScratch?
    ) {
        let relu: Int32 = activation == .relu ? 1 : 0
        directGradientSums(
            outputs: outputs, g, weightGradient: weightGradient, biasGradient: biasGradient, scratch: scratch,
            addShare: DirectPooledGradientShare(
                image: image, upstream: upstream, values: values, winners: winners, relu: relu, outputs: outputs, g: g))
    }

    /// Runs `addShare.add(images:sums:plane:)` for every share of the batch at the same time, each adding its images'
    /// products per vector lane onto its own zeroed `sums` (`[outputs][10][8]`) with a scratch `plane` (`scratch`'s
    /// share region, or a temporary allocation); then adds the lanes in a fixed order and the shares in order onto
    /// zeroed gradients, so the same inputs give the same bits on any machine.
    private static func directGradientSums<Add: DirectShareSums>(
        outputs: Int, _ g: ConvolutionGeometry, weightGradient: UnsafeMutablePointer<Float>,
        biasGradient: UnsafeMutablePointer<Float>, scratch: ConvolutionScratch?, addShare: Add
    ) {
        let lanesPerShare = outputs * 80
        let shares = BatchShares.shareCount(images: g.batch)
        let sumFloats = ConvolutionScratch.sumFloats(outputs: outputs, patch: 9)
        let owned = scratch == nil ? TensorStorage(uninitializedCount: sumFloats) : nil
        let sums = scratch?.sums ?? owned!.pointer
        sums.update(repeating: 0, count: shares * lanesPerShare)
        let planeFloats = vernier_conv3x3_plane_floats(g.height, g.width)
        BatchShares.run(
            images: g.batch,
            DirectSumsShare(
                addShare: addShare, sums: sums, lanesPerShare: lanesPerShare, scratch: scratch, planeFloats: planeFloats
            ))
        weightGradient.update(repeating: 0, count: outputs * 9)
        biasGradient.update(repeating: 0, count: outputs)
        let shareWeight = sums + BatchShares.count * lanesPerShare
        let shareBias = shareWeight + outputs * 9
        for share in 0..<shares {
            vernier_conv3x3_single_gradient_reduce(sums + share * lanesPerShare, outputs, shareWeight, shareBias)
            VectorLoops.add(weightGradient, shareWeight, weightGradient, outputs * 9)
            VectorLoops.add(biasGradient, shareBias, biasGradient, outputs)
        }
    }
}

/// One share of ``Kernels/directConv2d(_:_:bias:activation:_:)``: the direct kernel over its images, with a
/// temporary padded plane.
private struct DirectConvolutionShare: ShareJob {
    let image: UnsafePointer<Float>
    let kernel: UnsafePointer<Float>
    let shifts: UnsafePointer<Float>?
    let outputs: Int
    let relu: Int32
    let g: ConvolutionGeometry
    let output: UnsafeMutablePointer<Float>
    let planeFloats: Int

    func run(share _: Int, images: Range<Int>) {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: planeFloats) { plane in
            vernier_conv3x3_single_f32(
                image + images.lowerBound * g.imageSize, images.count, g.height, g.width, kernel, shifts, outputs,
                relu, output + images.lowerBound * outputs * g.positions, plane.baseAddress!)
        }
    }
}

/// What one share of a direct single-channel gradient pass adds: its images' products per vector lane onto its
/// own `sums`, with a scratch `plane`.
private protocol DirectShareSums {
    func add(images: Range<Int>, sums: UnsafeMutablePointer<Float>, plane: UnsafeMutablePointer<Float>)
}

/// The sums of ``Kernels/directConv2dGradients(_:input:output:weightShape:activation:_:)``: from the output
/// gradient `source`, masked by the saved output when given (ReLU).
private struct DirectGradientShare: DirectShareSums {
    let image: UnsafePointer<Float>
    let source: UnsafePointer<Float>
    let saved: UnsafePointer<Float>?
    let outputs: Int
    let g: ConvolutionGeometry

    func add(images: Range<Int>, sums: UnsafeMutablePointer<Float>, plane: UnsafeMutablePointer<Float>) {
        let offset = images.lowerBound * outputs * g.positions
        vernier_conv3x3_single_gradient_f32(
            image + images.lowerBound * g.imageSize, source + offset, saved.map { $0 + offset }, images.count,
            g.height, g.width, outputs, sums, plane)
    }
}

/// The sums of ``Kernels/directPooledGradients(_:pooled:winners:image:outputs:activation:_:weightGradient:biasGradient:scratch:)``:
/// from the pooled output's gradient, values and winners.
private struct DirectPooledGradientShare: DirectShareSums {
    let image: UnsafePointer<Float>
    let upstream: UnsafePointer<Float>
    let values: UnsafePointer<Float>
    let winners: UnsafePointer<UInt8>
    let relu: Int32
    let outputs: Int
    let g: ConvolutionGeometry

    func add(images: Range<Int>, sums: UnsafeMutablePointer<Float>, plane: UnsafeMutablePointer<Float>) {
        let offset = images.lowerBound * outputs * (g.positions / 4)
        vernier_conv3x3_single_pooled_gradient_f32(
            image + images.lowerBound * g.imageSize, upstream + offset, values + offset, winners + offset, relu,
            images.count, g.height, g.width, outputs, sums, plane)
    }
}

/// One share of a direct gradient pass: `addShare` onto the share's lanes of `sums`, with the share's `scratch`
/// region as the plane (a temporary allocation without scratch).
private struct DirectSumsShare<Add: DirectShareSums>: ShareJob {
    let addShare: Add
    let sums: UnsafeMutablePointer<Float>
    let lanesPerShare: Int
    let scratch: ConvolutionScratch?
    let planeFloats: Int

    func run(share: Int, images: Range<Int>) {
        if let scratch {
            addShare.add(images: images, sums: sums + share * lanesPerShare, plane: scratch.share(share))
        } else {
            withUnsafeTemporaryAllocation(of: Float.self, capacity: planeFloats) { plane in
                addShare.add(images: images, sums: sums + share * lanesPerShare, plane: plane.baseAddress!)
            }
        }
    }
}
