/// Sobol low-discrepancy points in the unit cube, with Joe–Kuo direction numbers and optional scrambling.
///
/// Points are generated in Gray-code order (Antonov and Saleev, 1979), so that each new point costs one XOR per
/// dimension. The direction numbers are those of Joe and Kuo, "Constructing Sobol sequences with better
/// two-dimensional projections" (SIAM J. Sci. Comput., 2008), for up to ``maximumDimension`` dimensions.
///
/// Unscrambled, the first point is the origin and the first 2^k points of every dimension are the
/// dyadic fractions `i / 2^k`. With a `scrambleSeed`, every dimension gets a random linear matrix scramble
/// (a lower-triangular binary matrix applied to the direction numbers, Matoušek 1998) followed by a random digital
/// shift; this keeps the net property, removes the origin, and makes the points an unbiased randomized QMC design.
/// The same seed always gives the same points.
///
/// ```swift
/// var sobol = SobolSequence(dimension: 3, scrambleSeed: 42)
/// let first = sobol.next()          // [Double] of length 3, each in [0, 1)
/// let batch = sobol.next(count: 255)
/// ```
public struct SobolSequence: Sendable {
    /// The largest dimension supported (the size of the direction-number table plus one).
    public static let maximumDimension = joeKuoDirectionNumbers.count + 1

    /// Bits of precision of each coordinate: points are multiples of 2^-52, exactly representable as `Double`.
    static let bitCount = 52

    /// The number of coordinates per point.
    public let dimension: Int

    /// How many points have been produced (or skipped) so far; the next point has this index.
    public private(set) var index: UInt64 = 0

    /// Direction numbers, `bitCount` per dimension, dimension-major.
    private var directions: [UInt64]
    /// The current point as integers (coordinate times 2^52).
    private var current: [UInt64]
    /// The digital shift of each dimension (zero when unscrambled).
    private let shift: [UInt64]

    /// Creates a sequence in `dimension` dimensions, scrambled when `scrambleSeed` is given.
    ///
    /// ```swift
    /// var plain = SobolSequence(dimension: 2)                    // starts at [0, 0]
    /// var scrambled = SobolSequence(dimension: 2, scrambleSeed: 7)
    /// ```
    public init(dimension: Int, scrambleSeed: UInt64? = nil) {
        precondition(
            dimension >= 1 && dimension <= SobolSequence.maximumDimension,
            "SobolSequence supports 1...\(SobolSequence.maximumDimension) dimensions, got \(dimension)")
        self.dimension = dimension
        let bits = SobolSequence.bitCount
        var directions = [UInt64](repeating: 0, count: dimension * bits)
        for bit in 0..<bits {
            directions[bit] = 1 << UInt64(bits - 1 - bit)
        }
        for dimensionIndex in 1..<max(dimension, 1) {
            let row = joeKuoDirectionNumbers[dimensionIndex - 1]
            let degree = row.degree
            var m = [UInt64](repeating: 0, count: bits)
            for j in 0..<min(degree, bits) {
                m[j] = UInt64(row.initialNumbers[j])
            }
            if degree < bits {
                for j in degree..<bits {
                    // m_j = 2 a_1 m_{j-1} ^ 4 a_2 m_{j-2} ^ ... ^ 2^s m_{j-s} ^ m_{j-s}
                    var value = m[j - degree] ^ (m[j - degree] << UInt64(degree))
                    for k in 1..<degree {
                        let coefficient = (UInt64(row.coefficients) >> UInt64(degree - 1 - k)) & 1
                        if coefficient == 1 {
                            value ^= m[j - k] << UInt64(k)
                        }
                    }
                    m[j] = value
                }
            }
            for j in 0..<bits {
                directions[dimensionIndex * bits + j] = m[j] << UInt64(bits - 1 - j)
            }
        }
        var shift = [UInt64](repeating: 0, count: dimension)
        if let scrambleSeed {
            var generator = SplitMixBits(seed: scrambleSeed)
            let mask: UInt64 = (1 << UInt64(bits)) - 1
            for dimensionIndex in 0..<dimension {
                // Row i of a random unit lower-triangular matrix, with bit position k stored at integer bit
                // (bits - 1 - k): bits k < i random, bit i set.
                var rows = [UInt64](repeating: 0, count: bits)
                for i in 0..<bits {
                    let diagonal: UInt64 = 1 << UInt64(bits - 1 - i)
                    let above: UInt64 = i == 0 ? 0 : ~((diagonal << 1) - 1) & mask
                    rows[i] = (generator.next() & above) | diagonal
                }
                for j in 0..<bits {
                    let v = directions[dimensionIndex * bits + j]
                    var scrambled: UInt64 = 0
                    for i in 0..<bits where (rows[i] & v).nonzeroBitCount & 1 == 1 {
                        scrambled |= 1 << UInt64(bits - 1 - i)
                    }
                    directions[dimensionIndex * bits + j] = scrambled
                }
                shift[dimensionIndex] = generator.next() & mask
            }
        }
        self.directions = directions
        self.shift = shift
        self.current = shift
    }

    /// Returns the next point (length ``dimension``, coordinates in [0, 1)).
    ///
    /// ```swift
    /// var sobol = SobolSequence(dimension: 2)
    /// _ = sobol.next()   // [0.0, 0.0]
    /// _ = sobol.next()   // [0.5, 0.5]
    /// ```
    public mutating func next() -> [Double] {
        var point = [Double](repeating: 0, count: dimension)
        next(into: &point)
        return point
    }

    /// Writes the next point into `point` (which must have ``dimension`` elements), without allocating.
    ///
    /// ```swift
    /// var buffer = [Double](repeating: 0, count: 4)
    /// sobol.next(into: &buffer)
    /// ```
    public mutating func next(into point: inout [Double]) {
        precondition(point.count == dimension, "SobolSequence.next(into:) needs \(dimension) elements")
        let scale = 0x1.0p-52
        for d in 0..<dimension {
            point[d] = Double(current[d]) * scale
        }
        advance()
    }

    /// Returns the next `count` points.
    ///
    /// ```swift
    /// let design = sobol.next(count: 64)
    /// ```
    public mutating func next(count: Int) -> [[Double]] {
        (0..<count).map { _ in next() }
    }

    /// Moves to point `index` directly (the next call to ``next()`` returns it), in O(52 × dimension).
    ///
    /// ```swift
    /// var sobol = SobolSequence(dimension: 5, scrambleSeed: 1)
    /// sobol.skip(to: 1024)
    /// ```
    public mutating func skip(to index: UInt64) {
        precondition(index < (1 << 52), "SobolSequence.skip(to:) index must be below 2^52")
        let gray = index ^ (index >> 1)
        let bits = SobolSequence.bitCount
        for d in 0..<dimension {
            var value = shift[d]
            for bit in 0..<bits where (gray >> UInt64(bit)) & 1 == 1 {
                value ^= directions[d * bits + bit]
            }
            current[d] = value
        }
        self.index = index
    }

    private mutating func advance() {
        // Gray-code update: flip the direction number of the lowest zero bit of the index.
        let bit = (~index).trailingZeroBitCount
        precondition(bit < SobolSequence.bitCount, "SobolSequence exhausted after 2^52 points")
        let bits = SobolSequence.bitCount
        for d in 0..<dimension {
            current[d] ^= directions[d * bits + bit]
        }
        index += 1
    }
}
