import VernierLimits

/// One named parameter of a declarative search space.
///
/// ```swift
/// let rate = ParameterSpec(name: "lr", distribution: .float(try FloatDistribution(low: 1e-4, high: 1, log: true)))
/// ```
public struct ParameterSpec: Sendable, Hashable, Codable {
    /// The parameter's name.
    public var name: String
    /// Its distribution.
    public var distribution: Distribution

    /// Creates a spec.
    ///
    /// ```swift
    /// let layers = ParameterSpec(name: "layers", distribution: .int(try IntDistribution(low: 1, high: 4)))
    /// ```
    public init(name: String, distribution: Distribution) {
        self.name = name
        self.distribution = distribution
    }

    private enum CodingKeys: String, CodingKey { case name }

    /// Decodes `{"name": ..., "type": ..., ...}` (the distribution's fields sit beside the name).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        distribution = try Distribution(from: decoder)
    }

    /// Encodes `{"name": ..., "type": ..., ...}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try distribution.encode(to: encoder)
    }
}

/// A declarative search space: an ordered list of named distributions. Study files decode into it; grid and
/// sensitivity studies are built from it; ``suggest(in:)`` turns it into define-by-run suggestions.
///
/// ```swift
/// let space = try SearchSpace([
///     ParameterSpec(name: "lr", distribution: .float(try FloatDistribution(low: 1e-3, high: 1, log: true))),
///     ParameterSpec(name: "optimizer", distribution: .categorical(try CategoricalDistribution(choices: ["sgd", "adam"]))),
/// ])
/// try study.optimize(trials: 20) { trial in
///     let parameters = try space.suggest(in: trial)
///     return parameters["lr"]!.doubleValue!
/// }
/// ```
public struct SearchSpace: Sendable, Hashable, Codable {
    /// The parameters in declaration order.
    public private(set) var parameters: [ParameterSpec]

    /// The space without parameters.
    public static let empty = SearchSpace(unchecked: [])

    private init(unchecked parameters: [ParameterSpec]) {
        self.parameters = parameters
    }

    /// Creates a space; throws ``SearchSpaceError/duplicateParameter(name:)`` if a name repeats.
    ///
    /// ```swift
    /// let empty = try SearchSpace([])
    /// ```
    public init(_ parameters: [ParameterSpec]) throws {
        var seen = Set<String>()
        for parameter in parameters where !seen.insert(parameter.name).inserted {
            throw SearchSpaceError.duplicateParameter(name: parameter.name)
        }
        self.parameters = parameters
    }

    /// Decodes a JSON array of parameter specs and checks names are unique.
    public init(from decoder: any Decoder) throws {
        try self.init(try [ParameterSpec](from: decoder))
    }

    /// Encodes the parameter specs as an array.
    public func encode(to encoder: any Encoder) throws {
        try parameters.encode(to: encoder)
    }

    /// The parameter names in order.
    public var names: [String] { parameters.map(\.name) }

    /// The distribution of a parameter, by name.
    ///
    /// ```swift
    /// space["lr"]   // .float(...)
    /// ```
    public subscript(name: String) -> Distribution? {
        parameters.first { $0.name == name }?.distribution
    }

    /// Every parameter's distribution by name (what ``Study/ask(maxTrials:fixedDistributions:)`` takes to suggest
    /// the whole space at once).
    public var distributions: [String: Distribution] {
        Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0.distribution) })
    }

    /// Suggests every parameter of the space in `trial`, in order, and returns the values by name.
    ///
    /// ```swift
    /// let values = try space.suggest(in: trial)
    /// ```
    public func suggest(in trial: Trial) throws -> [String: ParameterValue] {
        var values: [String: ParameterValue] = [:]
        for parameter in parameters {
            values[parameter.name] = try trial.suggest(parameter.name, parameter.distribution)
        }
        return values
    }

    /// Every point of the Cartesian product of the parameters' values, the last parameter varying fastest.
    /// Continuous floats need explicit values: pass them in `values` (which also overrides any parameter's
    /// values); a continuous float without them throws ``SearchSpaceError/invalidStep(name:step:reason:)``.
    ///
    /// ```swift
    /// let points = try space.gridPoints(values: ["lr": [0.001, 0.01, 0.1]])
    /// ```
    public func gridPoints(values overrides: [String: [ParameterValue]] = [:]) throws -> [[String: ParameterValue]] {
        var axes: [(String, [ParameterValue])] = []
        var total = 1
        for parameter in parameters {
            let count = overrides[parameter.name]?.count ?? parameter.distribution.finiteValueCount ?? 1
            let (product, overflow) = total.multipliedReportingOverflow(by: count)
            guard !overflow, product <= InputLimits.maximumGridPoints else {
                throw SearchSpaceError.gridTooLarge(
                    name: parameter.name, points: overflow ? "more than \(Int.max)" : "\(product)",
                    limit: InputLimits.maximumGridPoints)
            }
            total = product
            if let values = overrides[parameter.name] {
                for value in values { _ = try parameter.distribution.internalValue(of: value, name: parameter.name) }
                axes.append((parameter.name, values))
            } else if let values = parameter.distribution.finiteValues {
                axes.append((parameter.name, values))
            } else {
                throw SearchSpaceError.invalidStep(
                    name: parameter.name, step: 0,
                    reason: "a grid needs a step or explicit values for a continuous float")
            }
        }
        var points: [[String: ParameterValue]] = [[:]]
        for (name, values) in axes {
            points = points.flatMap { point in
                values.map { value in
                    var next = point
                    next[name] = value
                    return next
                }
            }
        }
        return axes.isEmpty ? [] : points
    }
}
