/// The values one hyperparameter takes in a one-at-a-time sensitivity study.
///
/// ```swift
/// let sweep = ParameterVariation(name: "batch_size", values: [8, 16, 32, 64, 128])
/// ```
public struct ParameterVariation: Sendable, Hashable, Codable {
    /// The parameter's name.
    public var name: String
    /// The values to try (the baseline value may be among them; it is not evaluated twice).
    public var values: [ParameterValue]

    /// Creates a variation.
    ///
    /// ```swift
    /// let rates = ParameterVariation(name: "lr", values: [0.001, 0.01, 0.1])
    /// ```
    public init(name: String, values: [ParameterValue]) {
        self.name = name
        self.values = values
    }
}

/// One-at-a-time (OAT) sensitivity analysis: a baseline configuration, evaluated once, plus every listed value of
/// each hyperparameter with all the others held at the baseline.
///
/// The points are enqueued through storage like a grid (each exactly once, also across processes and restarts).
/// Each trial records which parameter it varies in the system attribute `oat_parameter` (`"baseline"` for the
/// baseline); ``ImpactTable`` turns the finished study into one table of impacts. A parameter outside the
/// baseline is drawn at random.
///
/// ```swift
/// let sampler = OneAtATimeSampler(
///     baseline: ["lr": 0.01, "batch_size": 32, "activation": "relu"],
///     variations: [
///         ParameterVariation(name: "lr", values: [0.001, 0.01, 0.1, 1]),
///         ParameterVariation(name: "batch_size", values: [8, 32, 128]),
///         ParameterVariation(name: "activation", values: ["relu", "tanh", "sigmoid"]),
///     ])
/// // 1 baseline + 3 + 2 + 2 = 8 trials
/// ```
public struct OneAtATimeSampler: RandomFallbackSampler {
    /// The reference configuration.
    public let baseline: [String: ParameterValue]
    /// The values of each varied parameter, in report order.
    public let variations: [ParameterVariation]
    /// Seed of the random draws for parameters outside the baseline.
    public let seed: UInt64

    /// The system attribute naming the varied parameter of a trial.
    public static let parameterKey = "oat_parameter"
    /// The value of ``parameterKey`` for the baseline trial.
    public static let baselineMarker = "baseline"

    /// Creates the sampler. Every varied parameter must have a baseline value.
    ///
    /// ```swift
    /// let sampler = OneAtATimeSampler(baseline: ["x": 1], variations: [ParameterVariation(name: "x", values: [0, 1, 2])])
    /// ```
    public init(baseline: [String: ParameterValue], variations: [ParameterVariation], seed: UInt64 = 0) {
        for variation in variations {
            precondition(
                baseline[variation.name] != nil,
                "OneAtATimeSampler: parameter '\(variation.name)' is varied but has no baseline value")
        }
        self.baseline = baseline
        self.variations = variations
        self.seed = seed
    }

    /// The baseline first, then each parameter's values that differ from the baseline.
    public func pointList(study: Study) throws -> [TrialTemplate]? {
        var templates = [
            TrialTemplate(parameters: baseline, systemAttributes: [Self.parameterKey: .string(Self.baselineMarker)])
        ]
        for variation in variations {
            for value in variation.values where !OneAtATimeSampler.same(value, baseline[variation.name]!) {
                var point = baseline
                point[variation.name] = value
                templates.append(
                    TrialTemplate(parameters: point, systemAttributes: [Self.parameterKey: .string(variation.name)]))
            }
        }
        return templates
    }

    /// `"one-at-a-time"`.
    public var pointListKey: String { "one-at-a-time" }

    static func same(_ a: ParameterValue, _ b: ParameterValue) -> Bool {
        if a == b { return true }
        if let x = a.doubleValue, let y = b.doubleValue { return x == y }
        return false
    }
}
