import CVernierKernels

/// The winner of each 2×2 window of a convolution with max pooling fused (one byte per pooled output: 0 top left,
/// 1 top right, 2 bottom left, 3 bottom right), which is all the backward pass needs of the unpooled output.
///
/// The bytes live in a ``TensorStorage`` of a quarter as many floats, so that a training step reuses the previous
/// step's buffer through ``BufferPool`` like the tensors around it instead of allocating (and, above the C
/// allocator's mapping threshold, faulting in) a fresh one.
final class PoolWinners: @unchecked Sendable {
    private let storage: TensorStorage
    let pointer: UnsafeMutablePointer<UInt8>

    init(count: Int) {
        storage = TensorStorage(uninitializedCount: (count + 3) / 4)
        pointer = UnsafeMutableRawPointer(storage.pointer).bindMemory(to: UInt8.self, capacity: Swift.max(count, 1))
    }
}

extension Kernels {
    /// `maxPool2d(act(conv2d(…)), kernelSize: 2)` without the unpooled output: each chunk's product (or, for
    /// single-channel 3×3 "same" geometries, each image's direct convolution) gets its bias and activation in
    /// cache, then 2×2 pooling writes the pooled values and, when `recordingWinners` (a backward pass will
    /// follow), each window's winner; without it the winners are `nil` and the plain pooling kernel runs (same
    /// values). The output's height and width must be even.
    static func conv2dMaxPool(
        _ input: Tensor, _ weight: Tensor, bias: Tensor?, activation: FusedActivation, _ g: ConvolutionGeometry,
        recordingWinners: Bool
    ) -> (output: Tensor, winners: PoolWinners?) {
        let outputs = weight.shape[0]
        let count = g.batch * outputs * (g.positions / 4)
        let pooled = TensorStorage(uninitializedCount: count)
        let winners = recordingWinners ? PoolWinners(count: count) : nil
        convolveMaxPool(
            input.storage.pointer, weight.storage.pointer, bias: bias.map { UnsafePointer($0.storage.pointer) },
            outputs: outputs, activation: activation, g, pooled: pooled.pointer, winners: winners?.pointer,
            scratch: nil)
        let shape = [g.batch, outputs, g.outputHeight / 2, g.outputWidth / 2]
        return (Tensor(shape: shape, storage: pooled), winners)
    }

    /// ``conv2dMaxPool(_:_:bias:activation:_:recordingWinners:)`` on raw buffers: writes the `[N, O, OH/2, OW/2]`
    /// pooled values and, when `winners` is given, each window's winner, working in `scratch` (allocated per share
    /// when `nil`).
    static func convolveMaxPool(
        _ image: UnsafePointer<Float>, _ kernel: UnsafePointer<Float>, bias shifts: UnsafePointer<Float>?,
        outputs: Int, activation: FusedActivation, _ g: ConvolutionGeometry, pooled: UnsafeMutablePointer<Float>,
        winners: UnsafeMutablePointer<UInt8>?, scratch: ConvolutionScratch?
    ) {
        let pooling = WindowPooling(pooled: pooled, winners: winners, outputs: outputs, g: g)
        if g.usesDirectSingleChannel {
            BatchShares.run(
                images: g.batch,
                DirectPooledShare(
                    image: image, kernel: kernel, shifts: shifts, relu: activation == .relu ? 1 : 0, scratch: scratch,
                    pooling: pooling))
        } else {
            convolveChunks(
                image, kernel, outputs: outputs, g, scratch: scratch,
                finish: PooledChunkOutput(shifts: shifts, activation: activation, pooling: pooling))
        }
    }

    /// The gradients of ``conv2dMaxPool(_:_:bias:activation:_:recordingWinners:)`` from the pooled output's gradient: each window's
    /// gradient goes to its winner (0 where the activated winner is not above 0, for ReLU), in cache, chunk by chunk
    /// (or inside the direct kernel, ``directConv2dPooledGradients(_:pooled:winners:input:weightShape:activation:_:)``,
    /// when the input's gradient is not asked for), then on as in
    /// ``conv2dGradients(input:weight:_:input:weight:bias:fillDelta:)``.
    static func conv2dMaxPoolGradients(
        _ gradient: Tensor, input: Tensor, pooled: Tensor, winners: PoolWinners, weight: Tensor,
        activation: FusedActivation, _ g: ConvolutionGeometry, input needInput: Bool, weight needWeight: Bool,
        bias needBias: Bool
    ) -> (input: Tensor?, weight: Tensor?, bias: Tensor?) {
        let outputs = weight.shape[0]
        let inputGradient = needInput ? TensorStorage(uninitializedCount: g.batch * g.imageSize) : nil
        // The direct kernel computes both parameter gradients together.
        let direct = g.usesDirectSingleChannel && !needInput
        let weightGradient = needWeight || direct ? TensorStorage(uninitializedCount: outputs * g.patchSize) : nil
        let biasGradient = needBias || direct ? TensorStorage(uninitializedCount: outputs) : nil
        convolveMaxPoolGradients(
            gradient.storage.pointer, pooled: pooled.storage.pointer, winners: winners.pointer,
            image: input.storage.pointer, kernel: weight.storage.pointer, outputs: outputs, activation: activation, g,
            inputGradient: inputGradient?.pointer, weightGradient: weightGradient?.pointer,
            biasGradient: biasGradient?.pointer, scratch: nil)
        return (
            inputGradient.map { Tensor(shape: [g.batch, g.channels, g.height, g.width], storage: $0) },
            needWeight ? weightGradient.map { Tensor(shape: weight.shape, storage: $0) } : nil,
            needBias ? biasGradient.map { Tensor(shape: [outputs], storage: $0) } : nil
        )
    }

    /// ``conv2dMaxPoolGradients(_:input:pooled:winners:weight:activation:_:input:weight:bias:)`` on raw buffers:
    /// writes each gradient whose target is given, working in `scratch` (allocated per pass when `nil`). Without an
    /// input gradient, a direct single-channel geometry needs both parameter targets.
    static func convolveMaxPoolGradients(
        _ upstream: UnsafePointer<Float>, pooled values: UnsafePointer<Float>, winners: UnsafePointer<UInt8>,
        image: UnsafePointer<Float>, kernel: UnsafePointer<Float>, outputs: Int, activation: FusedActivation,
        _ g: ConvolutionGeometry, inputGradient: UnsafeMutablePointer<Float>?,
        weightGradient: UnsafeMutablePointer<Float>?, biasGradient: UnsafeMutablePointer<Float>?,
        scratch: ConvolutionScratch?
    ) {
        if g.usesDirectSingleChannel && inputGradient == nil, let weightGradient, let biasGradient {
            directPooledGradients(
                upstream, pooled: values, winners: winners, image: image, outputs: outputs, activation: activation, g,
                weightGradient: weightGradient, biasGradient: biasGradient, scratch: scratch)
            return
        }
        convolutionGradients(
            image, kernel, outputs: outputs, g, inputGradient: inputGradient, weightGradient: weightGradient,
            biasGradient: biasGradient, scratch: scratch,
            fillDelta: ScatteredDelta(
                upstream: upstream, values: values, winners: winners, relu: activation == .relu ? 1 : 0,
                outputs: outputs, g: g))
    }
}

/// 2×2 max pooling of one image's `[outputs, OH, OW]` convolution planes into the pooled output (and each window's
/// winner, when recorded).
struct WindowPooling {
    let pooled: UnsafeMutablePointer<Float>
    let winners: UnsafeMutablePointer<UInt8>?
    let outputs: Int
    let g: ConvolutionGeometry

    /// Pools the planes at `planes`, `stride` floats apart, into image `n` of the output.
    func pool(_ planes: UnsafeMutablePointer<Float>, stride: Int, image n: Int) {
        let pooledPositions = g.positions / 4
        for o in 0..<outputs {
            let offset = (n * outputs + o) * pooledPositions
            if let winners {
                vernier_maxpool2x2_winners_f32(
                    planes + o * stride, pooled + offset, winners + offset, g.outputHeight / 2, g.outputWidth)
            } else {
                vernier_maxpool2x2_f32(planes + o * stride, pooled + offset, g.outputHeight / 2, g.outputWidth)
            }
        }
    }
}

/// One share of a direct single-channel convolution with pooling: each image's output planes in the share's
/// region (`scratch`'s, or allocated per share), then pooled.
private struct DirectPooledShare: ShareJob {
    let image: UnsafePointer<Float>
    let kernel: UnsafePointer<Float>
    let shifts: UnsafePointer<Float>?
    let relu: Int32
    let scratch: ConvolutionScratch?
    let pooling: WindowPooling

    func run(share: Int, images: Range<Int>) {
        let (g, outputs, positions) = (pooling.g, pooling.outputs, pooling.g.positions)
        let planeFloats = vernier_conv3x3_plane_floats(g.height, g.width)
        let owned = scratch == nil ? TensorStorage(uninitializedCount: planeFloats + outputs * positions) : nil
        let plane = scratch?.share(share) ?? owned!.pointer
        let planes = plane + planeFloats
        for n in images {
            vernier_conv3x3_single_f32(
                image + n * g.imageSize, 1, g.height, g.width, kernel, shifts, outputs, relu, planes, plane)
            pooling.pool(planes, stride: positions, image: n)
        }
    }
}

/// The chunk results of a convolution with pooling: bias and activation in place, then pooled image by image.
private struct PooledChunkOutput: ChunkFinish {
    let shifts: UnsafePointer<Float>?
    let activation: FusedActivation
    let pooling: WindowPooling

    func target(image _: Int) -> UnsafeMutablePointer<Float>? { nil }

    func finish(first: Int, count: Int, product: UnsafeMutablePointer<Float>) {
        let positions = pooling.g.positions
        let total = count * positions
        for n in 0..<count {
            for o in 0..<pooling.outputs {
                let plane = product + o * total + n * positions
                Kernels.biasActivation(plane, shifts?[o] ?? 0, plane, positions, activation)
            }
            pooling.pool(product + n * positions, stride: total, image: first + n)
        }
    }
}

/// The output gradient of a convolution with pooling: each window's pooled gradient scattered onto its winner
/// (0 where the activated winner is not above 0, for ReLU).
private struct ScatteredDelta: DeltaSource {
    let upstream: UnsafePointer<Float>
    let values: UnsafePointer<Float>
    let winners: UnsafePointer<UInt8>
    let relu: Int32
    let outputs: Int
    let g: ConvolutionGeometry

    func fill(first: Int, count: Int, delta: UnsafeMutablePointer<Float>) {
        let (positions, pooledPositions) = (g.positions, g.positions / 4)
        for n in 0..<count {
            let planes = delta + n * positions
            for o in 0..<outputs {
                let offset = ((first + n) * outputs + o) * pooledPositions
                vernier_maxpool2x2_scatter_f32(
                    upstream + offset, values + offset, winners + offset, relu, planes + o * count * positions,
                    g.outputHeight / 2, g.outputWidth)
            }
        }
    }
}
