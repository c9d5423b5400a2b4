import Foundation

extension RandomNumberGenerator {
    /// A uniform `Double` in [0, 1) built from the top 53 bits of one draw, so that it is identical on every
    /// platform (unlike `Double.random(in:using:)`, whose algorithm is not specified).
    ///
    /// ```swift
    /// var rng = Xoshiro256(seed: 3)
    /// let u = rng.nextUniform()
    /// ```
    @inlinable
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform `Double` in `range` (lower bound included, upper bound excluded unless the range is empty).
    ///
    /// ```swift
    /// let phi = rng.nextUniform(in: 1...15)
    /// ```
    @inlinable
    public mutating func nextUniform(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * nextUniform()
    }

    /// A uniform integer in `0..<upperBound`, without modulo bias (Lemire's multiply-and-reject method,
    /// "Fast random integer generation in an interval", ACM TOMACS 2019).
    ///
    /// ```swift
    /// let index = rng.nextInt(below: 10)
    /// ```
    @inlinable
    public mutating func nextInt(below upperBound: Int) -> Int {
        precondition(upperBound > 0, "nextInt(below:) needs a positive upper bound, got \(upperBound)")
        let bound = UInt64(upperBound)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return Int(product.high)
    }

    /// A standard normal draw by the Box-Muller transform (one of the pair; the other is discarded so each call
    /// consumes exactly two uniforms and results never depend on call history).
    ///
    /// ```swift
    /// let noise = 0.4 * rng.nextNormal()
    /// ```
    @inlinable
    public mutating func nextNormal() -> Double {
        // 1 - u lies in (0, 1], so the logarithm is finite.
        let u1 = 1 - nextUniform()
        let u2 = nextUniform()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    /// A normal draw with the given mean and standard deviation.
    ///
    /// ```swift
    /// let y = rng.nextNormal(mean: 0, standardDeviation: 1)
    /// ```
    @inlinable
    public mutating func nextNormal(mean: Double, standardDeviation: Double) -> Double {
        mean + standardDeviation * nextNormal()
    }

    /// A normal draw restricted to `range` (rejection sampling; falls back to inverse-CDF-free clamping only
    /// when the acceptance region is tiny). Used by truncated-normal initializers, e.g. within ±2 sd.
    ///
    /// ```swift
    /// let w = rng.nextTruncatedNormal(mean: 0, standardDeviation: 0.02, in: -0.04...0.04)
    /// ```
    public mutating func nextTruncatedNormal(
        mean: Double, standardDeviation: Double, in range: ClosedRange<Double>
    ) -> Double {
        precondition(standardDeviation > 0, "nextTruncatedNormal needs a positive standard deviation")
        for _ in 0..<1000 {
            let x = nextNormal(mean: mean, standardDeviation: standardDeviation)
            if range.contains(x) { return x }
        }
        // The interval is far in a tail: a uniform draw inside it is the best cheap approximation.
        return nextUniform(in: range)
    }

    /// `count` distinct indices drawn uniformly from `0..<population`, in draw order (partial Fisher-Yates).
    ///
    /// ```swift
    /// let picks = rng.sampleWithoutReplacement(3, from: 10)   // e.g. [7, 2, 9]
    /// ```
    public mutating func sampleWithoutReplacement(_ count: Int, from population: Int) -> [Int] {
        precondition(
            count >= 0 && count <= population,
            "sampleWithoutReplacement: cannot draw \(count) distinct items from \(population)")
        var pool = Array(0..<population)
        for i in 0..<count {
            let j = i + nextInt(below: population - i)
            pool.swapAt(i, j)
        }
        return Array(pool[0..<count])
    }
}

extension MutableCollection where Self: RandomAccessCollection, Index == Int {
    /// Shuffles in place with a platform-independent Fisher-Yates using ``RandomNumberGenerator/nextInt(below:)``.
    ///
    /// The standard library's `shuffle(using:)` does not promise the same order across versions; this does.
    /// ```swift
    /// var order = Array(0..<100)
    /// order.deterministicShuffle(using: &rng)
    /// ```
    public mutating func deterministicShuffle(using generator: inout some RandomNumberGenerator) {
        guard count > 1 else { return }
        var i = endIndex - 1
        while i > startIndex {
            let j = startIndex + generator.nextInt(below: i - startIndex + 1)
            if i != j { swapAt(i, j) }
            i -= 1
        }
    }
}
