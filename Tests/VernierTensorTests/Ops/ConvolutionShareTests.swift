import Testing
import VernierTestSupport

@testable import VernierTensor

/// The batch split of the convolution kernels: shares that cover the batch, chunks within a share, and gradients
/// that add up over both to what each image gives alone.
@Suite struct ConvolutionShareTests {
    @Test func sharesCoverTheBatchInOrder() {
        #expect(BatchShares.ranges(images: 1) == [0..<1])
        #expect(BatchShares.ranges(images: 5) == [0..<2, 2..<5])
        #expect(BatchShares.ranges(images: 64) == [0..<32, 32..<64])
    }

    @Test func chunksKeepTheirMatricesWithinBudget() {
        let conv2 = ConvolutionGeometry(
            batch: 64, channels: 16, height: 14, width: 14, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1)
        #expect(BatchShares.chunkImages(conv2, outputs: 32) == 3)  // (144 + 32) · 196 floats per image
        let wide = ConvolutionGeometry(
            batch: 2, channels: 64, height: 32, width: 32, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1)
        #expect(BatchShares.chunkImages(wide, outputs: 64) == 1)  // one image is over budget: still one per chunk
    }

    /// Geometries whose shares hold several chunks: one image per chunk (`[3, 64, 12, 12]`, (576 + 2) · 144 floats)
    /// and two per chunk with a short last one (`[5, 3, 40, 40]`, (27 + 2) · 1600 floats).
    static let batchedShapes: [([Int], [Int])] = [([3, 64, 12, 12], [2, 64, 3, 3]), ([5, 3, 40, 40], [2, 3, 3, 3])]

    @Test(arguments: batchedShapes)
    func chunkedForwardMatchesDirectLoop(input: [Int], kernel: [Int]) {
        let x = TestTensors.uniform(input, seed: 31)
        let w = TestTensors.uniform(kernel, seed: 32)
        let b = TestTensors.uniform([kernel[0]], seed: 33)
        let y = conv2d(x, w, bias: b, padding: 1)
        #expect(isClose(y.scalars, ConvolutionTests.reference(x, w, b, stride: 1, padding: 1), tolerance: 1e-5))
    }

    /// The gradients of a batch split into shares and chunks equal the per-image gradients: the input gradient
    /// image by image, the weight and bias gradients summed.
    @Test(arguments: batchedShapes)
    func chunkedGradientsMatchPerImageSums(input: [Int], kernel: [Int]) {
        let x = TestTensors.uniform(input, seed: 34)
        let w = TestTensors.uniform(kernel, seed: 35)
        let b = TestTensors.uniform([kernel[0]], seed: 36)
        let outputShape = [input[0], kernel[0], input[2], input[3]]
        let cotangent = TestTensors.uniform(outputShape, seed: 37)
        func gradients(_ images: Range<Int>) -> [Tensor] {
            valueAndGradient(at: [x[images], w, b]) { p in
                (conv2d(p[0], p[1], bias: p[2], padding: 1, activation: .relu) * cotangent[images]).sum()
            }.gradients
        }
        let batch = gradients(0..<input[0])
        let single = (0..<input[0]).map { gradients($0..<($0 + 1)) }
        let inputs = concatenate(single.map { $0[0] }, alongAxis: 0)
        let weights = single.dropFirst().reduce(single[0][1]) { $0 + $1[1] }
        let biases = single.dropFirst().reduce(single[0][2]) { $0 + $1[2] }
        #expect(isClose(batch[0].scalars, inputs.scalars, tolerance: 1e-5))
        #expect(isClose(batch[1].scalars, weights.scalars, tolerance: 1e-4))
        #expect(isClose(batch[2].scalars, biases.scalars, tolerance: 1e-4))
        #expect(batch[1].scalars.contains { $0 != 0 })
    }

    /// A product split by rows over two shares equals the whole product (to rounding) and gives the same bits on
    /// every call, for each transposition the dense layers use (forward, input gradient, weight gradient), with and
    /// without `beta`.
    @Test(arguments: [(false, false), (false, true), (true, false)])
    func rowSplitProductsEqualWholeProducts(transposeA: Bool, transposeB: Bool) {
        let (m, n, k) = (66, 96, 400)  // 2·m·n·k ≈ 5.1e6: split
        #expect(2 * m * n * k >= BLAS.rowSplitThreshold && 2 * m * n * k < BLAS.threadingThreshold)
        let a = TestTensors.uniform([m * k], seed: 38).scalars
        let b = TestTensors.uniform([k * n], seed: 39).scalars
        let start = TestTensors.uniform([m * n], seed: 40).scalars
        for beta: Float in [0, 1] {
            var whole = start
            whole.withUnsafeMutableBufferPointer { c in
                BLAS.gemm(
                    transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, b: b, beta: beta,
                    c: c.baseAddress!)
            }
            let splits = (0..<2).map { _ in
                var split = start
                split.withUnsafeMutableBufferPointer { c in
                    BLAS.gemmSplittingRows(
                        transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, b: b, beta: beta,
                        c: c.baseAddress!)
                }
                return split
            }
            #expect(isClose(splits[0], whole, tolerance: 1e-5), "beta \(beta)")
            #expect(splits[0].map(\.bitPattern) == splits[1].map(\.bitPattern))
            #expect(whole != start)
        }
    }

    /// Products below the threshold run on one BLAS thread, larger ones on up to the limit.
    @Test func blasThreadsFollowProductSize() {
        let saved = MatrixMultiply.threadCount
        defer { MatrixMultiply.threadCount = saved }
        MatrixMultiply.threadCount = 2
        BLAS.useThreads(forOperations: BLAS.threadingThreshold)
        #expect(BLAS.appliedThreads == 2)
        BLAS.useThreads(forOperations: BLAS.threadingThreshold - 1)
        #expect(BLAS.appliedThreads == 1)
        MatrixMultiply.threadCount = 1
        BLAS.useThreads(forOperations: BLAS.threadingThreshold * 4)
        #expect(BLAS.appliedThreads == 1)
        #expect(MatrixMultiply.threadCount == 1)
    }
}
