/// Errors of storage backends and storage URLs.
///
/// ```swift
/// do { _ = try storage.requireStudy(named: "missing") }
/// catch StorageError.studyNotFound(let name) { print("no study \(name)") }
/// ```
public enum StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No study has this name.
    case studyNotFound(name: String)
    /// A study with this name exists already.
    case studyAlreadyExists(name: String)
    /// No study has this identifier.
    case studyIDNotFound(id: Int64)
    /// No trial has this identifier.
    case trialNotFound(trialID: Int64)
    /// No trial of the study has this number.
    case trialNumberNotFound(study: String, number: Int)
    /// The trial is finished and cannot change (storage contract rule 2).
    case trialFinished(trialID: Int64)
    /// The trial was released (and perhaps claimed again) since the claim given to finish it was made: the
    /// finisher no longer holds it and its result is not stored (see ``TrialClaim``).
    case trialNoLongerHeld(trialID: Int64)
    /// A state change the life cycle does not allow.
    case invalidTransition(trialID: Int64, from: TrialState, to: TrialState)
    /// A storage URL that cannot be parsed.
    case invalidURL(String, reason: String)
    /// A backend named by a URL that this build does not provide.
    case backendUnavailable(String, reason: String)
    /// The database was written by a newer Vernier whose schema this version does not know.
    case schemaTooNew(found: Int, supported: Int)
    /// An error reported by the database engine.
    case database(message: String, code: Int32)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .studyNotFound(let name): return "no study named '\(name)'"
        case .studyAlreadyExists(let name): return "a study named '\(name)' already exists"
        case .studyIDNotFound(let id): return "no study with id \(id)"
        case .trialNotFound(let id): return "no trial with id \(id)"
        case .trialNumberNotFound(let study, let number): return "study '\(study)' has no trial number \(number)"
        case .trialFinished(let id): return "trial \(id) is finished and cannot be changed"
        case .trialNoLongerHeld(let id):
            return "trial \(id) went back to waiting since it was claimed; this claim no longer holds it"
        case .invalidTransition(let id, let from, let to): return "trial \(id) cannot go from \(from) to \(to)"
        case .invalidURL(let url, let reason): return "invalid storage URL '\(url)': \(reason)"
        case .backendUnavailable(let url, let reason): return "storage '\(url)' is not available: \(reason)"
        case .schemaTooNew(let found, let supported):
            return "the database has schema version \(found), newer than the \(supported) this Vernier supports; "
                + "upgrade Vernier to open it"
        case .database(let message, let code): return "database error \(code): \(message)"
        }
    }
}
