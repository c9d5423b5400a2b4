import Foundation
import Yams

extension Experiment {
    /// Reads settings from a YAML file: a mapping of keys to scalars (lists become comma-separated, so
    /// `layers: [2, 32, 32, 1]` works), optionally under a top-level `parameters:` key, and validates them like
    /// ``configuration(_:location:)`` with errors that name the file and line.
    ///
    /// ```yaml
    /// # spirals.yaml
    /// layers: [2, 32, 32, 1]
    /// activation: tanh
    /// lr: 0.01
    /// ```
    /// ```swift
    /// let configuration = try experiment.configuration(yamlFile: "spirals.yaml", overrides: ["epochs": "5"])
    /// ```
    public func configuration(
        yamlFile path: String, overrides: [String: String] = [:]
    ) throws(ConfigError)
        -> ExperimentConfiguration
    {
        let text: String
        do {
            text = try YAMLInput.text(ofFile: path)
        } catch {
            throw ConfigError.malformed(location: path, reason: error.message)
        }
        let root: Node?
        do {
            root = try YAMLInput.compose(text)
        } catch let error as YAMLInputError {
            throw ConfigError.malformed(location: path, reason: error.message)
        } catch {
            throw ConfigError.malformed(location: path, reason: "not valid YAML: \(error)")
        }
        guard var mapping = root?.mapping else {
            throw ConfigError.malformed(location: path, reason: "expected a mapping of key: value")
        }
        if let nested = mapping["parameters"]?.mapping { mapping = nested }
        var values: [String: String] = [:]
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string else { continue }
            let line = (keyNode.mark?.line).map { "\(path):\($0)" } ?? path
            if key == "experiment" { continue }
            let value: String
            if let scalar = valueNode.scalar {
                value = scalar.string
            } else if let sequence = valueNode.sequence {
                value = sequence.compactMap { $0.scalar?.string }.joined(separator: ",")
            } else {
                throw ConfigError.malformed(location: line, reason: "'\(key)' must be a scalar or a list")
            }
            // Validate each key with its own line number.
            _ = try configuration([key: value], location: line)
            values[key] = value
        }
        for (key, value) in overrides { values[key] = value }
        return try configuration(values, location: nil)
    }
}
