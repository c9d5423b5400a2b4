import Testing

@testable import VernierTensor

/// The C kernels of 3×3 "same" convolutions against plain loops, at widths that exercise every vector layout of a
/// row: 8 (one vector, both edges), 9 and 11 (a last vector overlapping the first), 14 (two, overlapping), 17 and 28
/// (a middle vector, then an overlapping last one).
@Suite struct ConvolutionKernelReferenceTests {
    static let sizes: [(height: Int, width: Int)] = [(1, 8), (3, 9), (2, 11), (6, 14), (4, 17), (28, 28)]

    /// The fold of the second image of a two-image chunk (so rows are `2 · positions` apart and the image's entries
    /// sit between its neighbours'): every element the sum of its entries added onto 0 in row order, to the bit.
    @Test(arguments: 0..<sizes.count)
    func col2imMatchesRowByRowFold(size: Int) {
        let (h, w) = Self.sizes[size]
        let g = ConvolutionGeometry(
            batch: 2, channels: 2, height: h, width: w, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1)
        #expect(g.foldsInRegisters)
        let rowStride = 2 * g.positions
        var columns = TestTensors.uniform([g.patchSize * rowStride], seed: 61).scalars
        var expected = [Float](repeating: 0, count: g.imageSize)
        for c in 0..<2 {
            for ki in 0..<3 {
                for kj in 0..<3 {
                    let row = (c * 9 + ki * 3 + kj) * rowStride + g.positions
                    for oy in 0..<h {
                        for ox in 0..<w {
                            let (iy, ix) = (oy + ki - 1, ox + kj - 1)
                            guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                            expected[(c * h + iy) * w + ix] += columns[row + oy * w + ox]
                        }
                    }
                }
            }
        }
        var image = [Float](repeating: .nan, count: g.imageSize)
        columns.withUnsafeMutableBufferPointer { columns in
            image.withUnsafeMutableBufferPointer { image in
                Kernels.col2im(
                    columns.baseAddress! + g.positions, g, image.baseAddress!, rowStride: rowStride)
            }
        }
        #expect(image == expected)
    }

    /// The direct single-channel kernel's weight and bias gradients, masked by the saved ReLU output, against sums
    /// in `Double` over every image, position and tap.
    @Test(arguments: 0..<sizes.count)
    func directGradientsMatchLoops(size: Int) {
        let (h, w) = Self.sizes[size]
        let (batch, outputs) = (3, 5)
        let g = ConvolutionGeometry(
            batch: batch, channels: 1, height: h, width: w, kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1)
        #expect(g.usesDirectSingleChannel)
        let x = TestTensors.uniform([batch, 1, h, w], seed: 62)
        let delta = TestTensors.uniform([batch, outputs, h, w], seed: 63)
        let saved = TestTensors.uniform([batch, outputs, h, w], seed: 64)
        let (weight, bias) = Kernels.directConv2dGradients(
            delta, input: x, output: saved, weightShape: [outputs, 1, 3, 3], activation: .relu, g)
        let (xs, ds, ss) = (x.scalars, delta.scalars, saved.scalars)
        var expectedWeight = [Double](repeating: 0, count: outputs * 9)
        var expectedBias = [Double](repeating: 0, count: outputs)
        for n in 0..<batch {
            for o in 0..<outputs {
                for y in 0..<h {
                    for xx in 0..<w {
                        let index = ((n * outputs + o) * h + y) * w + xx
                        guard ss[index] > 0 else { continue }
                        let d = Double(ds[index])
                        expectedBias[o] += d
                        for tap in 0..<9 {
                            let (iy, ix) = (y + tap / 3 - 1, xx + tap % 3 - 1)
                            guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                            expectedWeight[o * 9 + tap] += d * Double(xs[(n * h + iy) * w + ix])
                        }
                    }
                }
            }
        }
        #expect(isClose(weight.scalars, expectedWeight.map { Float($0) }, tolerance: 1e-4))
        #expect(isClose(bias.scalars, expectedBias.map { Float($0) }, tolerance: 1e-4))
    }
}
