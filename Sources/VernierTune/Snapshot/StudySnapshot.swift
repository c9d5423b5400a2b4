import Foundation

/// A study and all its trials, as `vernier studies export` writes it (JSON with ``jsonData()``, CSV with
/// ``csv()``) and as the reports and the dashboard read it.
///
/// ```swift
/// let snapshot = try StudySnapshot(study: study)
/// try snapshot.jsonData().write(to: URL(fileURLWithPath: "study.json"))
/// try snapshot.csv().write(toFile: "trials.csv", atomically: true, encoding: .utf8)
/// ```
public struct StudySnapshot: Sendable, Hashable, Codable {
    /// The study's name.
    public var name: String
    /// `minimize` or `maximize` (the first objective's).
    public var direction: StudyDirection
    /// Every objective's direction, when the study has several (`nil` for one: see ``direction``).
    public var directions: [StudyDirection]?
    /// The storage URL it was read from.
    public var storage: String?
    /// The study's user attributes.
    public var userAttributes: [String: AttributeValue]
    /// The study's system attributes (its stored recipe, the test score, sampler state).
    public var systemAttributes: [String: AttributeValue]
    /// The test-set score of the chosen configuration, measured once after selection.
    public var testValue: Double?
    /// The trial whose configuration was tested.
    public var testTrial: Int?
    /// Every trial, by number.
    public var trials: [TrialSnapshot]

    /// Creates a snapshot from its parts.
    public init(
        name: String, direction: StudyDirection, storage: String? = nil, userAttributes: [String: AttributeValue] = [:],
        systemAttributes: [String: AttributeValue] = [:], testValue: Double? = nil, testTrial: Int? = nil,
        trials: [TrialSnapshot]
    ) {
        self.name = name
        self.direction = direction
        self.storage = storage
        self.userAttributes = userAttributes
        self.systemAttributes = systemAttributes
        self.testValue = testValue
        self.testTrial = testTrial
        self.trials = trials.sorted { $0.number < $1.number }
    }

    /// Reads a stored study.
    ///
    /// ```swift
    /// let snapshot = try StudySnapshot(study: try Study.load(name: "demo", storage: storage))
    /// ```
    public init(study: Study) throws {
        let test = try study.testValue()
        self.init(
            name: study.name, direction: study.direction, storage: study.storage.url,
            userAttributes: try study.storage.studyAttributes(studyID: study.id, kind: .user),
            systemAttributes: try study.storage.studyAttributes(studyID: study.id, kind: .system),
            testValue: test?.value, testTrial: test?.trialNumber, trials: try study.trials().map(TrialSnapshot.init))
        if study.isMultiObjective { directions = study.directions }
    }

    enum CodingKeys: String, CodingKey {
        case name, direction, directions, storage, trials
        case userAttributes = "user_attributes"
        case systemAttributes = "system_attributes"
        case testValue = "test_value"
        case testTrial = "test_trial"
    }

    /// Writes every key (absent values as `null`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(direction, forKey: .direction)
        try container.encodeIfPresent(directions, forKey: .directions)
        try container.encode(storage, forKey: .storage)
        try container.encode(userAttributes, forKey: .userAttributes)
        try container.encode(systemAttributes, forKey: .systemAttributes)
        try container.encode(testValue, forKey: .testValue)
        try container.encode(testTrial, forKey: .testTrial)
        try container.encode(trials, forKey: .trials)
    }

    /// The encoder every snapshot JSON is written with: sorted keys, unescaped slashes, and NaN and infinities
    /// as the strings `nan`, `inf`, `-inf` (JSON has no such numbers); ``jsonDecoder()`` reads them back.
    public static func jsonEncoder(pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// The decoder matching ``jsonEncoder(pretty:)``.
    public static func jsonDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    /// Pretty-printed JSON.
    public func jsonData() throws -> Data { try Self.jsonEncoder().encode(self) }
}
