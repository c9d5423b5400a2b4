/// Whether a study looks for the smallest or the largest objective value.
///
/// ```swift
/// StudyDirection.maximize.isBetter(0.9, than: 0.8)   // true
/// ```
public enum StudyDirection: String, Sendable, Hashable, Codable, CaseIterable {
    /// Smaller is better (losses, errors).
    case minimize
    /// Larger is better (accuracies, rewards).
    case maximize

    /// Whether `value` is strictly better than `other` in this direction.
    ///
    /// ```swift
    /// StudyDirection.minimize.isBetter(0.1, than: 0.2)   // true
    /// ```
    public func isBetter(_ value: Double, than other: Double) -> Bool {
        self == .minimize ? value < other : value > other
    }

    /// The best of `values` in this direction, or `nil` when empty.
    ///
    /// ```swift
    /// StudyDirection.maximize.best(of: [0.2, 0.9, 0.5])   // 0.9
    /// ```
    public func best(of values: some Sequence<Double>) -> Double? {
        self == .minimize ? values.min() : values.max()
    }
}
