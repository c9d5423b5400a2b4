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
            // Two long passes instead of short rows: the larger of each pair of rows, then of each pair of
            // neighbours (pairs never straddle a row because the width is even).
            let rows = TensorStorage(uninitializedCount: planes * oh * g.width)
            for pair in 0..<(planes * oh) {
                let top = source + 2 * pair * g.width
                let target = rows.pointer + pair * g.width
                for x in 0..<g.width { target[x] = maximum(top[x], top[g.width + x]) }
            }
            let halves = UnsafePointer(rows.pointer)
            for j in 0..<(planes * oh * ow) { output.pointer[j] = maximum(halves[2 * j], halves[2 * j + 1]) }
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
            maxPool2x2Gradient(upstream, source: source, pooled: pooled, result.pointer, g)
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

    /// ``maxPool2dGradient(_:input:output:_:)`` for 2×2 windows that tile the input: each window's four elements
    /// are written (the winner gets the gradient, the others 0) without branches. Where the pooled value is not
    /// NaN no element is, so "equal to the value, or NaN" finds the first maximum and the first NaN alike.
    private static func maxPool2x2Gradient(
        _ upstream: UnsafePointer<Float>, source: UnsafePointer<Float>, pooled: UnsafePointer<Float>,
        _ result: UnsafeMutablePointer<Float>, _ g: ConvolutionGeometry
    ) {
        let (oh, ow, w) = (g.outputHeight, g.outputWidth, g.width)
        for p in 0..<(g.batch * g.channels) {
            for oy in 0..<oh {
                let offset = p * g.height * w + 2 * oy * w
                let (top, bottom) = (source + offset, source + offset + w)
                let (topResult, bottomResult) = (result + offset, result + offset + w)
                let position = (p * oh + oy) * ow
                for ox in 0..<ow {
                    let best = pooled[position + ox]
                    let value = upstream[position + ox]
                    let (a, b, c) = (top[2 * ox], top[2 * ox + 1], bottom[2 * ox])
                    let winsA = a == best || a.isNaN
                    let winsB = !winsA && (b == best || b.isNaN)
                    let winsC = !winsA && !winsB && (c == best || c.isNaN)
                    let winsD = !(winsA || winsB || winsC)
                    topResult[2 * ox] = winsA ? value : 0
                    topResult[2 * ox + 1] = winsB ? value : 0
                    bottomResult[2 * ox] = winsC ? value : 0
                    bottomResult[2 * ox + 1] = winsD ? value : 0
                }
            }
        }
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
