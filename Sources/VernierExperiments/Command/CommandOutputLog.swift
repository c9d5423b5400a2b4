import Foundation

/// Where a command trial's output goes: the program's own lines (standard output lines that are not records, and
/// standard error) to the trial's log file, capped at ``byteLimit`` so a chatty program cannot fill the disk, and
/// the last ``tailLineCount`` lines of standard error kept in memory for the failure reason.
///
/// ```swift
/// let log = try CommandOutputLog(path: "runs/study/trials/3.log")
/// log.write(line: "epoch 1", fromStandardError: false)
/// ```
final class CommandOutputLog {
    /// The most bytes written to the file; later lines are dropped (a note says so, once).
    let byteLimit: Int
    /// Lines of standard error kept for a failure reason.
    let tailLineCount: Int
    /// The log file's path (`nil`: no file, only the tail).
    let path: String?
    private let handle: FileHandle?
    private var written = 0
    private var truncated = false
    private var pending = Data()
    /// The last lines of standard error, oldest first (each cut to 500 characters).
    private(set) var standardErrorTail: [String] = []

    /// Opens (creates, or appends to) the log at `path`, creating its folder.
    init(path: String?, byteLimit: Int = 16 << 20, tailLineCount: Int = 20) throws {
        self.path = path
        self.byteLimit = byteLimit
        self.tailLineCount = tailLineCount
        guard let path else {
            handle = nil
            return
        }
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        handle.seekToEndOfFile()
        written = Int(handle.offsetInFile)
        self.handle = handle
    }

    deinit {
        flush()
        try? handle?.close()
    }

    /// Appends a line (a newline is added); a standard-error line also enters the tail.
    func write(line: String, fromStandardError: Bool) {
        if fromStandardError {
            standardErrorTail.append(line.utf8.count > 500 ? String(line.prefix(500)) + "…" : line)
            if standardErrorTail.count > tailLineCount { standardErrorTail.removeFirst() }
        }
        append(line)
        append("\n")
    }

    /// Appends a note of Vernier's own (`[vernier] …`).
    func note(_ text: String) {
        append("[vernier] \(text)\n")
        flush()
    }

    /// Writes what is buffered to the file (the process loop calls it after every read, and ``note(_:)`` does).
    func flush() {
        guard let handle, !pending.isEmpty else { return }
        handle.write(pending)
        pending.removeAll(keepingCapacity: true)
    }

    private func append(_ text: String) {
        guard handle != nil, !truncated else { return }
        let bytes = text.utf8
        guard written + bytes.count <= byteLimit else {
            truncated = true
            pending.append(contentsOf: "[vernier] log truncated at \(byteLimit) bytes\n".utf8)
            flush()
            return
        }
        pending.append(contentsOf: bytes)
        written += bytes.count
        if pending.count >= 64 << 10 { flush() }
    }
}

/// Splits a stream of bytes into lines; a line longer than ``maximumLength`` is handed on in pieces marked as
/// overlong (never a record), so memory stays bounded whatever the program writes.
struct LineSplitter {
    /// The longest line kept whole.
    let maximumLength: Int
    private var buffer: [UInt8] = []
    private var overlong = false

    init(maximumLength: Int = 64 << 10) {
        self.maximumLength = maximumLength
    }

    /// Feeds bytes; calls `emit(line, isWhole)` for each finished line (or overlong piece).
    mutating func feed(_ bytes: UnsafeRawBufferPointer, emit: (String, Bool) throws -> Void) rethrows {
        var rest = bytes[...]
        while !rest.isEmpty {
            let room = maximumLength - buffer.count
            let window = rest.prefix(room)
            if let newline = window.firstIndex(of: UInt8(ascii: "\n")) {
                buffer.append(contentsOf: rest[..<newline])
                try emit(String(decoding: buffer, as: UTF8.self), !overlong)
                buffer.removeAll(keepingCapacity: true)
                overlong = false
                rest = rest[(newline + 1)...]
            } else {
                buffer.append(contentsOf: window)
                rest = rest.dropFirst(window.count)
                if buffer.count >= maximumLength {
                    try emit(String(decoding: buffer, as: UTF8.self), false)
                    buffer.removeAll(keepingCapacity: true)
                    overlong = true
                }
            }
        }
    }

    /// Hands on what is left after the end of the stream.
    mutating func finish(emit: (String, Bool) throws -> Void) rethrows {
        if !buffer.isEmpty { try emit(String(decoding: buffer, as: UTF8.self), !overlong) }
        buffer.removeAll()
    }
}
