/// Why a command trial failed; the description is the trial's fail reason and ends with the last lines the program
/// wrote to standard error.
///
/// ```swift
/// catch let error as CommandError { print(error) }   // "exit status 2; last lines of stderr: …"
/// ```
public enum CommandError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The program is not an executable file (a path) or not on `PATH` (a name).
    case programNotFound(String, directory: String)
    /// `fork` or `pipe` failed.
    case startFailed(errno: Int32)
    /// The program exited with a non-zero status.
    case exited(status: Int32, standardError: [String])
    /// A signal not sent by Vernier ended the program.
    case signalled(Int32, standardError: [String])
    /// The program ran past the per-trial timeout and was stopped.
    case timedOut(seconds: Double, standardError: [String])
    /// The program exited with status 0 without a `{"vernier": "result", …}` line.
    case noResult(standardError: [String])
    /// The result gave `given` values and no number under this metric name in its `metrics`, though the study
    /// needs it (an objective beyond the values, or a metric a constraint names).
    case missingMetric(String, given: Int, standardError: [String])

    /// The reason, with the tail of standard error.
    public var description: String {
        switch self {
        case .programNotFound(let program, let directory):
            return program.contains("/")
                ? "the program '\(program)' is not an executable file (relative to \(directory))"
                : "the program '\(program)' is not on PATH"
        case .startFailed(let code):
            return "cannot start the program (errno \(code))"
        case .exited(let status, let lines):
            return "the program exited with status \(status)" + Self.tail(lines)
        case .signalled(let signal, let lines):
            return "the program was ended by signal \(signal)" + Self.tail(lines)
        case .timedOut(let seconds, let lines):
            return "the program ran past the trial timeout (\(Self.seconds(seconds))) and was stopped"
                + Self.tail(lines)
        case .noResult(let lines):
            return "the program exited without a result line ({\"vernier\": \"result\", \"value\": …} on stdout)"
                + Self.tail(lines)
        case .missingMetric(let name, let given, let lines):
            return "the result line gave \(given) value\(given == 1 ? "" : "s") and no number '\(name)' in its "
                + "\"metrics\", which the study needs (give one value per objective in \"values\")" + Self.tail(lines)
        }
    }

    static func tail(_ lines: [String]) -> String {
        lines.isEmpty ? "; nothing on stderr" : "; last lines of stderr:\n" + lines.joined(separator: "\n")
    }

    static func seconds(_ value: Double) -> String {
        value.rounded() == value ? "\(Int(value)) s" : "\(value) s"
    }
}
