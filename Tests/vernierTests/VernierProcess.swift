import Foundation
import Testing

/// Finds the `vernier` binary: `$VERNIER_BINARY`, the one next to the test bundle (the same build folder), or
/// `.build/release/vernier` (what `make test` builds). `nil` when none exists.
func vernierBinary() -> String? {
    var candidates: [String] = []
    if let path = ProcessInfo.processInfo.environment["VERNIER_BINARY"] { candidates.append(path) }
    let bundle = Bundle.allBundles.map(\.bundleURL).first { $0.pathExtension == "xctest" }
    if let folder = bundle?.deletingLastPathComponent() {
        candidates.append(folder.appendingPathComponent("vernier").path)
    }
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    candidates.append(executable.appendingPathComponent("vernier").path)
    candidates.append(FileManager.default.currentDirectoryPath + "/.build/release/vernier")
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// A `vernier` process set up to run `arguments` in `folder`, standard output and error both to `output` (the null
/// device when `nil`), not started.
private func vernierProcess(_ binary: String, _ arguments: [String], in folder: URL, output: Pipe?) -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.currentDirectoryURL = folder
    process.standardOutput = output ?? FileHandle.nullDevice
    process.standardError = output ?? FileHandle.nullDevice
    return process
}

/// Runs `vernier` with arguments in `folder`; returns the exit status and the combined output.
func runVernier(_ binary: String, _ arguments: [String], in folder: URL) throws -> (status: Int32, output: String) {
    let pipe = Pipe()
    let process = vernierProcess(binary, arguments, in: folder, output: pipe)
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Starts `vernier arguments…` in `folder` in the background and returns the running process, for a test that
/// interrupts or kills it (the caller waits for it). Its output goes to `output`, or nowhere.
///
/// ```swift
/// let process = try startVernier(["tune", "study.yaml", "--storage", "sqlite:v.db"], in: folder)
/// process.interrupt()
/// process.waitUntilExit()
/// ```
func startVernier(_ arguments: [String], in folder: URL, output: Pipe? = nil) throws -> Process {
    let binary = try #require(
        vernierBinary(), "the vernier binary is built with the tests (swift test builds every target)")
    let process = vernierProcess(binary, arguments, in: folder, output: output)
    try process.run()
    return process
}

/// A new empty folder under the temporary directory.
func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}
