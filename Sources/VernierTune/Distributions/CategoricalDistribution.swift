/// A hyperparameter chosen from a list of values (strings, integers, doubles or Booleans).
///
/// The internal representation of a categorical parameter is the index of the choice, as a `Double`.
///
/// ```swift
/// let optimizer = try CategoricalDistribution(choices: ["sgd", "adam", "rmsprop"])
/// optimizer.index(of: "adam")   // 1
/// ```
public struct CategoricalDistribution: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The choices, in the order given.
    public var choices: [ParameterValue]

    /// Creates and validates a categorical distribution; throws ``SearchSpaceError/emptyChoices(name:)`` or
    /// ``SearchSpaceError/duplicateChoice(name:choice:)``. `name` only labels the error.
    ///
    /// ```swift
    /// let activation = try CategoricalDistribution(choices: ["relu", "tanh"])
    /// ```
    public init(choices: [ParameterValue], name: String = "") throws {
        guard !choices.isEmpty else { throw SearchSpaceError.emptyChoices(name: name) }
        var seen = Set<ParameterValue>()
        for choice in choices where !seen.insert(choice).inserted {
            throw SearchSpaceError.duplicateChoice(name: name, choice: choice)
        }
        self.choices = choices
    }

    /// The index of `value` among the choices (numbers compare by value: `.int(2)` matches `.double(2)`).
    ///
    /// ```swift
    /// try CategoricalDistribution(choices: [1, 2, 4]).index(of: .double(2))   // 1
    /// ```
    public func index(of value: ParameterValue) -> Int? {
        if let exact = choices.firstIndex(of: value) { return exact }
        guard let number = value.doubleValue else { return nil }
        return choices.firstIndex { $0.doubleValue == number }
    }

    /// `categorical[a, b, c]`.
    public var description: String {
        "categorical[\(choices.map(\.description).joined(separator: ", "))]"
    }
}
