/// The outcome of ``checkGradient(of:at:step:relativeTolerance:absoluteTolerance:)-([Tensor],_,_,_,_)``: the worst
/// element and whether every element was within tolerance.
///
/// ```swift
/// let check = checkGradient(of: { sigmoid($0) }, at: Tensor([0.3, -2]))
/// print(check)   // "gradient check passed: 2 elements, worst input 0 element 1 ..."
/// ```
public struct GradientCheckResult: Sendable, CustomStringConvertible {
    /// Whether every element satisfied `|analytic − numeric| ≤ absolute + relative · |numeric|`.
    public private(set) var passed = true
    /// The number of elements compared.
    public private(set) var elementCount = 0
    /// The largest `|analytic − numeric|` over all elements.
    public private(set) var maximumAbsoluteError = 0.0
    /// The largest error relative to the allowed error (`≤ 1` means within tolerance).
    public private(set) var maximumScaledError = 0.0
    /// Which input holds the worst element (by scaled error).
    public private(set) var worstInput = 0
    /// The row-major index of the worst element inside its input.
    public private(set) var worstElement = 0
    /// The tape gradient at the worst element.
    public private(set) var worstAnalytic = 0.0
    /// The finite-difference gradient at the worst element.
    public private(set) var worstNumeric = 0.0

    /// An empty result (no elements compared yet).
    public init() {}

    mutating func record(
        input: Int, element: Int, analytic: Double, numeric: Double, relativeTolerance: Double,
        absoluteTolerance: Double
    ) {
        elementCount += 1
        let error = Swift.abs(analytic - numeric)
        let allowed = absoluteTolerance + relativeTolerance * Swift.abs(numeric)
        let scaled = error.isNaN ? Double.infinity : error / allowed
        if !(error <= allowed) { passed = false }
        maximumAbsoluteError = Swift.max(maximumAbsoluteError, error.isNaN ? .infinity : error)
        if scaled > maximumScaledError || elementCount == 1 {
            maximumScaledError = scaled
            worstInput = input
            worstElement = element
            worstAnalytic = analytic
            worstNumeric = numeric
        }
    }

    /// One line: passed or failed, the element count and the worst element with both gradients.
    public var description: String {
        "gradient check \(passed ? "passed" : "FAILED"): \(elementCount) elements, worst input \(worstInput) "
            + "element \(worstElement): analytic \(worstAnalytic), numeric \(worstNumeric), "
            + "max abs error \(maximumAbsoluteError), scaled error \(maximumScaledError)"
    }
}
