import Foundation
import VernierNN
import VernierOptimizers

/// One setting of an experiment: its name, default, meaning and the kind of value it takes.
///
/// ```swift
/// let key = ExperimentKey("lr", default: "0.01", kind: .number(minimum: 0), help: "learning rate")
/// key.example   // "lr=0.01"
/// ```
public struct ExperimentKey: Sendable, Hashable {
    /// The kinds of values a key takes.
    public enum Kind: Sendable, Hashable {
        /// A whole number at least `minimum`.
        case integer(minimum: Int)
        /// A finite number at least `minimum`.
        case number(minimum: Double)
        /// Comma-separated layer sizes; `auto` is allowed first and last (input and output sizes from the data).
        case layerSizes
        /// One of the listed names.
        case choice([String])
        /// `true` or `false` (also yes/no, 1/0).
        case boolean
        /// Free text (a path, a column name); may be empty.
        case text
        /// A number at least `minimum`, or `auto` (the optimizer's own default).
        case numberOrAuto(minimum: Double)
        /// An activation name (VernierNN's `Activation`), or `none` when `allowNone`.
        case activation(allowNone: Bool)
        /// An output activation: `auto` (chosen from the loss, see ``OutputActivation``), `none` or an activation
        /// name.
        case outputActivation
        /// A loss name (VernierNN's `Loss`).
        case loss
        /// An optimizer name (VernierOptimizers' `OptimizerSettings.Name`).
        case optimizer

        /// Whether values are numbers or Booleans, so that a categorical parameter's text is read as one.
        var isScalar: Bool {
            switch self {
            case .integer, .number, .numberOrAuto, .boolean: true
            default: false
            }
        }
    }

    /// The name used in `--set name=value` and configuration files.
    public var name: String
    /// The value used when none is given (empty: none).
    public var defaultValue: String
    /// What values are accepted.
    public var kind: Kind
    /// One sentence explaining the key.
    public var help: String

    /// Creates a key.
    public init(_ name: String, default defaultValue: String, kind: Kind, help: String) {
        self.name = name
        self.defaultValue = defaultValue
        self.kind = kind
        self.help = help
    }

    /// An example `key=value` (the default, or a sample value when the default is empty).
    public var example: String {
        if !defaultValue.isEmpty { return "\(name)=\(defaultValue)" }
        switch kind {
        case .integer: return "\(name)=10"
        case .number: return "\(name)=0.5"
        case .layerSizes: return "\(name)=2,32,1"
        case .choice(let names): return "\(name)=\(names.first ?? "")"
        case .boolean: return "\(name)=true"
        case .text: return "\(name)=VALUE"
        case .numberOrAuto: return "\(name)=0.9"
        case .activation: return "\(name)=relu"
        case .outputActivation: return "\(name)=auto"
        case .loss: return "\(name)=mse"
        case .optimizer: return "\(name)=adam"
        }
    }

    /// What a valid value looks like, in words.
    public var expectation: String {
        switch kind {
        case .integer(let minimum): "a whole number ≥ \(minimum), e.g. \(example)"
        case .number(let minimum): "a number ≥ \(SettingValue.number(minimum)), e.g. \(example)"
        case .layerSizes: "comma-separated positive sizes (auto allowed first and last), e.g. \(example)"
        case .choice(let names): "one of \(names.joined(separator: ", "))"
        case .boolean: "true or false"
        case .text: "text"
        case .numberOrAuto(let minimum): "auto or a number ≥ \(SettingValue.number(minimum)), e.g. \(example)"
        case .activation(let allowNone):
            "one of \(((allowNone ? ["none"] : []) + Activation.names).joined(separator: ", "))"
        case .outputActivation: "one of \((["auto", "none"] + Activation.names).joined(separator: ", "))"
        case .loss: "one of \(Loss.names.joined(separator: ", "))"
        case .optimizer: "one of \(OptimizerSettings.Name.allCases.map(\.rawValue).joined(separator: ", "))"
        }
    }

    /// The key's default as a typed value (`nil` only for a default that is not valid, a programming error).
    public var defaultSetting: SettingValue? { value(parsing: defaultValue) }

    /// The canonical text of `text` as this key reads it, or `nil` when it is not valid for this key.
    public func normalize(_ text: String) -> String? { value(parsing: text)?.description }

    /// Reads `text` (from `--set`, a YAML file, a study file or a stored spec) into a typed value and checks it
    /// (``validated(_:)``); `nil` when it is not valid for this key. Names are case-insensitive, `_` may stand for
    /// `-`, and surrounding spaces are ignored.
    ///
    /// ```swift
    /// ExperimentKey("lr", default: "0.01", kind: .number(minimum: 0), help: "").value(parsing: " 0.5")   // .number(0.5)
    /// ```
    public func value(parsing text: String) -> SettingValue? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let lowered = trimmed.lowercased()
        let parsed: SettingValue
        switch kind {
        case .integer:
            guard let number = Int(trimmed) else { return nil }
            parsed = .integer(number)
        case .number:
            guard let number = Double(trimmed) else { return nil }
            parsed = .number(number)
        case .numberOrAuto:
            if lowered == "auto" { return .auto }
            guard let number = Double(trimmed) else { return nil }
            parsed = .number(number)
        case .boolean:
            switch lowered {
            case "true", "yes", "1", "on": parsed = .boolean(true)
            case "false", "no", "0", "off": parsed = .boolean(false)
            default: return nil
            }
        case .text:
            parsed = .text(trimmed)
        case .choice, .layerSizes, .activation, .outputActivation, .loss, .optimizer:
            parsed = .choice(trimmed)
        }
        return validated(parsed)
    }

    /// The one check of a typed value against this key: its kind (a categorical choice's text is typed here: an
    /// activation, loss or optimizer name, layer sizes; a whole number is an integer, an integer a number), the
    /// bounds and the choices. Returns the value as the key holds it, or `nil` when it is not valid.
    ///
    /// ```swift
    /// let epochs = ExperimentKey("epochs", default: "10", kind: .integer(minimum: 0), help: "")
    /// epochs.validated(.number(30))   // .integer(30)
    /// epochs.validated(.integer(-1))  // nil
    /// ```
    public func validated(_ value: SettingValue) -> SettingValue? {
        if case .choice(let text) = value, kind.isScalar { return self.value(parsing: text) }
        switch kind {
        case .integer(let minimum):
            let number: Int
            switch value {
            case .integer(let integer): number = integer
            case .number(let double) where double.rounded() == double && abs(double) < 1e15: number = Int(double)
            default: return nil
            }
            return number >= minimum ? .integer(number) : nil
        case .number(let minimum):
            guard let number = value.number, number.isFinite, number >= minimum else { return nil }
            return .number(number)
        case .numberOrAuto(let minimum):
            if value == .auto || value == .choice("auto") { return .auto }
            guard let number = value.number, number.isFinite, number >= minimum else { return nil }
            return .number(number)
        case .boolean:
            switch value {
            case .boolean: return value
            case .integer, .number:
                guard let number = value.number, number == 0 || number == 1 else { return nil }
                return .boolean(number == 1)
            default: return nil
            }
        case .text:
            return .text(value.description)
        case .choice(let names):
            guard case .choice(let name) = value, names.contains(name.lowercased()) else { return nil }
            return .choice(name.lowercased())
        case .layerSizes:
            switch value {
            case .layerSizes(let sizes): return Self.checked(sizes)
            case .choice(let text): return Self.layerSizes(text).flatMap(Self.checked)
            default: return nil
            }
        case .activation(let allowNone):
            switch value {
            case .activation: return value
            case .none: return allowNone ? .none : nil
            case .choice(let name):
                if allowNone && name.lowercased() == "none" { return SettingValue.none }
                return (try? Activation(parsing: name)).map(SettingValue.activation)
            default: return nil
            }
        case .outputActivation:
            switch value {
            case .auto, .none, .activation: return value
            case .choice(let name):
                if name.lowercased() == "auto" { return .auto }
                if name.lowercased() == "none" { return SettingValue.none }
                return (try? Activation(parsing: name)).map(SettingValue.activation)
            default: return nil
            }
        case .loss:
            switch value {
            case .loss: return value
            case .choice(let name): return (try? Loss(parsing: name)).map(SettingValue.loss)
            default: return nil
            }
        case .optimizer:
            switch value {
            case .optimizer: return value
            case .choice(let name): return (try? OptimizerSettings.Name(parsing: name)).map(SettingValue.optimizer)
            default: return nil
            }
        }
    }

    /// Comma-separated sizes (`auto` allowed), or `nil` when an entry is neither.
    static func layerSizes(_ text: String) -> [SettingValue.LayerSize]? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        var sizes: [SettingValue.LayerSize] = []
        for part in parts {
            if part == "auto" {
                sizes.append(.auto)
            } else {
                guard let size = Int(part) else { return nil }
                sizes.append(.size(size))
            }
        }
        return sizes
    }

    /// At least two sizes, every fixed one positive, `auto` only first or last.
    static func checked(_ sizes: [SettingValue.LayerSize]) -> SettingValue? {
        guard sizes.count >= 2 else { return nil }
        for (index, size) in sizes.enumerated() {
            switch size {
            case .auto: guard index == 0 || index == sizes.count - 1 else { return nil }
            case .size(let width): guard width > 0 else { return nil }
            }
        }
        return .layerSizes(sizes)
    }
}
