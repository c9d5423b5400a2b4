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
        let positions = g.positions
        let pooledPositions = positions / 4
        let count = g.batch * outputs * pooledPositions
        let pooled = TensorStorage(uninitializedCount: count)
        let winners = recordingWinners ? PoolWinners(count: count) : nil
        let shifts = bias.map { UnsafePointer($0.storage.pointer) }
        // Pools the `[outputs, OH, OW]` planes of one image, `stride` floats apart, into image `n` of the output.
        func pool(_ planes: UnsafeMutablePointer<Float>, stride: Int, image n: Int) {
            for o in 0..<outputs {
                let offset = (n * outputs + o) * pooledPositions
                if let winners {
                    vernier_maxpool2x2_winners_f32(
                        planes + o * stride, pooled.pointer + offset, winners.pointer + offset, g.outputHeight / 2,
                        g.outputWidth)
                } else {
                    vernier_maxpool2x2_f32(
                        planes + o * stride, pooled.pointer + offset, g.outputHeight / 2, g.outputWidth)
                }
            }
        }
        if g.usesDirectSingleChannel {
            let image = UnsafePointer(input.storage.pointer)
            let kernel = UnsafePointer(weight.storage.pointer)
            let planeFloats = vernier_conv3x3_plane_floats(g.height, g.width)
            BatchShares.run(images: g.batch) { _, images in
                let scratch = TensorStorage(uninitializedCount: planeFloats + outputs * positions)
                let planes = scratch.pointer + planeFloats
                for n in images {
                    vernier_conv3x3_single_f32(
                        image + n * g.imageSize, 1, g.height, g.width, kernel, shifts, outputs,
                        activation == .relu ? 1 : 0, planes, scratch.pointer)
                    pool(planes, stride: positions, image: n)
                }
            }
        } else {
            convolveChunks(input, weight, g, target: nil) { first, count, product in
                let total = count * positions
                for n in 0..<count {
                    for o in 0..<outputs {
                        let plane = product + o * total + n * positions
                        biasActivation(plane, shifts?[o] ?? 0, plane, positions, activation)
                    }
                    pool(product + n * positions, stride: total, image: first + n)
                }
            }
        }
        let shape = [g.batch, outputs, g.outputHeight / 2, g.outputWidth / 2]
        return (Tensor(shape: shape, storage: pooled), winners)
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
        let positions = g.positions
        let pooledPositions = positions / 4
        let upstream = UnsafePointer(gradient.storage.pointer)
        let values = UnsafePointer(pooled.storage.pointer)
        let relu: Int32 = activation == .relu ? 1 : 0
        // Scatters image `n`'s pooled gradient onto its `[outputs, OH, OW]` planes, `stride` floats apart.
        func scatter(image n: Int, _ planes: UnsafeMutablePointer<Float>, stride: Int) {
            for o in 0..<outputs {
                let offset = (n * outputs + o) * pooledPositions
                vernier_maxpool2x2_scatter_f32(
                    upstream + offset, values + offset, winners.pointer + offset, relu, planes + o * stride,
                    g.outputHeight / 2, g.outputWidth)
            }
        }
        if g.usesDirectSingleChannel && !needInput {
            let (weightGradient, biasGradient) = directConv2dPooledGradients(
                gradient, pooled: pooled, winners: winners, input: input, weightShape: weight.shape,
                activation: activation, g)
            return (nil, needWeight ? weightGradient : nil, needBias ? biasGradient : nil)
        }
        return conv2dGradients(
            input: input, weight: weight, g, input: needInput, weight: needWeight, bias: needBias
        ) { first, count, delta in
            for n in 0..<count { scatter(image: first + n, delta + n * positions, stride: count * positions) }
        }
    }
}
