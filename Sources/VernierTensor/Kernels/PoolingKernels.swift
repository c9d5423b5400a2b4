import CVernierKernels

extension Kernels {
    // MARK: Max pooling

    /// Max pooling over `kernelHeight × kernelWidth` windows (no padding). A window holding a NaN gives NaN.
    static func maxPool2d(_ input: Tensor, _ g: ConvolutionGeometry) -> Tensor {
        let (oh, ow) = (g.outputHeight, g.outputWidth)
        let planes = g.batch * g.channels
        let output = TensorStorage(uninitializedCount: planes * oh * ow)
        let source = UnsafePointer(input.storage.pointer)
        let planeSize = g.height * g.width
        let tiles = oh * 2 == g.height && ow * 2 == g.width
        if g.kernelHeight == 2 && g.kernelWidth == 2 && g.stride == 2 && tiles {
            // Vector code in C (eight columns of two rows at a time), the batch split into shares.
            let pairsPerImage = g.channels * oh
            BatchShares.run(
                images: g.batch,
                MaxPoolShare(source: source, output: output.pointer, pairsPerImage: pairsPerImage, width: g.width))
        } else if g.kernelHeight == 2 && g.kernelWidth == 2 && g.stride == 2 {
            for p in 0..<planes {
                for oy in 0..<oh {
                    let top = source + p * planeSize + 2 * oy * g.width
                    let bottom = top + g.width
                    let target = output.pointer + (p * oh + oy) * ow
                    for ox in 0..<ow {
                        target[ox] = maximum(
                            maximum(top[2 * ox], top[2 * ox + 1]), maximum(bottom[2 * ox], bottom[2 * ox + 1]))
                    }
                }
            }
        } else {
            var position = 0
            for p in 0..<planes {
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        let corner = source + p * planeSize + oy * g.stride * g.width + ox * g.stride
                        var best = corner[0]
                        for ki in 0..<g.kernelHeight {
                            for kj in 0..<g.kernelWidth { best = maximum(best, corner[ki * g.width + kj]) }
                        }
                        output.pointer[position] = best
                        position += 1
                    }
                }
            }
        }
        return Tensor(shape: [g.batch, g.channels, oh, ow], storage: output)
    }

    /// The larger of `a` and `b`, NaN when either is.
    @inline(__always)
    private static func maximum(_ a: Float, _ b: Float) -> Float {
        (b > a || b.isNaN) && !a.isNaN ? b : a
    }

    /// Sends each max-pooling output gradient to its window's winner in `input`: the first element equal to the
    /// pooled value `output` (the first NaN when the value is NaN); windows that overlap add up. The winners are
    /// found again from the saved input and output, so the forward pass keeps no index array.
    static func maxPool2dGradient(
        _ gradient: Tensor, input: Tensor, output: Tensor, _ g: ConvolutionGeometry
    ) -> Tensor {
        let (oh, ow) = (g.outputHeight, g.outputWidth)
        let planes = g.batch * g.channels
        let planeSize = g.height * g.width
        let source = UnsafePointer(input.storage.pointer)
        let pooled = UnsafePointer(output.storage.pointer)
        let upstream = UnsafePointer(gradient.storage.pointer)
        // Windows that tile the input exactly write every element, so the result needs no zeroing first.
        let tiles =
            g.stride == g.kernelHeight && g.stride == g.kernelWidth && oh * g.stride == g.height
            && ow * g.stride == g.width
        let result =
            tiles
            ? TensorStorage(uninitializedCount: planes * planeSize)
            : TensorStorage(
                repeating: 0, count: planes * planeSize)
        if tiles && g.kernelHeight == 2 && g.kernelWidth == 2 {
            let pairsPerImage = g.channels * oh
            BatchShares.run(
                images: g.batch,
                MaxPoolGradientShare(
                    upstream: upstream, source: source, pooled: pooled, result: result.pointer,
                    pairsPerImage: pairsPerImage, width: g.width))
            return Tensor(shape: [g.batch, g.channels, g.height, g.width], storage: result)
        }
        for p in 0..<planes {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let position = (p * oh + oy) * ow + ox
                    let offset = p * planeSize + oy * g.stride * g.width + ox * g.stride
                    let best = pooled[position]
                    let value = upstream[position]
                    var found = false
                    for ki in 0..<g.kernelHeight {
                        for kj in 0..<g.kernelWidth {
                            let index = offset + ki * g.width + kj
                            let element = source[index]
                            let wins = !found && (element == best || (best.isNaN && element.isNaN))
                            if wins { found = true }
                            if tiles {
                                result.pointer[index] = wins ? value : 0
                            } else if wins {
                                result.pointer[index] += value
                            }
                        }
                    }
                }
            }
        }
        return Tensor(shape: [g.batch, g.channels, g.height, g.width], storage: result)
    }

    // MARK: Average pooling

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

/// One share of the vectorised 2×2 max pooling in ``Kernels/maxPool2d(_:_:)``: its images' row pairs.
private struct MaxPoolShare: ShareJob {
    let source: UnsafePointer<Float>
    let output: UnsafeMutablePointer<Float>
    let pairsPerImage: Int
    let width: Int

    func run(share _: Int, images: Range<Int>) {
        let offset = images.lowerBound * pairsPerImage
        vernier_maxpool2x2_f32(
            source + offset * 2 * width, output + offset * (width / 2), images.count * pairsPerImage, width)
    }
}

/// One share of the vectorised 2×2 max pooling gradient: its images' row pairs.
private struct MaxPoolGradientShare: ShareJob {
    let upstream: UnsafePointer<Float>
    let source: UnsafePointer<Float>
    let pooled: UnsafePointer<Float>
    let result: UnsafeMutablePointer<Float>
    let pairsPerImage: Int
    let width: Int

    func run(share _: Int, images: Range<Int>) {
        let offset = images.lowerBound * pairsPerImage
        vernier_maxpool2x2_gradient_f32(
            upstream + offset * (width / 2), source + offset * 2 * width, pooled + offset * (width / 2),
            result + offset * 2 * width, images.count * pairsPerImage, width)
    }
}
