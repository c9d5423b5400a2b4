import Foundation
import VernierTune

extension SQLiteStorage {
    /// Creates a study; throws ``StorageError/studyAlreadyExists(name:)``.
    public func createStudy(name: String, direction: StudyDirection) throws -> StudyRecord {
        try write { context in
            let connection = context.connection
            if try !connection.query("SELECT study_id FROM studies WHERE name = ?", [.text(name)]).isEmpty {
                throw StorageError.studyAlreadyExists(name: name)
            }
            try connection.query(
                "INSERT INTO studies (name, direction, created) VALUES (?, ?, ?)",
                [.text(name), .text(direction.rawValue), .real(Date().timeIntervalSince1970)])
            return StudyRecord(id: connection.lastInsertRowID, name: name, direction: direction)
        }
    }

    /// The study with this name, or `nil`.
    public func study(named name: String) throws -> StudyRecord? {
        try read { context in
            try context.connection.query(
                "SELECT study_id, name, direction FROM studies WHERE name = ?", [.text(name)]
            ).first.map(Self.record)
        }
    }

    /// Every study in creation order.
    public func allStudies() throws -> [StudyRecord] {
        try read { context in
            try context.connection.query("SELECT study_id, name, direction FROM studies ORDER BY study_id").map(
                Self.record)
        }
    }

    static func record(_ row: [SQLiteValue]) -> StudyRecord {
        StudyRecord(
            id: row[0].int64!, name: row[1].string!, direction: StudyDirection(rawValue: row[2].string!) ?? .minimize)
    }

    /// Deletes a study and (by cascade) its trials.
    public func deleteStudy(id: Int64) throws {
        try write { context in
            try requireStudy(context, id)
            try context.connection.query("DELETE FROM studies WHERE study_id = ?", [.integer(id)])
        }
    }

    /// Sets one study attribute.
    public func setStudyAttribute(studyID: Int64, key: String, value: AttributeValue, kind: AttributeKind) throws {
        try write { context in
            try requireStudy(context, studyID)
            try context.connection.query(
                "INSERT OR REPLACE INTO study_attributes (study_id, kind, key, value_json) VALUES (?, ?, ?, ?)",
                [.integer(studyID), .text(kind.rawValue), .text(key), .text(try context.json(value))])
        }
    }

    /// The study's attributes of one kind.
    public func studyAttributes(studyID: Int64, kind: AttributeKind) throws -> [String: AttributeValue] {
        try read { context in
            try requireStudy(context, studyID)
            var result: [String: AttributeValue] = [:]
            for row in try context.connection.query(
                "SELECT key, value_json FROM study_attributes WHERE study_id = ? AND kind = ?",
                [.integer(studyID), .text(kind.rawValue)])
            {
                result[row[0].string!] = try context.attribute(row[1].string!)
            }
            return result
        }
    }

    /// The distribution of every parameter name of the study.
    public func studyDistributions(studyID: Int64) throws -> [String: Distribution] {
        try read { context in
            try requireStudy(context, studyID)
            var result: [String: Distribution] = [:]
            for row in try context.connection.query(
                "SELECT name, distribution_json FROM study_distributions WHERE study_id = ?", [.integer(studyID)])
            {
                result[row[0].string!] = try context.distribution(row[1].string!)
            }
            return result
        }
    }

    func requireStudy(_ context: Context, _ id: Int64) throws {
        if try context.connection.query("SELECT 1 FROM studies WHERE study_id = ?", [.integer(id)]).isEmpty {
            throw StorageError.studyIDNotFound(id: id)
        }
    }
}
