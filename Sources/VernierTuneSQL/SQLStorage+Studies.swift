import Foundation
import VernierTune

extension SQLStorage {
    /// Creates a study with its directions in one transaction; throws
    /// ``VernierTune/StorageError/studyAlreadyExists(name:)``.
    public func createStudy(name: String, directions: [StudyDirection]) throws -> StudyRecord {
        precondition(!directions.isEmpty, "SQLStorage.createStudy: a study has at least one direction")
        return try write { session in
            guard
                let id = try session.connection.insert(
                    session.statements.insertStudy,
                    [.text(name), .text(directions[0].rawValue), .real(Date().timeIntervalSince1970)])
            else { throw StorageError.studyAlreadyExists(name: name) }
            for (objective, direction) in directions.enumerated() {
                try session.query(
                    session.statements.insertDirection,
                    [.integer(id), .integer(Int64(objective)), .text(direction.rawValue)])
            }
            return StudyRecord(id: id, name: name, directions: directions)
        }
    }

    /// The study with this name, or `nil`.
    public func study(named name: String) throws -> StudyRecord? {
        try read { session in
            guard let row = try session.query(session.statements.studyByName, [.text(name)]).first else { return nil }
            let id = row.int64(0)!
            let directions = try session.query(session.statements.directionsOfStudy, [.integer(id)])
            return studyRecord(row, directions: directions.map(studyDirection))
        }
    }

    /// Every study in creation order.
    public func allStudies() throws -> [StudyRecord] {
        try read { session in
            var directions: [Int64: [StudyDirection]] = [:]
            for row in try session.query(session.statements.allDirections) {
                directions[row.int64(0)!, default: []].append(studyDirection(row))
            }
            return try session.query(session.statements.allStudies).map { row in
                studyRecord(row, directions: directions[row.int64(0)!] ?? [])
            }
        }
    }

    /// Deletes a study and (by cascade) its trials.
    public func deleteStudy(id: Int64) throws {
        try write { session in
            if try session.connection.change(session.statements.deleteStudy, [.integer(id)]) == 0 {
                throw StorageError.studyIDNotFound(id: id)
            }
        }
    }

    /// Sets one study attribute.
    public func setStudyAttribute(studyID: Int64, key: String, value: AttributeValue, kind: AttributeKind) throws {
        try write { session in
            try Self.requireStudy(session, studyID)
            try session.query(
                session.statements.upsertStudyAttribute,
                [.integer(studyID), .text(kind.rawValue), .text(key), .text(try session.json(value))])
        }
    }

    /// The study's attributes of one kind.
    public func studyAttributes(studyID: Int64, kind: AttributeKind) throws -> [String: AttributeValue] {
        try read { session in
            try Self.requireStudy(session, studyID)
            var result: [String: AttributeValue] = [:]
            for row in try session.query(
                session.statements.studyAttributes, [.integer(studyID), .text(kind.rawValue)])
            {
                result[row.string(0)!] = try session.attribute(row.string(1)!)
            }
            return result
        }
    }

    /// The distribution of every parameter name of the study.
    public func studyDistributions(studyID: Int64) throws -> [String: Distribution] {
        try read { session in
            try Self.requireStudy(session, studyID)
            var result: [String: Distribution] = [:]
            for row in try session.query(session.statements.studyDistributions, [.integer(studyID)]) {
                result[row.string(0)!] = try session.distribution(row.string(1)!)
            }
            return result
        }
    }

    /// Throws ``VernierTune/StorageError/studyIDNotFound(id:)`` unless the study exists.
    static func requireStudy(_ session: SQLSession<Connection>, _ id: Int64) throws {
        if try session.query(session.statements.studyExists, [.integer(id)]).isEmpty {
            throw StorageError.studyIDNotFound(id: id)
        }
    }

    /// Locks the study row until the transaction ends (``SQLDialect/rowLock``), so that one writer at a time
    /// numbers trials and checks the budget; throws ``VernierTune/StorageError/studyIDNotFound(id:)``.
    static func lockStudy(_ session: SQLSession<Connection>, _ id: Int64) throws {
        if try session.query(session.statements.lockStudy, [.integer(id)]).isEmpty {
            throw StorageError.studyIDNotFound(id: id)
        }
    }
}

/// A study row (`study_id`, `name`) with its directions (a study without any reads as minimizing).
private func studyRecord(_ row: SQLRow, directions: [StudyDirection]) -> StudyRecord {
    StudyRecord(id: row.int64(0)!, name: row.string(1)!, directions: directions.isEmpty ? [.minimize] : directions)
}

/// The direction in column 1 of a directions row.
private func studyDirection(_ row: SQLRow) -> StudyDirection {
    StudyDirection(rawValue: row.string(1)!) ?? .minimize
}
