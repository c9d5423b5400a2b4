import Foundation
import VernierTune

extension PostgresStorage {
    /// Creates a study; throws ``StorageError/studyAlreadyExists(name:)``.
    public func createStudy(name: String, direction: StudyDirection) throws -> StudyRecord {
        try write { context in
            guard
                let id = try context.connection.query(
                    "INSERT INTO studies (name, direction, created) VALUES ($1, $2, $3) "
                        + "ON CONFLICT (name) DO NOTHING RETURNING study_id",
                    [.text(name), .text(direction.rawValue), .real(Date().timeIntervalSince1970)]
                ).first?.int64(0)
            else { throw StorageError.studyAlreadyExists(name: name) }
            return StudyRecord(id: id, name: name, direction: direction)
        }
    }

    /// The study with this name, or `nil`.
    public func study(named name: String) throws -> StudyRecord? {
        try read { context in
            try context.connection.query(
                "SELECT study_id, name, direction FROM studies WHERE name = $1", [.text(name)]
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

    static func record(_ row: PostgresRow) -> StudyRecord {
        StudyRecord(
            id: row.int64(0)!, name: row.string(1)!, direction: StudyDirection(rawValue: row.string(2)!) ?? .minimize)
    }

    /// Deletes a study and (by cascade) its trials.
    public func deleteStudy(id: Int64) throws {
        try write { context in
            let deleted = try context.connection.query(
                "DELETE FROM studies WHERE study_id = $1 RETURNING study_id", [.integer(id)])
            if deleted.isEmpty { throw StorageError.studyIDNotFound(id: id) }
        }
    }

    /// Sets one study attribute.
    public func setStudyAttribute(studyID: Int64, key: String, value: AttributeValue, kind: AttributeKind) throws {
        try write { context in
            try requireStudy(context, studyID)
            try context.connection.query(
                "INSERT INTO study_attributes (study_id, kind, key, value_json) VALUES ($1, $2, $3, $4) "
                    + "ON CONFLICT (study_id, kind, key) DO UPDATE SET value_json = EXCLUDED.value_json",
                [.integer(studyID), .text(kind.rawValue), .text(key), .text(try context.json(value))])
        }
    }

    /// The study's attributes of one kind.
    public func studyAttributes(studyID: Int64, kind: AttributeKind) throws -> [String: AttributeValue] {
        try read { context in
            try requireStudy(context, studyID)
            var result: [String: AttributeValue] = [:]
            for row in try context.connection.query(
                "SELECT key, value_json FROM study_attributes WHERE study_id = $1 AND kind = $2",
                [.integer(studyID), .text(kind.rawValue)])
            {
                result[row.string(0)!] = try context.attribute(row.string(1)!)
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
                "SELECT name, distribution_json FROM study_distributions WHERE study_id = $1", [.integer(studyID)])
            {
                result[row.string(0)!] = try context.distribution(row.string(1)!)
            }
            return result
        }
    }

    /// Throws ``StorageError/studyIDNotFound(id:)`` unless the study exists.
    func requireStudy(_ context: Context, _ id: Int64) throws {
        if try context.connection.query("SELECT 1 FROM studies WHERE study_id = $1", [.integer(id)]).isEmpty {
            throw StorageError.studyIDNotFound(id: id)
        }
    }

    /// Locks the study row until the transaction ends, so that one worker at a time numbers trials and checks the
    /// budget (`FOR NO KEY UPDATE` still lets other workers insert rows that reference the study).
    func lockStudy(_ context: Context, _ id: Int64) throws {
        if try context.connection.query(
            "SELECT 1 FROM studies WHERE study_id = $1 FOR NO KEY UPDATE", [.integer(id)]
        ).isEmpty {
            throw StorageError.studyIDNotFound(id: id)
        }
    }
}
