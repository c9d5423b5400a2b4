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
        /// An optimizer name (VernierOptimizers' `OptimizerKind`).
        case optimizer
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
        case .number(let minimum): "a number ≥ \(minimum), e.g. \(example)"
        case .layerSizes: "comma-separated positive sizes (auto allowed first and last), e.g. \(example)"
        case .choice(let names): "one of \(names.joined(separator: ", "))"
        case .boolean: "true or false"
        case .text: "text"
        case .numberOrAuto(let minimum): "auto or a number ≥ \(minimum), e.g. \(example)"
        case .activation(let allowNone):
            "one of \(((allowNone ? ["none"] : []) + Activation.names).joined(separator: ", "))"
        case .outputActivation: "one of \((["auto", "none"] + Activation.names).joined(separator: ", "))"
        case .loss: "one of \(Loss.names.joined(separator: ", "))"
        case .optimizer: "one of \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", "))"
        }
    }

    /// The value normalized, or `nil` when it is not valid for this key.
    public func normalize(_ value: String) -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        switch kind {
        case .integer(let minimum):
            guard let number = Int(trimmed), number >= minimum else { return nil }
            return String(number)
        case .number(let minimum):
            guard let number = Double(trimmed), number.isFinite, number >= minimum else { return nil }
            return trimmed
        case .layerSizes:
            let parts = trimmed.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard parts.count >= 2 else { return nil }
            for (index, part) in parts.enumerated() {
                if part == "auto" && (index == 0 || index == parts.count - 1) { continue }
                guard let size = Int(part), size > 0 else { return nil }
            }
            return parts.joined(separator: ",")
        case .choice(let names):
            let lowered = trimmed.lowercased()
            return names.contains(lowered) ? lowered : nil
        case .boolean:
            switch trimmed.lowercased() {
            case "true", "yes", "1", "on": return "true"
            case "false", "no", "0", "off": return "false"
            default: return nil
            }
        case .text:
            return trimmed
        case .numberOrAuto(let minimum):
            if trimmed.lowercased() == "auto" { return "auto" }
            guard let number = Double(trimmed), number.isFinite, number >= minimum else { return nil }
            return trimmed
        case .activation(let allowNone):
            if allowNone && trimmed.lowercased() == "none" { return "none" }
            return (try? Activation(parsing: trimmed))?.description
        case .outputActivation:
            let lowered = trimmed.lowercased()
            if lowered == "auto" || lowered == "none" { return lowered }
            return (try? Activation(parsing: trimmed))?.description
        case .loss:
            return (try? Loss(parsing: trimmed))?.description
        case .optimizer:
            return (try? OptimizerKind(parsing: trimmed))?.rawValue
        }
    }
}
