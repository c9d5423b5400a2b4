import CVernierProcess
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs one program to its end: starts it without a shell in its own process group (led by a keeper process, see
/// `vernier_spawn`, so that the group dies with this process too, grandchildren included), reads its standard output and
/// standard error together (one `poll` loop, so a program writing much to either never blocks), hands every record
/// line to the caller, writes the rest to the log, and stops the program (SIGTERM to its group, SIGKILL after
/// ``stopGrace`` seconds) when the caller asks or the timeout passes. If this process dies, the group receives
/// SIGTERM, then SIGKILL after ``stopGrace`` seconds. The program's exit is noticed at once (a Linux pidfd in the
/// poll set; elsewhere within 50 ms).
///
/// ```swift
/// let process = CommandProcess(arguments: ["/bin/echo", "hi"], environment: [:], directory: "/tmp")
/// let outcome = try process.run(log: try CommandOutputLog(path: nil)) { _ in .continue }
/// ```
struct CommandProcess {
    /// What the caller wants after a record.
    enum Decision {
        case `continue`
        case stop
    }

    /// Why Vernier stopped the program.
    enum StopReason: Equatable {
        case requested
        case timeout
    }

    /// How the program ended.
    struct Outcome {
        /// The exit status, or `nil` when a signal ended the program.
        var exitStatus: Int32?
        /// The signal that ended the program, if one did.
        var signal: Int32?
        /// Why Vernier stopped it, if it did.
        var stopped: StopReason?
        /// Seconds from start to end.
        var seconds: Double
    }

    /// The argument vector (the program first: a path, or a name looked up on `PATH`).
    var arguments: [String]
    /// Variables added to (or replacing) this process's environment.
    var environment: [String: String]
    /// The working directory; a relative program path is resolved against it.
    var directory: String
    /// Seconds after which the program is stopped (`nil`: none).
    var timeout: Double?
    /// Seconds between SIGTERM and SIGKILL.
    var stopGrace: Double = 10

    /// The program's path: `program` when it holds a `/` (relative to `directory`), else the first executable of
    /// that name on `path` (a `PATH` value); `nil` when there is none.
    static func resolve(program: String, directory: String, path: String?) -> String? {
        if program.contains("/") {
            let full =
                program.hasPrefix("/")
                ? program
                : URL(fileURLWithPath: directory).appendingPathComponent(
                    program
                ).path
            return isExecutable(full) ? full : nil
        }
        for folder in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder), relativeTo: URL(fileURLWithPath: directory))
                .appendingPathComponent(program).path
            if isExecutable(candidate) { return candidate }
        }
        return nil
    }

    static func isExecutable(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && access(path, X_OK) == 0
    }

    /// Runs the program; `onStart` gets its pid (the process group's id too) once it runs, `onRecord` is called on
    /// this thread for each record on standard output (after a stop, no more), and a record it throws for stops the
    /// program before the error is rethrown.
    func run(
        log: CommandOutputLog, onStart: (pid_t) -> Void = { _ in }, onRecord: (CommandRecord) throws -> Decision
    ) throws -> Outcome {
        var variables = ProcessInfo.processInfo.environment
        for (key, value) in environment { variables[key] = value }
        guard let program = arguments.first,
            let executable = Self.resolve(program: program, directory: directory, path: variables["PATH"])
        else {
            throw CommandError.programNotFound(arguments.first ?? "", directory: directory)
        }
        var output: [Int32] = [-1, -1]
        var errors: [Int32] = [-1, -1]
        guard vernier_pipe(&output) == 0 else { throw CommandError.startFailed(errno: errno) }
        guard vernier_pipe(&errors) == 0 else {
            let code = errno
            close(output[0])
            close(output[1])
            throw CommandError.startFailed(errno: code)
        }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        let killAfter = UInt32(min(max(stopGrace.rounded(.up), 1), Double(UInt32.max)))
        let pid = vernier_spawn(executable, argv, envp, directory, output[1], errors[1], SIGTERM, killAfter)
        let spawnError = errno
        close(output[1])
        close(errors[1])
        guard pid > 0 else {
            close(output[0])
            close(errors[0])
            throw CommandError.startFailed(errno: spawnError)
        }
        _ = setpgid(pid, pid)  // also from this side, so a signal to the group cannot race the child's own call
        onStart(pid)
        var loop = PollLoop(pid: pid, output: output[0], errors: errors[0], timeout: timeout, stopGrace: stopGrace)
        return try loop.run(log: log, onRecord: onRecord)
    }
}

/// The loop of ``CommandProcess/run(log:onRecord:)`` over one started child.
private struct PollLoop {
    let pid: pid_t
    let output: Int32
    let errors: Int32
    let timeout: Double?
    let stopGrace: Double
    let start = Date()
    var stopped: CommandProcess.StopReason?
    var killAt: Date?
    var killed = false
    var status: Int32?
    var exitedAt: Date?
    /// Readable once the program has exited (Linux), so the loop wakes at its end; -1 where there is none.
    let exitDescriptor: Int32

    init(pid: pid_t, output: Int32, errors: Int32, timeout: Double?, stopGrace: Double) {
        self.pid = pid
        exitDescriptor = vernier_pidfd_open(pid)
        self.output = output
        self.errors = errors
        self.timeout = timeout
        self.stopGrace = stopGrace
    }

    /// Sends `signal` to the program's process group (to the program alone if the group is gone).
    func send(_ signal: Int32) {
        if kill(-pid, signal) != 0 { _ = kill(pid, signal) }
    }

    mutating func stop(_ reason: CommandProcess.StopReason, log: CommandOutputLog) {
        guard stopped == nil else { return }
        stopped = reason
        log.note(reason == .timeout ? "timeout: sending SIGTERM" : "stopped (pruned): sending SIGTERM")
        send(SIGTERM)
        killAt = Date().addingTimeInterval(stopGrace)
    }

    mutating func reap(blocking: Bool) {
        guard status == nil else { return }
        var raw: Int32 = 0
        let result = waitpid(pid, &raw, blocking ? 0 : WNOHANG)
        if result == pid {
            status = raw
            exitedAt = Date()
        }
    }

    mutating func run(
        log: CommandOutputLog, onRecord: (CommandRecord) throws -> CommandProcess.Decision
    ) throws -> CommandProcess.Outcome {
        var streams = [
            (fd: output, open: true, lines: LineSplitter()), (fd: errors, open: true, lines: LineSplitter()),
        ]
        var failure: (any Error)?
        defer {
            for stream in streams where stream.open { close(stream.fd) }
            if exitDescriptor >= 0 { close(exitDescriptor) }
        }
        func handle(_ line: String, whole: Bool, index: Int, into loop: inout PollLoop) {
            guard index == 0, whole, failure == nil, loop.stopped == nil else {
                if index == 1 || !line.contains("\"vernier\"") || !whole {
                    log.write(line: line, fromStandardError: index == 1)
                }
                return
            }
            do {
                guard let record = try CommandRecord.parse(line) else {
                    log.write(line: line, fromStandardError: false)
                    return
                }
                if try onRecord(record) == .stop { loop.stop(.requested, log: log) }
            } catch {
                failure = error
                log.note("\(error)")
                loop.stop(.requested, log: log)
            }
        }
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            reap(blocking: false)
            let now = Date()
            if status != nil, !streams[0].open, !streams[1].open { break }
            if let exitedAt, now.timeIntervalSince(exitedAt) > 2 {
                // The program ended but something it started still holds the pipes: end that too.
                send(SIGKILL)
                break
            }
            if stopped == nil, let timeout, now.timeIntervalSince(start) >= timeout { stop(.timeout, log: log) }
            if let killAt, !killed, now >= killAt {
                log.note("still running \(stopGrace) s after SIGTERM: sending SIGKILL")
                send(SIGKILL)
                killed = true
            }
            var descriptors = streams.map { pollfd(fd: $0.open ? $0.fd : -1, events: Int16(POLLIN), revents: 0) }
            descriptors.append(pollfd(fd: status == nil ? exitDescriptor : -1, events: Int16(POLLIN), revents: 0))
            let ready = poll(&descriptors, nfds_t(descriptors.count), 50)
            if ready < 0, errno != EINTR {
                send(SIGKILL)
                break
            }
            defer { log.flush() }
            for index in streams.indices where streams[index].open && descriptors[index].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(streams[index].fd, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR || errno == EAGAIN { continue }
                if count <= 0 {
                    close(streams[index].fd)
                    streams[index].open = false
                    streams[index].lines.finish { line, whole in handle(line, whole: whole, index: index, into: &self) }
                    continue
                }
                buffer.withUnsafeBytes { bytes in
                    streams[index].lines.feed(UnsafeRawBufferPointer(rebasing: bytes[0..<count])) { line, whole in
                        handle(line, whole: whole, index: index, into: &self)
                    }
                }
            }
        }
        reap(blocking: true)
        if let failure { throw failure }
        let raw = status ?? 0
        let signalled = raw & 0x7f != 0 && raw & 0x7f != 0x7f
        return CommandProcess.Outcome(
            exitStatus: signalled ? nil : (raw >> 8) & 0xff, signal: signalled ? raw & 0x7f : nil, stopped: stopped,
            seconds: Date().timeIntervalSince(start))
    }
}
