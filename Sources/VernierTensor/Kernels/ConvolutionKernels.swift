import CVernierKernels

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
    /// Output positions of one image (im2col columns per image).
    var positions: Int { outputHeight * outputWidth }
    var imageSize: Int { channels * height * width }
    /// Whether each im2col row is the image plane shifted by a constant offset (stride 1, output as wide as the
    /// input: "same" padding), so that rows are unfolded and folded as contiguous blocks.
    var isShifted: Bool { stride == 1 && outputWidth == width }
    /// Whether ``Kernels/col2im(_:_:_:rowStride:)`` runs the C fold: a 3×3 kernel, stride 1, padding 1, at least 8
    /// columns.
    var foldsInRegisters: Bool {
        kernelHeight == 3 && kernelWidth == 3 && stride == 1 && padding == 1 && width >= 8
    }
}

extension Kernels {
    /// Unfolds images `first..<first + count` of the batch at `images` into one `[patchSize, count · positions]`
    /// matrix at `columns` (``im2col(_:_:_:rowStride:)`` per image): the unfolded chunk of the chunked convolution
    /// passes.
    static func unfoldChunk(
        _ images: UnsafePointer<Float>, _ g: ConvolutionGeometry, first: Int, count: Int,
        into columns: UnsafeMutablePointer<Float>
    ) {
        let total = count * g.positions
        for n in 0..<count {
            im2col(images + (first + n) * g.imageSize, g, columns + n * g.positions, rowStride: total)
        }
    }

    /// Unfolds one image `[channels, height, width]` into the `patchSize` rows of `columns`, `rowStride` apart,
    /// `positions` values each (zeros for padding). With `rowStride = batch · positions` and `columns` advanced by
    /// `n · positions` for image `n`, a whole batch unfolds into one `[patchSize, batch · positions]` matrix.
    static func im2col(
        _ image: UnsafePointer<Float>, _ g: ConvolutionGeometry, _ columns: UnsafeMutablePointer<Float>,
        rowStride: Int
    ) {
        if g.isShifted {
            im2colShifted(image, g, columns, rowStride: rowStride)
            return
        }
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
                            out.update(repeating: 0, count: ow)
                            continue
                        }
                        let line = plane + iy * g.width
                        for ox in 0..<ow {
                            let ix = ox * g.stride - g.padding + kj
                            out[ox] = (ix >= 0 && ix < g.width) ? line[ix] : 0
                        }
                    }
                    row += rowStride
                }
            }
        }
    }

    /// The range of output rows whose input row `oy + dy` lies inside the image, and the range of positions
    /// `p` whose plane index `p + shift` does, for one im2col row of a shifted geometry.
    @inline(__always)
    private static func shiftedRanges(
        _ g: ConvolutionGeometry, dy: Int, dx: Int
    ) -> (
        rows: Range<Int>, block: Range<Int>
    ) {
        let (w, positions) = (g.width, g.positions)
        let shift = dy * w + dx
        let firstRow = Swift.max(0, -dy)
        let endRow = Swift.max(firstRow, Swift.min(g.outputHeight, g.height - dy))
        let start = Swift.min(positions, Swift.max(firstRow * w, -shift))
        let end = Swift.max(start, Swift.min(endRow * w, g.height * w - shift))
        return (firstRow..<endRow, start..<end)
    }

    /// Zeros the entries of one im2col row whose input column `ox + dx` falls outside the image (the block copy
    /// wrapped them around from the neighbouring image row).
    @inline(__always)
    private static func zeroWrappedColumns(
        _ row: UnsafeMutablePointer<Float>, _ g: ConvolutionGeometry, rows: Range<Int>, dx: Int
    ) {
        guard dx != 0 else { return }
        let w = g.width
        let first = dx < 0 ? 0 : Swift.max(0, w - dx)
        let end = dx < 0 ? Swift.min(w, -dx) : w
        for oy in rows {
            for ox in first..<end { row[oy * w + ox] = 0 }
        }
    }

    /// `im2col` for a shifted geometry: each row is one block copy of the plane plus a few zeroed entries.
    private static func im2colShifted(
        _ image: UnsafePointer<Float>, _ g: ConvolutionGeometry, _ columns: UnsafeMutablePointer<Float>,
        rowStride: Int
    ) {
        let positions = g.positions
        let planeSize = g.height * g.width
        var row = columns
        for c in 0..<g.channels {
            let plane = image + c * planeSize
            for ki in 0..<g.kernelHeight {
                for kj in 0..<g.kernelWidth {
                    let (dy, dx) = (ki - g.padding, kj - g.padding)
                    let (rows, block) = shiftedRanges(g, dy: dy, dx: dx)
                    if block.lowerBound > 0 { row.update(repeating: 0, count: block.lowerBound) }
                    if !block.isEmpty {
                        (row + block.lowerBound).update(
                            from: plane + block.lowerBound + dy * g.width + dx, count: block.count)
                    }
                    if block.upperBound < positions {
                        (row + block.upperBound).update(repeating: 0, count: positions - block.upperBound)
                    }
                    zeroWrappedColumns(row, g, rows: rows, dx: dx)
                    row += rowStride
                }
            }
        }
    }

    /// Folds the `patchSize` rows of `columns` (`rowStride` apart) back onto one image: `image` is overwritten with
    /// the sum of each element's entries, added in row order onto 0. 3×3 "same" geometries at least 8 columns wide
    /// fold in C (`vernier_col2im3x3_f32`: each image vector summed in registers and written once), others zero the
    /// image and add row by row, alike to the bit. `columns` is scratch: the entries that fall outside the image may
    /// be overwritten.
    static func col2im(
        _ columns: UnsafeMutablePointer<Float>, _ g: ConvolutionGeometry, _ image: UnsafeMutablePointer<Float>,
        rowStride: Int
    ) {
        if g.foldsInRegisters {
            vernier_col2im3x3_f32(columns, rowStride, g.channels, g.height, g.width, image)
            return
        }
        image.update(repeating: 0, count: g.imageSize)
        let (oh, ow) = (g.outputHeight, g.outputWidth)
        let planeSize = g.height * g.width
        var row = columns
        for c in 0..<g.channels {
            let plane = image + c * planeSize
            for ki in 0..<g.kernelHeight {
                for kj in 0..<g.kernelWidth {
                    if g.isShifted {
                        // Zero the wrapped entries, then add the row onto the plane as one block.
                        let (dy, dx) = (ki - g.padding, kj - g.padding)
                        let (rows, block) = shiftedRanges(g, dy: dy, dx: dx)
                        zeroWrappedColumns(row, g, rows: rows, dx: dx)
                        let target = plane + block.lowerBound + dy * g.width + dx
                        VectorLoops.add(target, row + block.lowerBound, target, block.count)
                    } else {
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
                    }
                    row += rowStride
                }
            }
        }
    }
}
