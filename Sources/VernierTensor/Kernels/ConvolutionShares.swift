/// What a chunked convolution pass (``Kernels/convolveChunks(_:_:outputs:_:scratch:finish:)``) does with each
/// chunk's product, from both shares at the same time (so it writes only the chunk's images).
protocol ChunkFinish {
    /// Where a one-image chunk's product for image `image` is written (laid out like the product), or `nil` for
    /// the share's scratch.
    func target(image: Int) -> UnsafeMutablePointer<Float>?
    /// Takes the `[outputs, count · positions]` product of images `first..<first + count`.
    func finish(first: Int, count: Int, product: UnsafeMutablePointer<Float>)
}

/// Where a chunked gradient pass (``Kernels/convolutionGradients(_:_:outputs:_:inputGradient:weightGradient:biasGradient:scratch:fillDelta:)``)
/// gets each chunk's output gradient, from both shares at the same time.
protocol DeltaSource {
    /// Writes the gradient at the convolution's (pre-activation) output of images `first..<first + count` into
    /// `delta` as `[outputs, count · positions]`.
    func fill(first: Int, count: Int, delta: UnsafeMutablePointer<Float>)
}

/// ``Kernels/conv2d(_:_:bias:activation:_:)``'s chunk results: bias and activation, laid out per image into the
/// `[N, O, positions]` output (a one-image chunk's product is computed in place there).
struct ConvolutionOutput: ChunkFinish {
    let output: UnsafeMutablePointer<Float>
    let shifts: UnsafePointer<Float>?
    let outputs: Int
    let positions: Int
    let activation: FusedActivation

    func target(image: Int) -> UnsafeMutablePointer<Float>? { output + image * outputs * positions }

    func finish(first: Int, count: Int, product result: UnsafeMutablePointer<Float>) {
        let target = output + first * outputs * positions
        let total = count * positions
        for n in 0..<count {
            for o in 0..<outputs {
                Kernels.biasActivation(
                    result + o * total + n * positions, shifts?[o] ?? 0, target + (n * outputs + o) * positions,
                    positions, activation)
            }
        }
    }
}

/// The output gradient of ``Kernels/conv2dGradients(_:input:output:weight:activation:_:input:weight:bias:)``:
/// gathered from `[N, O, positions]` `source`, times the activation's derivative at the `saved` output.
struct GatheredDelta: DeltaSource {
    let source: UnsafePointer<Float>
    let saved: UnsafePointer<Float>
    let outputs: Int
    let positions: Int
    let activation: FusedActivation

    func fill(first: Int, count: Int, delta: UnsafeMutablePointer<Float>) {
        Kernels.gatherDelta(
            source + first * outputs * positions, saved + first * outputs * positions, delta, outputs: outputs,
            images: count, positions: positions, activation: activation)
    }
}

/// One share of ``Kernels/convolveChunks(_:_:outputs:_:scratch:finish:)``: its images, `chunk` at a time.
struct ChunkConvolutionShare<Finish: ChunkFinish>: ShareJob {
    let image: UnsafePointer<Float>
    let kernel: UnsafePointer<Float>
    let outputs: Int
    let g: ConvolutionGeometry
    let chunk: Int
    let scratch: ConvolutionScratch?
    let finish: Finish

    func run(share: Int, images: Range<Int>) {
        let (patch, positions) = (g.patchSize, g.positions)
        let owned = scratch == nil ? TensorStorage(uninitializedCount: (patch + outputs) * chunk * positions) : nil
        let columns = scratch?.share(share) ?? owned!.pointer
        let product = columns + patch * chunk * positions
        var first = images.lowerBound
        while first < images.upperBound {
            let count = Swift.min(chunk, images.upperBound - first)
            let total = count * positions
            Kernels.unfoldChunk(image, g, first: first, count: count, into: columns)
            let result = count == 1 ? finish.target(image: first) ?? product : product
            BLAS.gemm(
                transposeA: false, transposeB: false, m: outputs, n: total, k: patch, a: kernel, b: columns,
                c: result)
            finish.finish(first: first, count: count, product: result)
            first += count
        }
    }
}

/// One share of ``Kernels/convolutionGradients(_:_:outputs:_:inputGradient:weightGradient:biasGradient:scratch:fillDelta:)``:
/// its images, `chunk` at a time, adding the weight and bias gradients onto the share's own sums.
struct ChunkGradientShare<Fill: DeltaSource>: ShareJob {
    let image: UnsafePointer<Float>
    let kernel: UnsafePointer<Float>
    let outputs: Int
    let g: ConvolutionGeometry
    let chunk: Int
    let scratch: ConvolutionScratch?
    let weightSums: UnsafeMutablePointer<Float>?
    let biasSums: UnsafeMutablePointer<Float>?
    let inputGradient: UnsafeMutablePointer<Float>?
    let fillDelta: Fill

    func run(share: Int, images: Range<Int>) {
        let (patch, positions) = (g.patchSize, g.positions)
        let owned = scratch == nil ? TensorStorage(uninitializedCount: (patch + outputs) * chunk * positions) : nil
        let columns = scratch?.share(share) ?? owned!.pointer
        let delta = columns + patch * chunk * positions
        let weightSum = weightSums.map { $0 + share * outputs * patch }
        let biasSum = biasSums.map { $0 + share * outputs }
        var first = images.lowerBound
        while first < images.upperBound {
            let count = Swift.min(chunk, images.upperBound - first)
            let total = count * positions
            let isFirst = first == images.lowerBound
            fillDelta.fill(first: first, count: count, delta: delta)
            if let biasSum {
                for o in 0..<outputs {
                    let sum = VectorLoops.sum(delta + o * total, total)
                    biasSum[o] = isFirst ? sum : biasSum[o] + sum
                }
            }
            if let weightSum {
                Kernels.unfoldChunk(image, g, first: first, count: count, into: columns)
                BLAS.gemm(
                    transposeA: false, transposeB: true, m: outputs, n: patch, k: total, a: delta, b: columns,
                    beta: isFirst ? 0 : 1, c: weightSum)
            }
            if let inputGradient {
                BLAS.gemm(
                    transposeA: true, transposeB: false, m: patch, n: total, k: outputs, a: kernel, b: delta,
                    c: columns)
                let target = inputGradient + first * g.imageSize
                for n in 0..<count {
                    Kernels.col2im(columns + n * positions, g, target + n * g.imageSize, rowStride: total)
                }
            }
            first += count
        }
    }
}
