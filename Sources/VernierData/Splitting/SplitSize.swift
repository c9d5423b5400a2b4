/// How large one side of a split is: a fraction of the data set or an exact number of samples.
///
/// ```swift
/// let splits = data.split(validation: .fraction(0.2), test: .count(100), seed: 1)
/// ```
public enum SplitSize: Sendable, Hashable {
    /// A fraction of the whole data set, in [0, 1), rounded to the nearest sample.
    case fraction(Double)
    /// An exact number of samples.
    case count(Int)

    /// The number of samples out of `total`.
    ///
    /// ```swift
    /// SplitSize.fraction(0.2).resolved(total: 150)   // 30
    /// ```
    public func resolved(total: Int) -> Int {
        switch self {
        case .fraction(let fraction):
            precondition(fraction >= 0 && fraction < 1, "SplitSize.fraction must be in [0, 1), got \(fraction)")
            return Int((fraction * Double(total)).rounded())
        case .count(let count):
            precondition(count >= 0 && count <= total, "SplitSize.count \(count) is not in 0...\(total)")
            return count
        }
    }
}
