import VernierTune

/// Builds ``StorageError/database(message:code:)`` values.
enum StorageErrorFactory {
    static func database(_ message: String, code: Int32) -> StorageError {
        .database(message: message, code: code)
    }
}
