import CVernierKernels

extension Kernels {
    /// Forward convolution with the bias and activation fused: `act([N, C, H, W] ⋆ [O, C, KH, KW] + bias [O])` →
    /// `[N, O, OH, OW]`. The batch is split into ``BatchShares`` that run at the same time; each share walks its
    /// images in chunks of ``BatchShares/chunkImages(_:outputs:)``: the chunk unfolds into one `[patchSize, images ·
    /// positions]` matrix, one single-threaded `sgemm` computes `[O, images · positions]` (straight into the output
    /// for a one-image chunk) and one pass adds the bias, applies the activation and lays the result out per image.
    /// Every chunk's buffers stay in the core's cache; nothing is kept for the backward pass, which unfolds again.
    /// Single-channel 3×3 "same" convolutions run the direct kernels instead (``directConv2d(_:_:bias:activation:_:)``).
    static func conv2d(
        _ input: Tensor, _ weight: Tensor, bias: Tensor?, activation: FusedActivation, _ g: ConvolutionGeometry
    ) -> Tensor {
        if g.usesDirectSingleChannel { return directConv2d(input, weight, bias: bias, activation: activation, g) }
        let outputs = weight.shape[0]
        let positions = g.positions
        let output = TensorStorage(uninitializedCount: g.batch * outputs * positions)
        let shifts = bias.map { UnsafePointer($0.storage.pointer) }
        convolveChunks(
            input.storage.pointer, weight.storage.pointer, outputs: outputs, g, scratch: nil,
            finish: ConvolutionOutput(
                output: output.pointer, shifts: shifts, outputs: outputs, positions: positions, activation: activation))
        return Tensor(shape: [g.batch, outputs, g.outputHeight, g.outputWidth], storage: output)
    }

    /// Walks each share's chunks of images (``ChunkConvolutionShare``): unfolds the chunk's images `first..<first +
    /// count` of `image` into one `[patchSize, count · positions]` matrix, multiplies it by the `[outputs,
    /// patchSize]` weights `kernel` in one single-threaded `sgemm` and hands the `[O, count · positions]` product to
    /// `finish`. A one-image chunk's product is written to `finish`'s target when it names one (the output, laid out
    /// alike), else to the share's scratch (`scratch`'s region, or allocated per share when `nil`).
    static func convolveChunks<Finish: ChunkFinish>(
        _ image: UnsafePointer<Float>, _ kernel: UnsafePointer<Float>, outputs: Int, _ g: ConvolutionGeometry,
        scratch: ConvolutionScratch?, finish: Finish
    ) {
        let chunk = BatchShares.chunkImages(g, outputs: outputs)
        BatchShares.run(
            images: g.batch,
            ChunkConvolutionShare(
                image: image, kernel: kernel, outputs: outputs, g: g, chunk: chunk, scratch: scratch, finish: finish))
    }

    /// `target[i] = act(source[i] + shift)` for `i < count` (`source` may be `target`).
    @inline(__always)
    static func biasActivation(
        _ source: UnsafeMutablePointer<Float>, _ shift: Float, _ target: UnsafeMutablePointer<Float>, _ count: Int,
        _ activation: FusedActivation
    ) {
        switch activation {
        case .identity: VectorLoops.addScalar(source, shift, target, count)
        case .relu: vernier_bias_relu_f32(source, shift, target, count)
        }
    }

    /// The gradients of `y = act(conv(x, w) + b)` from the output gradient `gradient` `[N, O, OH, OW]`, the saved
    /// input `x` (unfolded again, chunk by chunk, for the weight gradient) and output `y` (for the activation's
    /// derivative) and the weight: `∂x` (col2im of `wᵀ · g`), `∂w = g · columnsᵀ`, `∂b` = the sums of `g` per
    /// output channel, each computed only when asked for. Each share of the batch walks its chunks: `g` is gathered
    /// into `[O, images · positions]` with the activation's derivative applied, so each product is one
    /// single-threaded `sgemm` per chunk; the weight and bias gradients add up per share, then share by share.
    /// Without the input gradient, single-channel 3×3 "same" convolutions run the direct kernel
    /// (``directConv2dGradients(_:input:output:weightShape:activation:_:)``).
    static func conv2dGradients(
        _ gradient: Tensor, input: Tensor, output: Tensor, weight: Tensor, activation: FusedActivation,
        _ g: ConvolutionGeometry, input needInput: Bool, weight needWeight: Bool, bias needBias: Bool
    ) -> (input: Tensor?, weight: Tensor?, bias: Tensor?) {
        let outputs = weight.shape[0]
        if g.usesDirectSingleChannel && !needInput {
            let (weightGradient, biasGradient) = directConv2dGradients(
                gradient, input: input, output: output, weightShape: weight.shape, activation: activation, g)
            return (nil, needWeight ? weightGradient : nil, needBias ? biasGradient : nil)
        }
        let positions = g.positions
        let source = UnsafePointer(gradient.storage.pointer)
        let saved = UnsafePointer(output.storage.pointer)
        return conv2dGradients(
            input: input, weight: weight, g, input: needInput, weight: needWeight, bias: needBias,
            fillDelta: GatheredDelta(
                source: source, saved: saved, outputs: outputs, positions: positions, activation: activation))
    }

    /// The gradients of a convolution from `fillDelta` (``DeltaSource/fill(first:count:delta:)``), which writes
    /// the gradient at the convolution's (pre-activation) output of images `first..<first + count` into `delta` as
    /// `[O, count · positions]`: ∂x by col2im of `wᵀ · delta`, ∂w = `delta · columnsᵀ` with the input unfolded
    /// again, ∂b the row sums of `delta`, per chunk of each share, then share by share.
    static func conv2dGradients<Fill: DeltaSource>(
        input: Tensor, weight: Tensor, _ g: ConvolutionGeometry, input needInput: Bool, weight needWeight: Bool,
        bias needBias: Bool, fillDelta: Fill
    ) -> (input: Tensor?, weight: Tensor?, bias: Tensor?) {
        let outputs = weight.shape[0]
        let inputGradient = needInput ? TensorStorage(uninitializedCount: g.batch * g.imageSize) : nil
        let weightGradient = needWeight ? TensorStorage(uninitializedCount: outputs * g.patchSize) : nil
        let biasGradient = needBias ? TensorStorage(uninitializedCount: outputs) : nil
        convolutionGradients(
            input.storage.pointer, weight.storage.pointer, outputs: outputs, g, inputGradient: inputGradient?.pointer,
            weightGradient: weightGradient?.pointer, biasGradient: biasGradient?.pointer, scratch: nil,
            fillDelta: fillDelta)
        return (
            inputGradient.map { Tensor(shape: [g.batch, g.channels, g.height, g.width], storage: $0) },
            weightGradient.map { Tensor(shape: weight.shape, storage: $0) },
            biasGradient.map { Tensor(shape: [outputs], storage: $0) }
        )
    }

    /// ``conv2dGradients(input:weight:_:input:weight:bias:fillDelta:)`` on raw buffers: writes each gradient whose
    /// target is given (`[N, C, H, W]`, `[O, C·KH·KW]`, `[O]`), working in `scratch` (allocated per pass when `nil`).
    static func convolutionGradients<Fill: DeltaSource>(
        _ image: UnsafePointer<Float>, _ kernel: UnsafePointer<Float>, outputs: Int, _ g: ConvolutionGeometry,
        inputGradient: UnsafeMutablePointer<Float>?, weightGradient: UnsafeMutablePointer<Float>?,
        biasGradient: UnsafeMutablePointer<Float>?, scratch: ConvolutionScratch?, fillDelta: Fill
    ) {
        let patch = g.patchSize
        let chunk = BatchShares.chunkImages(g, outputs: outputs)
        let shares = BatchShares.shareCount(images: g.batch)
        let ownedSums = scratch == nil ? TensorStorage(uninitializedCount: shares * outputs * (patch + 1)) : nil
        let sums = scratch?.sums ?? ownedSums!.pointer
        let weightSums = weightGradient == nil ? nil : sums
        let biasSums = biasGradient == nil ? nil : sums + shares * outputs * patch
        BatchShares.run(
            images: g.batch,
            ChunkGradientShare(
                image: image, kernel: kernel, outputs: outputs, g: g, chunk: chunk, scratch: scratch,
                weightSums: weightSums, biasSums: biasSums, inputGradient: inputGradient, fillDelta: fillDelta))
        if let weightSums, let weightGradient {
            sumShares(weightSums, shares: shares, size: outputs * patch, into: weightGradient)
        }
        if let biasSums, let biasGradient { sumShares(biasSums, shares: shares, size: outputs, into: biasGradient) }
    }

    /// Gathers the output gradient of `images` images (`[images, outputs, positions]`) into `[outputs, images ·
    /// positions]`, times the activation's derivative read from the saved output.
    @inline(__always)
    static func gatherDelta(
        _ source: UnsafePointer<Float>, _ saved: UnsafePointer<Float>, _ delta: UnsafeMutablePointer<Float>,
        outputs: Int, images: Int, positions: Int, activation: FusedActivation
    ) {
        let total = images * positions
        for n in 0..<images {
            for o in 0..<outputs {
                let offset = (n * outputs + o) * positions
                let target = delta + o * total + n * positions
                switch activation {
                case .identity: target.update(from: source + offset, count: positions)
                case .relu: vernier_relu_mask_f32(source + offset, saved + offset, target, positions)
                }
            }
        }
    }

    /// `result` = the sum of `shares` consecutive blocks of `size` floats, added in order (a copy of the first block
    /// when only one).
    private static func sumShares(
        _ blocks: UnsafePointer<Float>, shares: Int, size: Int, into result: UnsafeMutablePointer<Float>
    ) {
        result.update(from: blocks, count: size)
        for share in 1..<Swift.max(shares, 1) {
            VectorLoops.add(UnsafePointer(result), blocks + share * size, result, size)
        }
    }
}
