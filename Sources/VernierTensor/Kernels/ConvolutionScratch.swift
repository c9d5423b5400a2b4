import CVernierKernels

/// Working memory of one convolution layer's passes that a caller allocates once (the fused CNN step), so that the
/// forward and backward passes allocate nothing: one region per batch share (a chunk's unfolded columns with its
/// product or gathered gradient, or the direct kernels' padded plane with an image's output planes) and the
/// per-share gradient sums. Without it (`nil`, the tape path) each pass allocates the same buffers itself; both
/// compute the same bits.
struct ConvolutionScratch {
    /// ``BatchShares/count`` regions of ``floatsPerShare`` floats.
    let shareRegions: UnsafeMutablePointer<Float>
    let floatsPerShare: Int
    /// ``sumFloats(outputs:patch:)`` floats for the gradient sums.
    let sums: UnsafeMutablePointer<Float>

    /// The region of share `index`.
    func share(_ index: Int) -> UnsafeMutablePointer<Float> { shareRegions + index * floatsPerShare }

    /// Floats one share's region needs for geometry `g` (any batch size) with `outputs` channels, rounded up to
    /// whole 64-byte lines.
    static func floatsPerShare(_ g: ConvolutionGeometry, outputs: Int) -> Int {
        let chunk = BatchShares.chunkImages(g, outputs: outputs)
        let unfolded = (g.patchSize + outputs) * chunk * g.positions
        let direct = Int(vernier_conv3x3_plane_floats(g.height, g.width)) + outputs * g.positions
        return (Swift.max(unfolded, direct) + 15) / 16 * 16
    }

    /// Floats of the gradient sums: per share `outputs · patch` weight and `outputs` bias sums (or the direct
    /// kernel's `outputs · 80` lanes), then one share's `outputs · 10` reduced weight and bias.
    static func sumFloats(outputs: Int, patch: Int) -> Int {
        BatchShares.count * outputs * (Swift.max(patch, 80) + 1) + outputs * 10
    }
}
