/// A trial to enqueue: fixed parameter values (external form) plus system attributes for the sampler.
///
/// Enqueued trials wait in storage until a worker claims them; when the objective suggests a parameter that the
/// template fixes, it receives the fixed value instead of a sampled one.
///
/// ```swift
/// try study.enqueue(TrialTemplate(parameters: ["lr": 0.01, "optimizer": "adam"]))
/// ```
public struct TrialTemplate: Sendable, Hashable, Codable {
    /// Fixed values by parameter name.
    public var parameters: [String: ParameterValue]
    /// System attributes stored on the waiting trial (e.g. which grid point it is).
    public var systemAttributes: [String: AttributeValue]

    /// Creates a template.
    ///
    /// ```swift
    /// let baseline = TrialTemplate(parameters: ["width": 32], systemAttributes: ["role": "baseline"])
    /// ```
    public init(parameters: [String: ParameterValue], systemAttributes: [String: AttributeValue] = [:]) {
        self.parameters = parameters
        self.systemAttributes = systemAttributes
    }

    /// The system attribute under which a waiting trial keeps its fixed parameters.
    public static let fixedParametersKey = "fixed_parameters"
}
