/// The sizes of one 2-D convolution or pooling: input `[batch, channels, height, width]`, a `kernelHeight ×
/// kernelWidth` window moved by `stride`, with `padding` zeros on every side.
struct ConvolutionGeometry: Equatable {
    var batch: Int
    var channels: Int
    var height: Int
    var width: Int
    var kernelHeight: Int
    var kernelWidth: Int
    var stride: Int
    var padding: Int

    var outputHeight: Int { (height + 2 * padding - kernelHeight) / stride + 1 }
    var outputWidth: Int { (width + 2 * padding - kernelWidth) / stride + 1 }
    /// Rows of the im2col matrix: one per (channel, kernel row, kernel column).
    var patchSize: Int { channels * kernelHeight * kernelWidth }
    /// Columns of the im2col matrix: one per output position.
    var positions: Int { outputHeight * outputWidth }
    var imageSize: Int { channels * height * width }
}

extension Kernels {
    /// Unfolds one image `[channels, height, width]` into `columns` `[patchSize, positions]` (zeros for padding).
    static func im2col(_ image: UnsafePointer<Float>, _ g: ConvolutionGeometry, _ columns: UnsafeMutablePointer<Float>)
    {
        let (oh, ow) = (g.outputHeight, g.outputWidth)
        var row = columns
        for c in 0..<g.channels {
            let plane = image + c * g.height * g.width
            for ki in 0..<g.kernelHeight {
                for kj in 0..<g.kernelWidth {
                    for oy in 0..<oh {
                        let iy = oy * g.stride - g.padding + ki
                        let out = row + oy * ow
                        guard iy >= 0 && iy < g.height else {
                            out.initialize(repeating: 0, count: ow)
                            continue
                        }
                        let line = plane + iy * g.width
                        if g.stride == 1 {
                            // Valid output columns: 0 ≤ ox - padding + kj < width.
                            let first = Swift.min(ow, Swift.max(0, g.padding - kj))
                            let end = Swift.max(first, Swift.min(ow, g.width + g.padding - kj))
                            if first > 0 { out.initialize(repeating: 0, count: first) }
                            if end > first {
                                (out + first).update(from: line + first - g.padding + kj, count: end - first)
                            }
                            if end < ow { (out + end).initialize(repeating: 0, count: ow - end) }
                        } else {
                            for ox in 0..<ow {
                                let ix = ox * g.stride - g.padding + kj
                                out[ox] = (ix >= 0 && ix < g.width) ? line[ix] : 0
                            }
                        }
                    }
                    row += oh * ow
                }
            }
        }
    }

    /// Folds `columns` `[patchSize, positions]` back onto one image, adding overlapping contributions.
    static func col2im(_ columns: UnsafePointer<Float>, _ g: ConvolutionGeometry, _ image: UnsafeMutablePointer<Float>)
    {
        let (oh, ow) = (g.outputHeight, g.outputWidth)
        var row = columns
        for c in 0..<g.channels {
            let plane = image + c * g.height * g.width
            for ki in 0..<g.kernelHeight {
                for kj in 0..<g.kernelWidth {
                    for oy in 0..<oh {
                        let iy = oy * g.stride - g.padding + ki
                        guard iy >= 0 && iy < g.height else { continue }
                        let line = plane + iy * g.width
                        let source = row + oy * ow
                        for ox in 0..<ow {
                            let ix = ox * g.stride - g.padding + kj
                            if ix >= 0 && ix < g.width { line[ix] += source[ox] }
                        }
                    }
                    row += oh * ow
                }
            }
        }
    }

    /// Forward convolution: `[N, C, H, W] ⋆ [O, C, KH, KW] (+ bias [O])` → `[N, O, OH, OW]`; also returns the
    /// im2col matrices `[N, patchSize, positions]` when `keepColumns` (the weight gradient needs them).
    static func conv2d(
        _ input: Tensor, _ weight: Tensor, bias: Tensor?, _ g: ConvolutionGeometry, keepColumns: Bool
    ) -> (output: Tensor, columns: Tensor?) {
        let outputs = weight.shape[0]
        let (patch, positions) = (g.patchSize, g.positions)
        let output = TensorStorage(uninitializedCount: g.batch * outputs * positions)
        let columns = TensorStorage(uninitializedCount: (keepColumns ? g.batch : 1) * patch * positions)
        let image = input.storage.pointer
        let kernel = weight.storage.pointer
        for n in 0..<g.batch {
            let column = columns.pointer + (keepColumns ? n * patch * positions : 0)
            im2col(image + n * g.imageSize, g, column)
            let out = output.pointer + n * outputs * positions
            if let bias {
                for o in 0..<outputs {
                    (out + o * positions).initialize(repeating: bias.storage.pointer[o], count: positions)
                }
            }
            BLAS.gemm(
                transposeA: false, transposeB: false, m: outputs, n: positions, k: patch, a: kernel, b: column,
                beta: bias == nil ? 0 : 1, c: out)
        }
        let shape = [g.batch, outputs, g.outputHeight, g.outputWidth]
        return (
            Tensor(shape: shape, storage: output),
            keepColumns ? Tensor(shape: [g.batch, patch, positions], storage: columns) : nil
        )
    }

    /// The input gradient of a convolution: `Wᵀ · g` per sample, folded back by col2im.
    static func conv2dInputGradient(_ gradient: Tensor, _ weight: Tensor, _ g: ConvolutionGeometry) -> Tensor {
        let outputs = weight.shape[0]
        let (patch, positions) = (g.patchSize, g.positions)
        let result = TensorStorage(repeating: 0, count: g.batch * g.imageSize)
        let columns = TensorStorage(uninitializedCount: patch * positions)
        for n in 0..<g.batch {
            BLAS.gemm(
                transposeA: true, transposeB: false, m: patch, n: positions, k: outputs, a: weight.storage.pointer,
                b: gradient.storage.pointer + n * outputs * positions, c: columns.pointer)
            col2im(columns.pointer, g, result.pointer + n * g.imageSize)
        }
        return Tensor(shape: [g.batch, g.channels, g.height, g.width], storage: result)
    }

    /// The weight gradient of a convolution: `Σₙ gₙ · colsₙᵀ`, shaped `[O, C, KH, KW]`.
    static func conv2dWeightGradient(
        _ gradient: Tensor, columns: Tensor, weightShape: [Int], _ g: ConvolutionGeometry
    )
        -> Tensor
    {
        let outputs = weightShape[0]
        let (patch, positions) = (g.patchSize, g.positions)
        let result = TensorStorage(repeating: 0, count: outputs * patch)
        for n in 0..<g.batch {
            BLAS.gemm(
                transposeA: false, transposeB: true, m: outputs, n: patch, k: positions,
                a: gradient.storage.pointer + n * outputs * positions,
                b: columns.storage.pointer + n * patch * positions,
                beta: n == 0 ? 0 : 1, c: result.pointer)
        }
        return Tensor(shape: weightShape, storage: result)
    }

    /// The bias gradient of a convolution: the output gradient summed over batch and positions, shaped `[O]`.
    static func conv2dBiasGradient(_ gradient: Tensor, outputs: Int, _ g: ConvolutionGeometry) -> Tensor {
        let positions = g.positions
        let result = TensorStorage(repeating: 0, count: outputs)
        let source = gradient.storage.pointer
        for n in 0..<g.batch {
            for o in 0..<outputs {
                result.pointer[o] += VectorLoops.sum(source + (n * outputs + o) * positions, positions)
            }
        }
        return Tensor(shape: [outputs], storage: result)
    }

    // MARK: Pooling

    /// Max pooling over `kernelHeight × kernelWidth` windows (no padding); returns the values and, per output, the
    /// flat index of the winning input element (the first maximum on ties).
    static func maxPool2d(_ input: Tensor, _ g: ConvolutionGeometry) -> (output: Tensor, indices: [Int]) {
        let (oh, ow) = (g.outputHeight, g.outputWidth)
        let planes = g.batch * g.channels
        let output = TensorStorage(uninitializedCount: planes * oh * ow)
        var indices = [Int](repeating: 0, count: planes * oh * ow)
        let source = input.storage.pointer
        indices.withUnsafeMutableBufferPointer { winners in
            var position = 0
            for p in 0..<planes {
                let planeOffset = p * g.height * g.width
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        var best = -Float.infinity
                        var bestIndex = planeOffset + (oy * g.stride) * g.width + ox * g.stride
                        var first = true
                        for ki in 0..<g.kernelHeight {
                            let rowOffset = planeOffset + (oy * g.stride + ki) * g.width + ox * g.stride
                            for kj in 0..<g.kernelWidth {
                                let value = source[rowOffset + kj]
                                if first || value > best || (value.isNaN && !best.isNaN) {
                                    best = value
                                    bestIndex = rowOffset + kj
                                    first = false
                                }
                            }
                        }
                        output.pointer[position] = best
                        winners[position] = bestIndex
                        position += 1
                    }
                }
            }
        }
        return (Tensor(shape: [g.batch, g.channels, oh, ow], storage: output), indices)
    }

    /// Scatters a max-pooling output gradient back onto the winning input elements (adding where windows overlap).
    static func maxPool2dGradient(_ gradient: Tensor, indices: [Int], inputShape: [Int]) -> Tensor {
        let result = TensorStorage(repeating: 0, count: inputShape.reduce(1, *))
        let source = gradient.storage.pointer
        for (position, index) in indices.enumerated() { result.pointer[index] += source[position] }
        return Tensor(shape: inputShape, storage: result)
    }

    /// Average pooling over `kernelHeight × kernelWidth` windows (no padding).
    static func avgPool2d(_ input: Tensor, _ g: ConvolutionGeometry) -> Tensor {
        let (oh, ow) = (g.outputHeight, g.outputWidth)
        let planes = g.batch * g.channels
        let output = TensorStorage(uninitializedCount: planes * oh * ow)
        let source = input.storage.pointer
        let scale = 1 / Float(g.kernelHeight * g.kernelWidth)
        var position = 0
        for p in 0..<planes {
            let planeOffset = p * g.height * g.width
            for oy in 0..<oh {
                for ox in 0..<ow {
                    var total: Float = 0
                    for ki in 0..<g.kernelHeight {
                        let rowOffset = planeOffset + (oy * g.stride + ki) * g.width + ox * g.stride
                        for kj in 0..<g.kernelWidth { total += source[rowOffset + kj] }
                    }
                    output.pointer[position] = total * scale
                    position += 1
                }
            }
        }
        return Tensor(shape: [g.batch, g.channels, oh, ow], storage: output)
    }

    /// Spreads an average-pooling output gradient evenly over each window.
    static func avgPool2dGradient(_ gradient: Tensor, _ g: ConvolutionGeometry) -> Tensor {
        let (oh, ow) = (g.outputHeight, g.outputWidth)
        let result = TensorStorage(repeating: 0, count: g.batch * g.imageSize)
        let source = gradient.storage.pointer
        let scale = 1 / Float(g.kernelHeight * g.kernelWidth)
        var position = 0
        for p in 0..<(g.batch * g.channels) {
            let planeOffset = p * g.height * g.width
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let share = source[position] * scale
                    position += 1
                    for ki in 0..<g.kernelHeight {
                        let rowOffset = planeOffset + (oy * g.stride + ki) * g.width + ox * g.stride
                        for kj in 0..<g.kernelWidth { result.pointer[rowOffset + kj] += share }
                    }
                }
            }
        }
        return Tensor(shape: [g.batch, g.channels, g.height, g.width], storage: result)
    }
}
