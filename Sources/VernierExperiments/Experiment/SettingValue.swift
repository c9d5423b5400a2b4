import VernierNN
import VernierOptimizers
import VernierTune

/// The typed value of one experiment setting, one case per shape an ``ExperimentKey/Kind`` takes.
///
/// Text (`--set lr=0.1`, a study file's `set:`, a stored spec) becomes a value once, through the key
/// (``ExperimentKey/value(parsing:)``); a tuning trial's ``ParameterValue`` becomes one without text
/// (``init(_:)``). ``ExperimentKey/validated(_:)`` is the one check of a value against its key (bounds,
/// choices). ``description`` is the canonical text a value is shown and stored as; parsing it gives the value
/// back.
///
/// ```swift
/// SettingValue(ParameterValue.double(0.01))   // .number(0.01)
/// SettingValue.layerSizes([.auto, .size(32), .auto]).description   // "auto,32,auto"
/// ```
public enum SettingValue: Sendable, Hashable, Encodable, CustomStringConvertible {
    /// A whole number (`integer` keys).
    case integer(Int)
    /// A finite number (`number` keys, and `numberOrAuto` keys when not `auto`).
    case number(Double)
    /// `true` or `false`.
    case boolean(Bool)
    /// One of a `choice` key's names, or a categorical parameter's text before its key types it.
    case choice(String)
    /// Free text (a path, a column name).
    case text(String)
    /// Layer sizes; ``LayerSize/auto`` first and last take the data's input and output sizes.
    case layerSizes([LayerSize])
    /// `auto`: the optimizer's default momentum, or the output activation the loss expects.
    case auto
    /// No activation (`activation` keys that allow it, `output`).
    case none
    /// An activation (`activation` and `output` keys).
    case activation(Activation)
    /// A loss.
    case loss(Loss)
    /// An optimizer.
    case optimizer(OptimizerSettings.Name)

    /// One entry of a `layers` setting.
    public enum LayerSize: Sendable, Hashable, CustomStringConvertible {
        /// The data's input size (first) or output size (last).
        case auto
        /// A fixed width.
        case size(Int)

        /// `auto` or the width.
        public var description: String {
            switch self {
            case .auto: "auto"
            case .size(let size): String(size)
            }
        }
    }

    /// The value of a tuning trial's parameter, without text: an integer stays an integer, a float a number, a
    /// Boolean a Boolean, and a categorical string a ``choice(_:)`` that its key types (an activation, a loss,
    /// layer sizes, …) in ``ExperimentKey/validated(_:)``.
    ///
    /// ```swift
    /// SettingValue(.int(32))        // .integer(32)
    /// SettingValue(.string("tanh")) // .choice("tanh"), typed as .activation(.tanh) by the `activation` key
    /// ```
    public init(_ parameter: ParameterValue) {
        switch parameter {
        case .int(let value): self = .integer(value)
        case .double(let value): self = .number(value)
        case .bool(let value): self = .boolean(value)
        case .string(let value): self = .choice(value)
        }
    }

    /// The canonical text: what `vernier train` shows, what a stored spec holds, and what parsing by the value's key
    /// gives back (−0 reads back as 0, which compares equal).
    public var description: String {
        switch self {
        case .integer(let value): String(value)
        case .number(let value):
            // Whole numbers without ".0" (as written); others in Swift's shortest form that reads back exactly.
            value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
        case .boolean(let value): value ? "true" : "false"
        case .choice(let value), .text(let value): value
        case .layerSizes(let sizes): sizes.map(\.description).joined(separator: ",")
        case .auto: "auto"
        case .none: "none"
        case .activation(let activation): activation.description
        case .loss(let loss): loss.description
        case .optimizer(let kind): kind.rawValue
        }
    }

    /// The value as a number when it is one (an integer counts), else `nil`.
    public var number: Double? {
        switch self {
        case .number(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }

    /// Encodes the canonical text (stored specs keep their settings readable, as text).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
