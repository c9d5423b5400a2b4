extension Study {
    /// The study system attribute holding the objectives' names.
    public static let metricNamesKey = "metric_names"

    /// Names the study's objectives (one name per direction, e.g. `["val_accuracy", "parameters"]`), for reports,
    /// the dashboard and listings; stored with the study. Throws ``StudyError/valueCountMismatch(study:expected:got:)``
    /// for a list of the wrong length.
    ///
    /// ```swift
    /// try study.setMetricNames(["val_accuracy", "parameters"])
    /// ```
    public func setMetricNames(_ names: [String]) throws {
        guard names.count == directions.count else {
            throw StudyError.valueCountMismatch(study: name, expected: directions.count, got: names.count)
        }
        try storage.setStudyAttribute(
            studyID: id, key: Self.metricNamesKey, value: .array(names.map { .string($0) }), kind: .system)
    }

    /// The objectives' names set with ``setMetricNames(_:)``, or `nil` when none (or a list of another length)
    /// was stored.
    ///
    /// ```swift
    /// try study.metricNames() ?? ["objective 0", "objective 1"]
    /// ```
    public func metricNames() throws -> [String]? {
        guard
            case .array(let entries) = try storage.studyAttributes(studyID: id, kind: .system)[Self.metricNamesKey]
        else { return nil }
        let names = entries.compactMap(\.stringValue)
        return names.count == directions.count ? names : nil
    }
}
