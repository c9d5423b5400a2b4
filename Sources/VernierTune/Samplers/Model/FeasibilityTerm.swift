/// A log-probability term of a Gaussian-process acquisition over the unit-cube encoding of a search space: the
/// constraints' ``FeasibilityModel``, or ``PendingFeasibility`` while running trials wait for their constraints.
protocol FeasibilityTerm {
    /// The term at one point.
    func logProbability(at point: [Double]) -> Double
    /// The term at many points (row-major, m × dimension).
    func logProbabilities(_ points: [Double]) -> [Double]
    /// The term at one point and its gradient with respect to the point's coordinates (0 for categorical ones).
    func logProbabilityWithGradient(at point: [Double]) -> (value: Double, gradient: [Double])
}

extension FeasibilityModel: FeasibilityTerm {}
