/// The final test-set score of the configuration a study chose. It is stored for reporting only and never used
/// to choose anything.
///
/// ```swift
/// let best = try study.bestTrial()
/// try study.setTestValue(0.947, trialNumber: best.number)
/// try study.testValue()   // TestScore(value: 0.947, trialNumber: 3)
/// ```
public struct TestScore: Sendable, Hashable, Codable {
    /// The test-set metric.
    public var value: Double
    /// The trial whose configuration was evaluated on the test set.
    public var trialNumber: Int

    /// Creates a score.
    ///
    /// ```swift
    /// let score = TestScore(value: 0.95, trialNumber: 7)
    /// ```
    public init(value: Double, trialNumber: Int) {
        self.value = value
        self.trialNumber = trialNumber
    }
}

extension Study {
    static let testValueKey = "test_value"

    /// Stores the test-set score of the configuration of trial `trialNumber` (replacing an earlier one).
    ///
    /// ```swift
    /// try study.setTestValue(0.93, trialNumber: try study.bestTrial().number)
    /// ```
    public func setTestValue(_ value: Double, trialNumber: Int) throws {
        _ = try trial(number: trialNumber)
        try storage.setStudyAttribute(
            studyID: id, key: Study.testValueKey,
            value: .object(["value": .double(value), "trial_number": .int(trialNumber)]), kind: .system)
    }

    /// The stored test-set score, if any.
    ///
    /// ```swift
    /// if let score = try study.testValue() { print(score.value) }
    /// ```
    public func testValue() throws -> TestScore? {
        guard let object = try storage.studyAttributes(studyID: id, kind: .system)[Study.testValueKey]?.objectValue,
            let value = object["value"]?.doubleValue, let number = object["trial_number"]?.intValue
        else { return nil }
        return TestScore(value: value, trialNumber: number)
    }
}
