import Foundation
import VernierNN
import VernierOptimizers

/// The complete, validated settings of one experiment run: every key of the experiment with its typed value (the
/// default unless overridden). Built by ``Experiment/configuration(_:location:)`` (text) or
/// ``Experiment/configuration(settings:location:)`` (typed values, e.g. a tuning trial's parameters), which
/// reject unknown keys and invalid values before anything runs.
///
/// The by-name accessors are for the one place that turns a configuration into what runs: a supervised
/// experiment's ``SupervisedExperiment/recipe(_:seed:)`` and its data recipe (and the lab's experiments).
/// Everything after reads the ``VernierTraining/TrainingRecipe``.
///
/// ```swift
/// let configuration = try SpiralsExperiment().configuration(["lr": "0.1", "epochs": "20"])
/// configuration.double("lr")       // 0.1
/// configuration.integer("epochs")  // 20
/// ```
public struct ExperimentConfiguration: Sendable, Hashable {
    /// Every key's typed value.
    public private(set) var values: [String: SettingValue]

    /// Wraps already validated values (see ``validated(keys:settings:location:)``).
    public init(values: [String: SettingValue]) {
        self.values = values
    }

    /// Every key of `keys` at its default with `settings` over it, each checked by its key
    /// (``ExperimentKey/validated(_:)``); `location` ("--set", "config.yaml:3", "parameters") prefixes the
    /// messages. The one builder of a configuration from typed values.
    ///
    /// ```swift
    /// let configuration = try ExperimentConfiguration.validated(keys: keys, settings: ["lr": .number(0.1)])
    /// ```
    public static func validated(
        keys: [ExperimentKey], settings: [String: SettingValue], location: String? = nil
    ) throws(ConfigError) -> ExperimentConfiguration {
        var values: [String: SettingValue] = [:]
        for key in keys { values[key.name] = key.defaultSetting ?? .text(key.defaultValue) }
        for name in settings.keys.sorted() {
            let value = settings[name]!
            guard let key = keys.first(where: { $0.name == name }) else {
                throw ConfigError.unknownKey(name, valid: keys.map(\.name), location: location)
            }
            guard let checked = key.validated(value) else {
                throw ConfigError.invalidValue(
                    key: name, value: value.description, expected: key.expectation, location: location)
            }
            values[name] = checked
        }
        return ExperimentConfiguration(values: values)
    }

    /// `overrides` read as text by their keys (``ExperimentKey/value(parsing:)``), then as
    /// ``validated(keys:settings:location:)``: the edge where `--set`, YAML and lab settings become typed.
    ///
    /// ```swift
    /// let configuration = try ExperimentConfiguration.parsing(keys: keys, ["epochs": "20"], location: "--set")
    /// ```
    public static func parsing(
        keys: [ExperimentKey], _ overrides: [String: String], location: String? = nil
    ) throws(ConfigError) -> ExperimentConfiguration {
        var settings: [String: SettingValue] = [:]
        for name in overrides.keys.sorted() {
            let text = overrides[name]!
            guard let key = keys.first(where: { $0.name == name }) else {
                throw ConfigError.unknownKey(name, valid: keys.map(\.name), location: location)
            }
            guard let value = key.value(parsing: text) else {
                throw ConfigError.invalidValue(key: name, value: text, expected: key.expectation, location: location)
            }
            settings[name] = value
        }
        return try validated(keys: keys, settings: settings, location: location)
    }

    /// The typed value of `key`.
    public func value(_ key: String) -> SettingValue {
        guard let value = values[key] else { preconditionFailure("configuration: no key '\(key)'") }
        return value
    }

    /// The canonical text of `key` (empty when unset).
    public func string(_ key: String) -> String { values[key]?.description ?? "" }

    /// The integer value of `key`.
    public func integer(_ key: String) -> Int {
        guard case .integer(let value) = values[key] else {
            preconditionFailure("configuration: '\(key)' is not an integer")
        }
        return value
    }

    /// The numeric value of `key`.
    public func double(_ key: String) -> Double {
        guard let value = values[key]?.number else { preconditionFailure("configuration: '\(key)' is not a number") }
        return value
    }

    /// The numeric value of `key`, or `nil` when it is `auto`.
    public func optionalDouble(_ key: String) -> Double? { values[key]?.number }

    /// The boolean value of `key`.
    public func bool(_ key: String) -> Bool { values[key] == .boolean(true) }

    /// The layer sizes of `key`, with `auto` entries replaced by `input` / `output`.
    public func layerSizes(_ key: String, input: Int, output: Int) -> [Int] {
        guard case .layerSizes(let sizes) = values[key] else {
            preconditionFailure("configuration: '\(key)' is not a list of layer sizes")
        }
        return sizes.enumerated().map { index, size in
            switch size {
            case .auto: index == 0 ? input : output
            case .size(let width): width
            }
        }
    }

    /// The activation of `key` (an `activation` key).
    public func activation(_ key: String) -> Activation {
        guard case .activation(let activation) = values[key] else {
            preconditionFailure("configuration: '\(key)' is not an activation")
        }
        return activation
    }

    /// The loss of `key` (a `loss` key).
    public func loss(_ key: String) -> Loss {
        guard case .loss(let loss) = values[key] else { preconditionFailure("configuration: '\(key)' is not a loss") }
        return loss
    }

    /// The optimizer of `key` (an `optimizer` key).
    public func optimizer(_ key: String) -> OptimizerSettings.Name {
        guard case .optimizer(let kind) = values[key] else {
            preconditionFailure("configuration: '\(key)' is not an optimizer")
        }
        return kind
    }

    /// Splits `--set key=value` arguments (at the first `=`) into a dictionary; a later setting of the same key
    /// wins. Throws ``ConfigError/malformed(location:reason:)`` for an argument without a key.
    ///
    /// ```swift
    /// try ExperimentConfiguration.settings(from: ["lr=0.1", "layers=2,8,1"])   // ["lr": "0.1", "layers": "2,8,1"]
    /// ```
    public static func settings(from arguments: [String]) throws -> [String: String] {
        var settings: [String: String] = [:]
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
                throw ConfigError.malformed(location: "--set \(argument)", reason: "expected key=value")
            }
            settings[String(argument[..<equals])] = String(argument[argument.index(after: equals)...])
        }
        return settings
    }
}
