/// Validation of shapes and arguments, returning a readable message instead of crashing.
///
/// Every public operation calls one of these and turns a message into a precondition failure; tests call
/// them directly to check the wording.
///
/// ```swift
/// ShapeCheck.matmul([2, 3], [4, 5])
/// // "matmul: inner dimensions differ: [2, 3] × [4, 5] (3 ≠ 4)"
/// ```
public enum ShapeCheck {
    /// `nil` when every dimension is non-negative.
    public static func validShape(_ shape: [Int]) -> String? {
        shape.contains { $0 < 0 } ? "shape \(shape) has a negative dimension" : nil
    }

    /// `nil` when `shape` holds exactly `count` elements.
    public static func elementCount(shape: [Int], count: Int) -> String? {
        if let message = validShape(shape) { return message }
        let expected = shape.reduce(1, *)
        return expected == count ? nil : "shape \(shape) needs \(expected) elements, got \(count)"
    }

    /// The broadcast shape of two shapes by NumPy rules, or a message naming the axis that disagrees.
    public static func broadcast(_ a: [Int], _ b: [Int]) -> Result<[Int], ShapeError> {
        let rank = Swift.max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if da == db || db == 1 {
                result[i] = da
            } else if da == 1 {
                result[i] = db
            } else {
                return .failure(
                    ShapeError("cannot broadcast shapes \(a) and \(b): axis \(i) has sizes \(da) and \(db)"))
            }
        }
        return .success(result)
    }

    /// `nil` when `a` and `b` can be multiplied as matrices (rank 2, or batched rank ≥ 3 with equal batches).
    public static func matmul(
        _ a: [Int], _ b: [Int], transposeA: Bool = false, transposeB: Bool = false
    )
        -> String?
    {
        guard a.count >= 2, b.count >= 2 else {
            return "matmul: both operands need rank ≥ 2, got \(a) and \(b)"
        }
        let inner = transposeA ? a[a.count - 2] : a[a.count - 1]
        let innerB = transposeB ? b[b.count - 1] : b[b.count - 2]
        if inner != innerB {
            return "matmul: inner dimensions differ: \(a) × \(b) (\(inner) ≠ \(innerB))"
        }
        if a.count != b.count || a.dropLast(2) != b.dropLast(2) {
            if !(a.count == 2 || b.count == 2) {
                return "matmul: batch dimensions differ: \(a) × \(b)"
            }
        }
        return nil
    }

    /// `nil` when `axis` is valid for `rank` (negative axes count from the end).
    public static func axis(_ axis: Int, rank: Int) -> String? {
        (axis >= -rank && axis < Swift.max(rank, 1)) ? nil : "axis \(axis) is out of range for rank \(rank)"
    }

    /// `nil` when a reshape from `shape` to `newShape` keeps the element count.
    public static func reshape(_ shape: [Int], to newShape: [Int]) -> String? {
        let count = shape.reduce(1, *)
        let minusOnes = newShape.filter { $0 == -1 }.count
        if minusOnes > 1 { return "reshape: at most one dimension may be -1, got \(newShape)" }
        let known = newShape.filter { $0 != -1 }.reduce(1, *)
        if newShape.contains(where: { $0 < -1 }) { return "reshape: negative dimension in \(newShape)" }
        if minusOnes == 1 {
            return (known > 0 && count % known == 0)
                ? nil : "reshape: cannot infer -1 in \(newShape) for \(count) elements of \(shape)"
        }
        return known == count ? nil : "reshape: \(shape) has \(count) elements, \(newShape) needs \(known)"
    }
    /// `nil` when a 2-D convolution of `input` `[N, C, H, W]` by `weight` `[O, C, KH, KW]` (and `bias` `[O]`) is
    /// valid with this stride and padding.
    ///
    /// ```swift
    /// ShapeCheck.conv2d(input: [8, 3, 32, 32], weight: [16, 1, 3, 3], bias: nil, stride: 1, padding: 1)
    /// // "conv2d: input has 3 channels but weight [16, 1, 3, 3] expects 1"
    /// ```
    public static func conv2d(input: [Int], weight: [Int], bias: [Int]?, stride: Int, padding: Int) -> String? {
        guard input.count == 4 else { return "conv2d: input must be [batch, channels, height, width], got \(input)" }
        guard weight.count == 4 else {
            return "conv2d: weight must be [outChannels, inChannels, kernelHeight, kernelWidth], got \(weight)"
        }
        guard stride >= 1 else { return "conv2d: stride must be ≥ 1, got \(stride)" }
        guard padding >= 0 else { return "conv2d: padding must be ≥ 0, got \(padding)" }
        if input[1] != weight[1] {
            return "conv2d: input has \(input[1]) channels but weight \(weight) expects \(weight[1])"
        }
        if let bias, bias != [weight[0]] {
            return "conv2d: bias must have shape [\(weight[0])], got \(bias)"
        }
        if input[2] + 2 * padding < weight[2] || input[3] + 2 * padding < weight[3] {
            return "conv2d: kernel \(weight[2])×\(weight[3]) is larger than the padded input "
                + "\(input[2] + 2 * padding)×\(input[3] + 2 * padding)"
        }
        return nil
    }

    /// `nil` when pooling `input` `[N, C, H, W]` with a square window of `kernelSize` moved by `stride` is valid.
    ///
    /// ```swift
    /// ShapeCheck.pool2d("maxPool2d", input: [1, 1, 1, 4], kernelSize: 2, stride: 2)
    /// // "maxPool2d: window 2×2 is larger than the input 1×4"
    /// ```
    public static func pool2d(_ name: String, input: [Int], kernelSize: Int, stride: Int) -> String? {
        guard input.count == 4 else { return "\(name): input must be [batch, channels, height, width], got \(input)" }
        guard kernelSize >= 1, stride >= 1 else {
            return "\(name): kernel size and stride must be ≥ 1, got \(kernelSize) and \(stride)"
        }
        if input[2] < kernelSize || input[3] < kernelSize {
            return "\(name): window \(kernelSize)×\(kernelSize) is larger than the input \(input[2])×\(input[3])"
        }
        return nil
    }

    /// `nil` when `linear(x, weight:, bias:)` is valid: `x` `[..., in]`, `weight` `[in, out]`, `bias` `[out]`.
    ///
    /// ```swift
    /// ShapeCheck.linear(input: [10, 2], weight: [3, 4], bias: nil)
    /// // "linear: input [10, 2] has 2 features but weight [3, 4] expects 3"
    /// ```
    public static func linear(input: [Int], weight: [Int], bias: [Int]?) -> String? {
        guard !input.isEmpty else { return "linear: input must have rank ≥ 1, got a scalar" }
        guard weight.count == 2 else { return "linear: weight must be [inFeatures, outFeatures], got \(weight)" }
        if input[input.count - 1] != weight[0] {
            return "linear: input \(input) has \(input[input.count - 1]) features but weight \(weight) expects "
                + "\(weight[0])"
        }
        if let bias, bias != [weight[1]] {
            return "linear: bias must have shape [\(weight[1])], got \(bias)"
        }
        return nil
    }
}

/// A shape mismatch, with a message that names the shapes and the axis.
public struct ShapeError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong, e.g. "cannot broadcast shapes [2, 3] and [4]: axis 1 has sizes 3 and 4".
    public let description: String

    /// Creates an error with the given message.
    public init(_ description: String) { self.description = description }
}

extension Result where Success == [Int], Failure == ShapeError {
    /// The success value, or a precondition failure with the error's message.
    @usableFromInline
    func orFail() -> [Int] {
        switch self {
        case .success(let shape): return shape
        case .failure(let error): preconditionFailure(error.description)
        }
    }
}

@inlinable
func normalizeAxis(_ axis: Int, rank: Int) -> Int {
    if let message = ShapeCheck.axis(axis, rank: rank) { preconditionFailure(message) }
    return axis < 0 ? axis + rank : axis
}
