/// The name of a trial attribute that Vernier writes and reads back, so that no reader spells it differently
/// from its writer. Any other string remains a valid attribute name.
///
/// ```swift
/// try trial.setUserAttribute(.valueSD, .double(0.02))
/// let sd = frozen.userAttributes[.valueSD]?.doubleValue
/// ```
public struct AttributeKey: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The name as stored.
    public var rawValue: String

    /// Creates a key from its stored name.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The stored name.
    public var description: String { rawValue }

    /// User attribute: the standard deviation of the values of a repeated trial (its value is their mean).
    public static let valueSD = AttributeKey(rawValue: "value_sd")
    /// User attribute: every value of a repeated trial, in repeat order.
    public static let repeatValues = AttributeKey(rawValue: "repeat_values")
    /// User attribute: the epochs a training trial ran (fewer than planned when it stopped early or was pruned).
    public static let epochs = AttributeKey(rawValue: "epochs")
    /// User attribute: the epochs a training trial was planned to run.
    public static let maxEpochs = AttributeKey(rawValue: "max_epochs")
    /// System attribute: the worker (process) that claimed the trial.
    public static let workerID = AttributeKey(rawValue: "worker_id")
}

extension Dictionary where Key == String, Value == AttributeValue {
    /// The attribute stored under `key`.
    public subscript(key: AttributeKey) -> AttributeValue? {
        get { self[key.rawValue] }
        set { self[key.rawValue] = newValue }
    }
}
