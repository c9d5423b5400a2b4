import Foundation
import VernierRandom
import VernierTensor

/// Random image augmentation applied to a batch of images `[B, C, H, W]` (or flat `[B, C·H·W]` rows with the
/// image size given): a random crop from the zero-padded image (a shift by up to `padding` pixels), a horizontal
/// flip with probability one half, and a small affine jitter (rotation and sub-pixel translation, bilinear).
///
/// Every draw comes from the generator passed in, so a seeded loader augments identically on every run.
/// Pixels that come from outside the image take the value `fill` (use the standardized background value).
///
/// ```swift
/// let augmentation = ImageAugmentation(channels: 1, height: 28, width: 28, padding: 2, horizontalFlip: true)
/// var loader = DataLoader(fashion.train, batchSize: 64, seed: 1)
/// loader.transform = augmentation.transform
/// ```
public struct ImageAugmentation: Sendable, Hashable {
    /// Channels per image.
    public var channels: Int
    /// Image height in pixels.
    public var height: Int
    /// Image width in pixels.
    public var width: Int
    /// The largest crop offset in pixels (0: no random crop).
    public var padding: Int
    /// Whether to flip left-right with probability ½.
    public var horizontalFlip: Bool
    /// The largest rotation in degrees for the affine jitter (0 with `maxTranslation` 0: no jitter).
    public var maxRotationDegrees: Double
    /// The largest translation in pixels for the affine jitter.
    public var maxTranslation: Double
    /// The value of pixels taken from outside the image.
    public var fill: Float

    /// Creates an augmentation.
    public init(
        channels: Int = 1, height: Int = 28, width: Int = 28, padding: Int = 2, horizontalFlip: Bool = true,
        maxRotationDegrees: Double = 0, maxTranslation: Double = 0, fill: Float = 0
    ) {
        precondition(channels > 0 && height > 0 && width > 0, "ImageAugmentation: image size must be positive")
        precondition(padding >= 0, "ImageAugmentation: padding must not be negative")
        self.channels = channels
        self.height = height
        self.width = width
        self.padding = padding
        self.horizontalFlip = horizontalFlip
        self.maxRotationDegrees = maxRotationDegrees
        self.maxTranslation = maxTranslation
        self.fill = fill
    }

    /// This augmentation as a ``DataLoader`` transform (augments the features, leaves the targets).
    public var transform: @Sendable (inout Batch, inout Xoshiro256) -> Void {
        let augmentation = self
        return { batch, generator in batch.features = augmentation(batch.features, using: &generator) }
    }

    /// Augments every image of `images` independently.
    ///
    /// ```swift
    /// var rng = Xoshiro256(seed: 3)
    /// let augmented = augmentation(batch.features, using: &rng)
    /// ```
    public func callAsFunction(_ images: Tensor, using generator: inout some RandomNumberGenerator) -> Tensor {
        let imageSize = channels * height * width
        precondition(
            images.rank >= 1 && images.count == images.shape[0] * imageSize,
            "ImageAugmentation: expected [B, \(channels), \(height), \(width)] or [B, \(imageSize)], got \(images.shape)"
        )
        let count = images.shape[0]
        let useAffine = maxRotationDegrees > 0 || maxTranslation > 0
        // Every draw first, in image order (the generator is sequential); then the images in two halves at once.
        let draws = (0..<count).map { _ in draw(affine: useAffine, using: &generator) }
        return images.withUnsafeBufferPointer { input in
            Tensor(shape: images.shape) { output in
                let halves = count < 2 ? 1 : 2
                let buffers = Buffers(input: input, output: output)
                DispatchQueue.concurrentPerform(iterations: halves) { half in
                    let (input, output) = (buffers.input, buffers.output)
                    for image in (half * count / halves)..<((half + 1) * count / halves) {
                        warp(input, output, image: image, draws[image], bilinear: useAffine)
                    }
                }
            }
        }
    }

    /// The input and output of one call, shared by its two halves (each writes its own images).
    private struct Buffers: @unchecked Sendable {
        let input: UnsafeBufferPointer<Float>
        let output: UnsafeMutableBufferPointer<Float>
    }

    /// One image's random transform: crop shift, flip, rotation angle (radians) and translation.
    private struct Draw: Sendable {
        var shiftX = 0
        var shiftY = 0
        var flip = false
        var angle = 0.0
        var translateX = 0.0
        var translateY = 0.0
    }

    /// Draws one image's transform, in the order the augmentation has always drawn them.
    private func draw(affine: Bool, using generator: inout some RandomNumberGenerator) -> Draw {
        var result = Draw()
        result.shiftX = padding > 0 ? generator.nextInt(below: 2 * padding + 1) - padding : 0
        result.shiftY = padding > 0 ? generator.nextInt(below: 2 * padding + 1) - padding : 0
        result.flip = horizontalFlip && generator.nextUniform() < 0.5
        if affine {
            result.angle = generator.nextUniform(in: -maxRotationDegrees...maxRotationDegrees) * .pi / 180
            result.translateX = generator.nextUniform(in: -maxTranslation...maxTranslation)
            result.translateY = generator.nextUniform(in: -maxTranslation...maxTranslation)
        }
        return result
    }

    /// Writes image `image` of `output` from `input` under `draw`.
    private func warp(
        _ input: UnsafeBufferPointer<Float>, _ output: UnsafeMutableBufferPointer<Float>, image: Int, _ draw: Draw,
        bilinear: Bool
    ) {
        let imageSize = channels * height * width
        guard bilinear else {
            shift(input, output, base: image * imageSize, draw)
            return
        }
        let cosine = Float(Foundation.cos(draw.angle))
        let sine = Float(Foundation.sin(draw.angle))
        let centerX = Float(width - 1) / 2
        let centerY = Float(height - 1) / 2
        for channel in 0..<channels {
            let base = image * imageSize + channel * height * width
            for y in 0..<height {
                for x in 0..<width {
                    // Output pixel (x, y) reads source pixel: flip, then crop shift, then affine.
                    var sourceX = Float(draw.flip ? width - 1 - x : x) + Float(draw.shiftX)
                    var sourceY = Float(y) + Float(draw.shiftY)
                    if bilinear {
                        let dx = sourceX - centerX - Float(draw.translateX)
                        let dy = sourceY - centerY - Float(draw.translateY)
                        sourceX = cosine * dx + sine * dy + centerX
                        sourceY = -sine * dx + cosine * dy + centerY
                    }
                    output[base + y * width + x] = sample(input, base: base, x: sourceX, y: sourceY, bilinear: bilinear)
                }
            }
        }
    }

    /// The pixel at (x, y) of the plane at `base`: nearest for whole-pixel shifts, bilinear otherwise.
    /// `warp` without the affine part, in integers: each output pixel is the source pixel at the flipped and shifted
    /// position (the value `sample` reads at those whole coordinates), or `fill` outside the image.
    private func shift(
        _ input: UnsafeBufferPointer<Float>, _ output: UnsafeMutableBufferPointer<Float>, base: Int, _ draw: Draw
    ) {
        for channel in 0..<channels {
            let plane = base + channel * height * width
            for y in 0..<height {
                let row = plane + y * width
                let sourceY = y + draw.shiftY
                guard sourceY >= 0 && sourceY < height else {
                    for x in 0..<width { output[row + x] = fill }
                    continue
                }
                let sourceRow = plane + sourceY * width
                for x in 0..<width {
                    let sourceX = (draw.flip ? width - 1 - x : x) + draw.shiftX
                    output[row + x] = sourceX >= 0 && sourceX < width ? input[sourceRow + sourceX] : fill
                }
            }
        }
    }

    private func sample(_ input: UnsafeBufferPointer<Float>, base: Int, x: Float, y: Float, bilinear: Bool) -> Float {
        func pixel(_ px: Int, _ py: Int) -> Float {
            guard px >= 0, px < width, py >= 0, py < height else { return fill }
            return input[base + py * width + px]
        }
        guard bilinear else { return pixel(Int(x.rounded()), Int(y.rounded())) }
        let x0 = Self.floor(x)
        let y0 = Self.floor(y)
        let fx = x - Float(x0)
        let fy = y - Float(y0)
        let top = pixel(x0, y0) * (1 - fx) + pixel(x0 + 1, y0) * fx
        let bottom = pixel(x0, y0 + 1) * (1 - fx) + pixel(x0 + 1, y0 + 1) * fx
        return top * (1 - fy) + bottom * fy
    }

    /// `Int(x.rounded(.down))` without a libm call (the package builds for baseline x86-64, which has no SSE4.1
    /// `roundss`); exact for the coordinates an image can have.
    @inline(__always)
    private static func floor(_ x: Float) -> Int {
        let truncated = Int(x)
        return Float(truncated) > x ? truncated - 1 : truncated
    }
}
