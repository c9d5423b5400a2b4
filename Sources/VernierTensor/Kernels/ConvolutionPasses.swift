import CVernierKernels

extension Kernels {
    /// Forward convolution with the bias and activation fused: `act([N, C, H, W] ⋆ [O, C, KH, KW] + bias [O])` →
    /// `[N, O, OH, OW]`. The batch is split into ``BatchShares`` that run at the same time; each share walks its
    /// images in chunks of ``BatchShares/chunkImages(_:outputs:)``: the chunk unfolds into one `[patchSize, images ·
    /// positions]` matrix, one single-threaded `sgemm` computes `[O, images · positions]` (straight into the output
    /// for a one-image chunk) and one pass adds the bias, applies the activation and lays the result out per image.
    /// Every chunk's buffers stay in the core's cache; nothing is kept for the backward pass, which unfolds again.
    static func conv2d(
        _ input: Tensor, _ weight: Tensor, bias: Tensor?, activation: FusedActivation, _ g: ConvolutionGeometry
    ) -> Tensor {
        let outputs = weight.shape[0]
        let (patch, positions) = (g.patchSize, g.positions)
        let chunk = BatchShares.chunkImages(g, outputs: outputs)
        let output = TensorStorage(uninitializedCount: g.batch * outputs * positions)
        let image = UnsafePointer(input.storage.pointer)
        let kernel = UnsafePointer(weight.storage.pointer)
        let shifts = bias.map { UnsafePointer($0.storage.pointer) }
        BatchShares.run(images: g.batch) { _, images in
            let columns = TensorStorage(uninitializedCount: patch * chunk * positions)
            let product = chunk > 1 ? TensorStorage(uninitializedCount: outputs * chunk * positions) : nil
            var first = images.lowerBound
            while first < images.upperBound {
                let count = Swift.min(chunk, images.upperBound - first)
                let total = count * positions
                for n in 0..<count {
                    im2col(image + (first + n) * g.imageSize, g, columns.pointer + n * positions, rowStride: total)
                }
                let target = output.pointer + first * outputs * positions
                let result = count == 1 ? target : product!.pointer
                BLAS.gemm(
                    transposeA: false, transposeB: false, m: outputs, n: total, k: patch, a: kernel,
                    b: columns.pointer, c: result)
                for n in 0..<count {
                    for o in 0..<outputs {
                        biasActivation(
                            result + o * total + n * positions, shifts?[o] ?? 0, target + (n * outputs + o) * positions,
                            positions, activation)
                    }
                }
                first += count
            }
        }
        return Tensor(shape: [g.batch, outputs, g.outputHeight, g.outputWidth], storage: output)
    }

    /// `target[i] = act(source[i] + shift)` for `i < count` (`source` may be `target`).
    @inline(__always)
    private static func biasActivation(
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
    static func conv2dGradients(
        _ gradient: Tensor, input: Tensor, output: Tensor, weight: Tensor, activation: FusedActivation,
        _ g: ConvolutionGeometry, input needInput: Bool, weight needWeight: Bool, bias needBias: Bool
    ) -> (input: Tensor?, weight: Tensor?, bias: Tensor?) {
        let outputs = weight.shape[0]
        let (patch, positions) = (g.patchSize, g.positions)
        let chunk = BatchShares.chunkImages(g, outputs: outputs)
        let shares = BatchShares.ranges(images: g.batch).count
        let weightSums = needWeight ? TensorStorage(uninitializedCount: shares * outputs * patch) : nil
        let biasSums = needBias ? TensorStorage(uninitializedCount: shares * outputs) : nil
        let inputGradient = needInput ? TensorStorage(uninitializedCount: g.batch * g.imageSize) : nil
        let source = UnsafePointer(gradient.storage.pointer)
        let saved = UnsafePointer(output.storage.pointer)
        let image = UnsafePointer(input.storage.pointer)
        let kernel = UnsafePointer(weight.storage.pointer)
        BatchShares.run(images: g.batch) { share, images in
            let delta = TensorStorage(uninitializedCount: outputs * chunk * positions)
            let columns = TensorStorage(uninitializedCount: patch * chunk * positions)
            let weightSum = weightSums.map { $0.pointer + share * outputs * patch }
            let biasSum = biasSums.map { $0.pointer + share * outputs }
            var first = images.lowerBound
            while first < images.upperBound {
                let count = Swift.min(chunk, images.upperBound - first)
                let total = count * positions
                let isFirst = first == images.lowerBound
                gatherDelta(
                    source + first * outputs * positions, saved + first * outputs * positions, delta.pointer,
                    outputs: outputs, images: count, positions: positions, activation: activation)
                if let biasSum {
                    for o in 0..<outputs {
                        let sum = VectorLoops.sum(delta.pointer + o * total, total)
                        biasSum[o] = isFirst ? sum : biasSum[o] + sum
                    }
                }
                if let weightSum {
                    for n in 0..<count {
                        im2col(image + (first + n) * g.imageSize, g, columns.pointer + n * positions, rowStride: total)
                    }
                    BLAS.gemm(
                        transposeA: false, transposeB: true, m: outputs, n: patch, k: total, a: delta.pointer,
                        b: columns.pointer, beta: isFirst ? 0 : 1, c: weightSum)
                }
                if let inputGradient {
                    BLAS.gemm(
                        transposeA: true, transposeB: false, m: patch, n: total, k: outputs, a: kernel,
                        b: delta.pointer, c: columns.pointer)
                    let target = inputGradient.pointer + first * g.imageSize
                    target.update(repeating: 0, count: count * g.imageSize)
                    for n in 0..<count {
                        col2im(columns.pointer + n * positions, g, target + n * g.imageSize, rowStride: total)
                    }
                }
                first += count
            }
        }
        let shape = [g.batch, g.channels, g.height, g.width]
        return (
            inputGradient.map { Tensor(shape: shape, storage: $0) },
            weightSums.map {
                Tensor(shape: weight.shape, storage: sumShares($0, shares: shares, size: outputs * patch))
            },
            biasSums.map { Tensor(shape: [outputs], storage: sumShares($0, shares: shares, size: outputs)) }
        )
    }

    /// Gathers the output gradient of `images` images (`[images, outputs, positions]`) into `[outputs, images ·
    /// positions]`, times the activation's derivative read from the saved output.
    @inline(__always)
    private static func gatherDelta(
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

    /// The sum of `shares` consecutive blocks of `size` floats, added in order (the first block when only one).
    private static func sumShares(_ blocks: TensorStorage, shares: Int, size: Int) -> TensorStorage {
        guard shares > 1 else { return blocks }
        let result = TensorStorage(copying: UnsafeBufferPointer(start: blocks.pointer, count: size))
        for share in 1..<shares {
            VectorLoops.add(result.pointer, blocks.pointer + share * size, result.pointer, size)
        }
        return result
    }
}
