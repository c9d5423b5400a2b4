import ArgumentParser
import Foundation

/// Checks, before any training, that a folder the command will write at the end can be written: so a run is
/// never lost to a typo in `--out`. Touches nothing on disk.
enum OutputFolderCheck {
    /// Throws a ValidationError naming `option` when `path` exists and is not a folder, is a folder that is not
    /// writable, or does not exist and its nearest existing parent is not a writable folder.
    static func check(_ path: String, option: String) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ValidationError("\(option) \(path): a file of that name exists; give a folder to write into")
            }
            guard manager.isWritableFile(atPath: path) else {
                throw ValidationError("\(option) \(path): the folder is not writable")
            }
            return
        }
        var parent = URL(fileURLWithPath: path).deletingLastPathComponent()
        while !manager.fileExists(atPath: parent.path, isDirectory: &isDirectory) {
            parent = parent.deletingLastPathComponent()
        }
        guard isDirectory.boolValue else {
            throw ValidationError("\(option) \(path): '\(parent.path)' is a file, so the folder cannot be created")
        }
        guard manager.isWritableFile(atPath: parent.path) else {
            throw ValidationError(
                "\(option) \(path): cannot create the folder, '\(parent.path)' is not writable")
        }
    }
}
