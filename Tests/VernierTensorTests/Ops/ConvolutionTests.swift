import Testing
import VernierTensor
import VernierTestSupport

@Suite struct ConvolutionTests {
    /// Direct (loop) cross-correlation as the reference.
    static func reference(_ x: Tensor, _ w: Tensor, _ b: Tensor?, stride: Int, padding: Int) -> [Float] {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
        let oh = (h + 2 * padding - kh) / stride + 1
        let ow = (wd + 2 * padding - kw) / stride + 1
        var out: [Float] = []
        for ni in 0..<n {
            for oi in 0..<o {
                for y in 0..<oh {
                    for xx in 0..<ow {
                        var total = b?.scalars[oi] ?? 0
                        for ci in 0..<c {
                            for i in 0..<kh {
                                for j in 0..<kw {
                                    let iy = y * stride - padding + i
                                    let ix = xx * stride - padding + j
                                    guard iy >= 0, iy < h, ix >= 0, ix < wd else { continue }
                                    total += x[ni, ci, iy, ix] * w[oi, ci, i, j]
                                }
                            }
                        }
                        out.append(total)
                    }
                }
            }
        }
        return out
    }

    @Test(arguments: [(1, 0), (1, 1), (2, 0), (2, 1), (3, 2)])
    func forwardMatchesDirectLoop(stride: Int, padding: Int) {
        let x = TestTensors.uniform([2, 3, 7, 6], seed: 1)
        let w = TestTensors.uniform([4, 3, 3, 2], seed: 2)
        let b = TestTensors.uniform([4], seed: 3)
        let y = conv2d(x, w, bias: b, stride: stride, padding: padding)
        let oh = (7 + 2 * padding - 3) / stride + 1
        let ow = (6 + 2 * padding - 2) / stride + 1
        #expect(y.shape == [2, 4, oh, ow])
        #expect(isClose(y.scalars, Self.reference(x, w, b, stride: stride, padding: padding), tolerance: 1e-5))
        let noBias = conv2d(x, w, bias: nil, stride: stride, padding: padding)
        #expect(isClose(noBias.scalars, Self.reference(x, w, nil, stride: stride, padding: padding), tolerance: 1e-5))
    }

    /// Shapes that take the block (shifted) unfolding: stride 1 with "same" padding, including kernels wider
    /// than the image, and a batch of three.
    @Test(arguments: [
        ([3, 2, 6, 5], [4, 2, 3, 3], 1), ([2, 1, 4, 7], [3, 1, 5, 5], 2), ([3, 2, 3, 1], [2, 2, 3, 3], 1),
        ([2, 3, 4, 4], [2, 3, 1, 1], 0), ([1, 2, 5, 4], [3, 2, 3, 3], 1),
    ])
    func sameConvolutionsMatchDirectLoop(input: [Int], kernel: [Int], padding: Int) {
        let x = TestTensors.uniform(input, seed: 21)
        let w = TestTensors.uniform(kernel, seed: 22)
        let b = TestTensors.uniform([kernel[0]], seed: 23)
        let expected = Self.reference(x, w, b, stride: 1, padding: padding)
        #expect(isClose(conv2d(x, w, bias: b, padding: padding).scalars, expected, tolerance: 1e-5))
        let rectified = conv2d(x, w, bias: b, padding: padding, activation: .relu)
        #expect(isClose(rectified.scalars, expected.map { Swift.max($0, 0) }, tolerance: 1e-5))
        #expect(Self.fusedMatchesTape(x, w, b, stride: 1, padding: padding), "\(input) ⋆ \(kernel)")
        let (cx, cw, cb) = Self.awayFromKink(input: input, kernel: kernel, stride: 1, padding: padding, seed: 21)
        let check = checkGradient(
            of: { p in conv2d(p[0], p[1], bias: p[2], padding: padding, activation: .relu) }, at: [cx, cw, cb!])
        #expect(check.passed, "\(input) ⋆ \(kernel): \(check)")
    }

    /// Inputs (values in -1...1, as ``TestTensors/uniform(_:in:seed:)``) whose pre-activations all lie farther
    /// from ReLU's kink than a finite-difference step can move them (the step is 1e-2 and every factor is at most
    /// 1 in size, so 0.0125 is enough): the first seed from `seed` on that qualifies. A central difference across
    /// the kink measures half a slope and would fail a correct gradient.
    static func awayFromKink(
        input: [Int], kernel: [Int], bias: Bool = true, stride: Int, padding: Int, seed: UInt64
    ) -> (Tensor, Tensor, Tensor?) {
        for attempt in UInt64(0)..<2000 {
            let base = seed &+ 3 &* attempt
            let x = TestTensors.uniform(input, seed: base)
            let w = TestTensors.uniform(kernel, seed: base &+ 1)
            let b = bias ? TestTensors.uniform([kernel[0]], seed: base &+ 2) : nil
            let pre = conv2d(x, w, bias: b, stride: stride, padding: padding)
            if pre.scalars.allSatisfy({ Swift.abs($0) > 0.0125 }) { return (x, w, b) }
        }
        preconditionFailure("no seed in 2000 keeps \(input) ⋆ \(kernel) away from the kink")
    }

    /// Whether the fused ReLU convolution's gradients equal those of `relu(conv2d(…))` on the tape (the reference
    /// with the same convention at 0), for every input, with and without bias.
    static func fusedMatchesTape(_ x: Tensor, _ w: Tensor, _ b: Tensor, stride: Int, padding: Int) -> Bool {
        var agree = true
        for inputs in [[x, w, b], [x, w]] {
            let bias = { (p: [Tensor]) in p.count == 3 ? p[2] : nil }
            let cotangent = TestTensors.uniform(
                conv2d(x, w, bias: b, stride: stride, padding: padding).shape, seed: 99)
            let fused = valueAndGradient(at: inputs) { p in
                (conv2d(p[0], p[1], bias: bias(p), stride: stride, padding: padding, activation: .relu) * cotangent)
                    .sum()
            }
            let tape = valueAndGradient(at: inputs) { p in
                (relu(conv2d(p[0], p[1], bias: bias(p), stride: stride, padding: padding)) * cotangent).sum()
            }
            for (f, t) in zip(fused.gradients, tape.gradients) where !isClose(f.scalars, t.scalars, tolerance: 1e-5) {
                agree = false
            }
        }
        return agree
    }

    @Test(arguments: [(1, 0), (1, 1), (2, 1)])
    func fusedReLUGradients(stride: Int, padding: Int) {
        let x = TestTensors.uniform([3, 2, 5, 4], seed: 14)
        let w = TestTensors.uniform([3, 2, 3, 3], seed: 15)
        let b = TestTensors.uniform([3], seed: 16)
        let fused = conv2d(x, w, bias: b, stride: stride, padding: padding, activation: .relu)
        #expect(fused.scalars == relu(conv2d(x, w, bias: b, stride: stride, padding: padding)).scalars)
        #expect(fused.scalars.contains(0) && fused.scalars.contains { $0 > 0 })
        #expect(Self.fusedMatchesTape(x, w, b, stride: stride, padding: padding))
        let (cx, cw, cb) = Self.awayFromKink(
            input: [3, 2, 5, 4], kernel: [3, 2, 3, 3], stride: stride, padding: padding, seed: 14)
        let check = checkGradient(
            of: { p in conv2d(p[0], p[1], bias: p[2], stride: stride, padding: padding, activation: .relu) },
            at: [cx, cw, cb!])
        #expect(check.passed, "\(check)")
        let (nx, nw, _) = Self.awayFromKink(
            input: [3, 2, 5, 4], kernel: [3, 2, 3, 3], bias: false, stride: stride, padding: padding, seed: 14)
        let noBias = checkGradient(
            of: { p in conv2d(p[0], p[1], bias: nil, stride: stride, padding: padding, activation: .relu) },
            at: [nx, nw])
        #expect(noBias.passed, "\(noBias)")
    }

    @Test func handComputedSingleChannel() {
        // 3×3 image, 2×2 kernel of ones: each output is the sum of a 2×2 block.
        let x = Tensor(shape: [1, 1, 3, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let w = Tensor.ones([1, 1, 2, 2])
        #expect(conv2d(x, w, bias: Tensor([1])).scalars == [13, 17, 25, 29])
    }

    @Test(arguments: [(1, 0), (1, 1), (2, 1)])
    func gradientsOfInputWeightAndBias(stride: Int, padding: Int) {
        let x = TestTensors.uniform([2, 2, 5, 4], seed: 4)
        let w = TestTensors.uniform([3, 2, 3, 3], seed: 5)
        let b = TestTensors.uniform([3], seed: 6)
        let check = checkGradient(
            of: { p in conv2d(p[0], p[1], bias: p[2], stride: stride, padding: padding) }, at: [x, w, b])
        #expect(check.passed, "\(check)")
    }

    @Test func gradientWithConstantInput() {
        let x = TestTensors.uniform([1, 1, 4, 4], seed: 8)
        let w = TestTensors.uniform([2, 1, 2, 2], seed: 9)
        let check = checkGradient(of: { w in conv2d(x, w, bias: nil) }, at: w)
        #expect(check.passed, "\(check)")
    }

    @Test func maxPoolForwardAndGradient() {
        let x = Tensor(shape: [1, 1, 2, 4], scalars: [1, 5, 2, 0, 3, 4, 7, 6])
        #expect(maxPool2d(x, kernelSize: 2).scalars == [5, 7])
        let grad = gradient(at: x) { maxPool2d($0, kernelSize: 2).sum() }
        #expect(grad.scalars == [0, 1, 0, 0, 0, 0, 1, 0])
        let input = TestTensors.distinct([2, 2, 5, 5])
        for (kernel, stride) in [(2, 2), (3, 1), (2, 3), (3, 2)] {
            let check = checkGradient(of: { maxPool2d($0, kernelSize: kernel, stride: stride) }, at: input)
            #expect(check.passed, "k\(kernel) s\(stride): \(check)")
        }
    }

    /// 2×2 windows that tile the input (the fast path), ties (the first maximum wins) and NaN (it propagates, and
    /// the first NaN of the window takes the gradient).
    @Test func maxPoolTilesTiesAndNaN() {
        let input = TestTensors.distinct([2, 3, 4, 6])
        let check = checkGradient(of: { maxPool2d($0, kernelSize: 2) }, at: input)
        #expect(check.passed, "\(check)")
        let ties = Tensor(shape: [1, 1, 2, 4], scalars: [3, 3, 1, 2, 3, 3, 2, 1])
        #expect(maxPool2d(ties, kernelSize: 2).scalars == [3, 2])
        #expect(gradient(at: ties) { maxPool2d($0, kernelSize: 2).sum() }.scalars == [1, 0, 0, 1, 0, 0, 0, 0])
        let nan = Tensor(shape: [1, 1, 2, 2], scalars: [1, .nan, 5, .nan])
        #expect(maxPool2d(nan, kernelSize: 2).scalars[0].isNaN)
        #expect(gradient(at: nan) { maxPool2d($0, kernelSize: 2).sum() }.scalars == [0, 1, 0, 0])
        let overlapping = Tensor(shape: [1, 1, 1, 3], scalars: [1, .nan, 2])
        #expect(maxPool2d(overlapping, kernelSize: 1, stride: 1).scalars[1].isNaN)
    }

    @Test func avgPoolForwardAndGradient() {
        let x = Tensor(shape: [1, 1, 2, 4], scalars: [1, 5, 2, 0, 3, 4, 7, 6])
        #expect(avgPool2d(x, kernelSize: 2).scalars == [3.25, 3.75])
        let input = TestTensors.uniform([2, 3, 5, 4], seed: 11)
        for (kernel, stride) in [(2, 2), (3, 1), (2, 1)] {
            let check = checkGradient(of: { avgPool2d($0, kernelSize: kernel, stride: stride) }, at: input)
            #expect(check.passed, "k\(kernel) s\(stride): \(check)")
        }
    }

    @Test func shapeMessages() {
        #expect(
            ShapeCheck.conv2d(input: [8, 3, 32, 32], weight: [16, 1, 3, 3], bias: nil, stride: 1, padding: 1)
                == "conv2d: input has 3 channels but weight [16, 1, 3, 3] expects 1")
        #expect(
            ShapeCheck.conv2d(input: [8, 3, 32], weight: [16, 3, 3, 3], bias: nil, stride: 1, padding: 0)
                == "conv2d: input must be [batch, channels, height, width], got [8, 3, 32]")
        #expect(
            ShapeCheck.conv2d(input: [1, 1, 2, 2], weight: [1, 1, 5, 5], bias: nil, stride: 1, padding: 1)
                == "conv2d: kernel 5×5 is larger than the padded input 4×4")
        #expect(
            ShapeCheck.conv2d(input: [1, 1, 4, 4], weight: [2, 1, 3, 3], bias: [3], stride: 1, padding: 0)
                == "conv2d: bias must have shape [2], got [3]")
        #expect(ShapeCheck.conv2d(input: [1, 1, 4, 4], weight: [2, 1, 3, 3], bias: [2], stride: 1, padding: 0) == nil)
        #expect(
            ShapeCheck.pool2d("maxPool2d", input: [1, 1, 1, 4], kernelSize: 2, stride: 2)
                == "maxPool2d: window 2×2 is larger than the input 1×4")
        #expect(ShapeCheck.pool2d("avgPool2d", input: [1, 1, 4, 4], kernelSize: 2, stride: 2) == nil)
    }
}
