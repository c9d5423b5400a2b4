import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to its end for a timed benchmark: `posix_spawn`, its standard output read through a pipe, then
/// `waitpid`. Foundation's `Process.waitUntilExit()` polls a run loop every 50 ms on Linux, which would add up to
/// 50 ms to every timed call; this adds nothing beyond the spawn. Standard error is inherited (errors stay
/// visible) unless `quiet`.
///
/// ```swift
/// let result = try BenchProcess.run(["/bin/sh", "-c", "echo hi"])   // result.output == "hi\n"
/// ```
enum BenchProcess {
    /// How a program ended.
    struct Result {
        /// The exit status, or 128 + the signal that ended it.
        var status: Int32
        /// Its standard output.
        var output: String
        /// Seconds from the spawn to the reaped exit.
        var seconds: Double
    }

    /// A program that could not be started, or ended with a non-zero status.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `arguments` (the first is a path; no `PATH` search) with `environment` added to this process's;
    /// `quiet` sends its standard error to `/dev/null`.
    static func run(_ arguments: [String], environment: [String: String] = [:], quiet: Bool = false) throws -> Result {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw Failure(description: "pipe failed: errno \(errno)") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        if quiet { posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0) }
        var variables = ProcessInfo.processInfo.environment
        for (key, value) in environment { variables[key] = value }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        let start = DispatchTime.now().uptimeNanoseconds
        var pid = pid_t()
        let code = posix_spawn(&pid, arguments[0], &actions, nil, argv, envp)
        close(fds[1])
        guard code == 0 else {
            close(fds[0])
            throw Failure(description: "cannot start \(arguments[0]): errno \(code)")
        }
        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            output += buffer[0..<count]
        }
        close(fds[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let signal = status & 0x7f
        return Result(
            status: signal == 0 ? (status >> 8) & 0xff : 128 + signal, output: String(decoding: output, as: UTF8.self),
            seconds: seconds)
    }

    /// ``run(_:environment:quiet:)``, throwing with the command and its output when the status is not 0.
    static func succeed(
        _ arguments: [String], environment: [String: String] = [:], quiet: Bool = false
    ) throws
        -> Result
    {
        let result = try run(arguments, environment: environment, quiet: quiet)
        guard result.status == 0 else {
            throw Failure(
                description:
                    "\(arguments.joined(separator: " ")) exited with status \(result.status):\n\(result.output.suffix(2000))"
            )
        }
        return result
    }
}
