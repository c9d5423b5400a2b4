import Foundation
import VernierTune

extension StudySpec {
    /// The spec stored with the study `name` in `storage`: `nil` when the study does not exist or was created
    /// without one; throws ``StudySpecError/unreadable(study:reason:)`` for a spec this build cannot read.
    ///
    /// ```swift
    /// let spec = try StudySpec.stored(study: "ext", in: storage)
    /// ```
    public static func stored(study name: String, in storage: any Storage) throws -> StudySpec? {
        guard let record = try storage.study(named: name),
            let text = try storage.studyAttributes(studyID: record.id, kind: .system)[attributeKey]?.stringValue
        else { return nil }
        return try StudySpec(json: text, study: name)
    }

    /// The spec stored with the study `name`: `nil` when the study does not exist yet or was created without
    /// one. Throws ``StudySpecError/mismatch(study:differences:)`` when it describes another recipe than this
    /// one; writes nothing.
    ///
    /// ```swift
    /// try spec.checkStored(study: "branin-random", in: storage)   // before anything is written
    /// ```
    @discardableResult
    public func checkStored(study name: String, in storage: any Storage) throws -> StudySpec? {
        guard let stored = try StudySpec.stored(study: name, in: storage) else { return nil }
        let differences = stored.differences(from: self)
        guard differences.isEmpty else { throw StudySpecError.mismatch(study: name, differences: differences) }
        return stored
    }

    /// Stores this spec with the study `studyID` (after ``checkStored(study:in:)``), so that workers and later
    /// runs read it; a later run's budget replaces the stored one.
    ///
    /// ```swift
    /// try spec.store(studyID: study.id, in: storage)
    /// ```
    public func store(studyID: Int64, in storage: any Storage) throws {
        try storage.setStudyAttribute(
            studyID: studyID, key: StudySpec.attributeKey, value: .string(try json()), kind: .system)
    }
}
