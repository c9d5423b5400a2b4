import Testing
import VernierData
import VernierRandom
import VernierTensor

@Suite struct ImageAugmentationTests {
    let image = Tensor(shape: [1, 1, 2, 3], scalars: [1, 2, 3, 4, 5, 6])

    @Test func flipOnlyMirrorsOrLeaves() {
        let flip = ImageAugmentation(channels: 1, height: 2, width: 3, padding: 0, horizontalFlip: true)
        var rng = Xoshiro256(seed: 1)
        var outcomes = Set<[Float]>()
        for _ in 0..<20 { outcomes.insert(flip(image, using: &rng).scalars) }
        #expect(outcomes == [[1, 2, 3, 4, 5, 6], [3, 2, 1, 6, 5, 4]])
    }

    @Test func cropShiftsWithFill() {
        let crop = ImageAugmentation(channels: 1, height: 2, width: 3, padding: 1, horizontalFlip: false, fill: -1)
        var rng = Xoshiro256(seed: 2)
        for _ in 0..<20 {
            let out = crop(image, using: &rng).scalars
            #expect(out.count == 6)
            // Every pixel is either the fill or one of the original pixels.
            #expect(out.allSatisfy { $0 == -1 || (1...6).contains($0) })
        }
    }

    /// Without rotation or translation every output is the whole image moved by one of the (2·padding + 1)²
    /// shifts, with the fill where the source falls outside, and every shift occurs.
    @Test func cropIsAWholeShift() {
        let square = Tensor(shape: [1, 1, 3, 3], scalars: (1...9).map(Float.init))
        let crop = ImageAugmentation(channels: 1, height: 3, width: 3, padding: 1, horizontalFlip: false, fill: -1)
        func shifted(_ dx: Int, _ dy: Int) -> [Float] {
            (0..<9).map { index in
                let (x, y) = (index % 3 + dx, index / 3 + dy)
                return (0..<3).contains(x) && (0..<3).contains(y) ? Float(y * 3 + x + 1) : -1
            }
        }
        let candidates = Set((-1...1).flatMap { dx in (-1...1).map { dy in shifted(dx, dy) } })
        var rng = Xoshiro256(seed: 3)
        var seen = Set<[Float]>()
        for _ in 0..<100 { seen.insert(crop(square, using: &rng).scalars) }
        #expect(seen == candidates)
    }

    @Test func seededAndShapePreserving() {
        let augment = ImageAugmentation(
            channels: 1, height: 2, width: 3, padding: 1, maxRotationDegrees: 10, maxTranslation: 0.5)
        let batch = Tensor(shape: [4, 6], scalars: (0..<24).map(Float.init))
        var a = Xoshiro256(seed: 9)
        var b = Xoshiro256(seed: 9)
        let first = augment(batch, using: &a)
        #expect(first.shape == [4, 6])
        #expect(first == augment(batch, using: &b))
    }

    /// A batch (warped in two halves at once) equals its images augmented one by one from the same generator:
    /// each image keeps its own draws, in order.
    @Test func batchEqualsImageByImage() {
        let augment = ImageAugmentation(
            channels: 1, height: 4, width: 5, padding: 1, maxRotationDegrees: 8, maxTranslation: 1, fill: -1)
        let batch = Tensor(shape: [5, 20], scalars: (0..<100).map { Float($0 % 17) })
        var a = Xoshiro256(seed: 4)
        var b = Xoshiro256(seed: 4)
        let whole = augment(batch, using: &a)
        let single = (0..<5).map { augment(batch[$0..<($0 + 1)], using: &b) }
        #expect(whole.scalars == concatenate(single, alongAxis: 0).scalars)
        #expect(whole.scalars != batch.scalars)
    }
}
