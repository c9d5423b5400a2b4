import Foundation
import VernierDashboard
import VernierTune
import VernierTuneSQLite

#if canImport(Glibc)
import Glibc
#endif

/// The ask/tell rows of `vernier bench objectives`: one evaluation is an ask and a tell of the value
/// `(x − 1)² + (y + 2)²`, `x, y ∈ [−5, 5]`, on a SQLite study in `folder`. CLI: two `vernier` processes (TPE);
/// HTTP: `vernier dashboard --allow-ask-tell` on a free port and one keep-alive connection (random and TPE); the
/// first evaluations are left out as warm-up. With `VERNIER_BENCH_OPTUNA` (the path of Optuna's `optuna`
/// command), Optuna's `optuna ask` + `optuna tell` on the same problem and a SQLite file, for the ratio.
struct AskTellBenchmark {
    /// The `vernier` executable.
    var executable: String
    /// Where the studies live (created).
    var folder: URL

    var storageURL: String { "sqlite:\(folder.appendingPathComponent("ask-tell.db").path)" }

    static let parameters = ["--param", "x=float:-5:5", "--param", "y=float:-5:5"]

    /// The objective every route evaluates.
    static func value(of parameters: [String: ParameterValue]) -> Double {
        let x = parameters["x"]?.doubleValue ?? 0
        let y = parameters["y"]?.doubleValue ?? 0
        return (x - 1) * (x - 1) + (y + 2) * (y + 2)
    }

    /// Every ask/tell figure; `evaluations` timed HTTP evaluations per sampler.
    func records(evaluations: Int) throws -> [BenchmarkRecord] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let cliEvaluations = 20
        let cli = try cliMilliseconds(evaluations: cliEvaluations)
        var records = [
            BenchmarkRecord(
                name: "ask_tell_cli_ms", value: cli, unit: "ms", reference: 60,
                referenceLabel: "target ≤ 60; two processes, TPE, mean of \(cliEvaluations); Optuna CLI ~950 per call"
            )
        ]
        let http = try httpMilliseconds(evaluations: evaluations)
        records += [
            BenchmarkRecord(
                name: "ask_tell_http_random_ms", value: http.random, unit: "ms", reference: 2,
                referenceLabel: "target ≤ 2; keep-alive, mean of \(evaluations)"),
            BenchmarkRecord(
                name: "ask_tell_http_tpe_ms", value: http.tpe, unit: "ms", reference: 2,
                referenceLabel: "target ≤ 2; mean of evaluations 11–\(evaluations + 10), TPE's own cost included"),
        ]
        if let optuna = ProcessInfo.processInfo.environment["VERNIER_BENCH_OPTUNA"], !optuna.isEmpty {
            let peer = try optunaMilliseconds(optuna: optuna, evaluations: 3)
            records += [
                BenchmarkRecord(
                    name: "optuna_ask_tell_cli_ms", value: peer, unit: "ms",
                    referenceLabel: "optuna ask + optuna tell, TPESampler, SQLite, mean of 3"),
                BenchmarkRecord(
                    name: "optuna_over_vernier_ask_tell_cli", value: peer / cli, unit: "×",
                    referenceLabel: "Optuna's CLI time over Vernier's, same run"),
            ]
        } else {
            print("Optuna's CLI skipped: set VERNIER_BENCH_OPTUNA to its `optuna` executable to measure it too")
        }
        return records
    }

    /// Runs `vernier ask` and returns its trial.
    func ask(_ extra: [String]) throws -> AskedTrial {
        let result = try BenchProcess.succeed(
            [executable, "ask", "--storage", storageURL] + extra)
        return try JSONDecoder().decode(AskedTrial.self, from: Data(result.output.utf8))
    }

    /// Milliseconds per evaluation as `vernier ask` + `vernier tell` (two processes), TPE.
    func cliMilliseconds(evaluations: Int) throws -> Double {
        let create = ["--study", "cli", "--sampler", "tpe"] + Self.parameters
        var seconds = 0.0
        for index in 0..<(evaluations + 3) {
            let start = DispatchTime.now().uptimeNanoseconds
            let trial = try ask(index == 0 ? create : ["--study", "cli"])
            _ = try BenchProcess.succeed([
                executable, "tell", "--study", "cli", "--storage", storageURL, "--trial", "\(trial.trial)",
                "--value", "\(Self.value(of: trial.parameters))",
            ])
            if index >= 3 { seconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        }
        return seconds * 1000 / Double(evaluations)
    }

    /// Milliseconds per evaluation (ask + tell over HTTP) on a random and a TPE study.
    func httpMilliseconds(evaluations: Int) throws -> (random: Double, tpe: Double) {
        var ids: [String: Int64] = [:]
        for sampler in ["random", "tpe"] {
            let first = try ask(["--study", "http-\(sampler)", "--sampler", sampler] + Self.parameters)
            _ = try BenchProcess.succeed([
                executable, "tell", "--study", "http-\(sampler)", "--storage", storageURL, "--trial", "\(first.trial)",
                "--value", "\(Self.value(of: first.parameters))",
            ])
            let storage = try SQLiteStorage(path: String(storageURL.dropFirst("sqlite:".count)), mode: .readOnly)
            ids[sampler] = try storage.requireStudy(named: "http-\(sampler)").id
        }
        let server = try DashboardProcess(executable: executable, storageURL: storageURL)
        defer { server.stop() }
        let client = try BenchHTTPClient(port: server.port)
        func time(_ sampler: String) throws -> Double {
            let id = ids[sampler]!
            var seconds = 0.0
            for index in 0..<(evaluations + 10) {
                let start = DispatchTime.now().uptimeNanoseconds
                let asked = try client.post("/api/studies/\(id)/ask", json: "{}", token: server.token)
                guard asked.status == 200 else {
                    throw BenchProcess.Failure(description: "ask answered \(asked.status): \(asked.body)")
                }
                let trial = try JSONDecoder().decode(AskedTrial.self, from: Data(asked.body.utf8))
                let told = try client.post(
                    "/api/studies/\(id)/trials/\(trial.trial)/tell",
                    json: "{\"value\": \(Self.value(of: trial.parameters))}", token: server.token)
                guard told.status == 200 else {
                    throw BenchProcess.Failure(description: "tell answered \(told.status): \(told.body)")
                }
                if index >= 10 { seconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
            }
            return seconds * 1000 / Double(evaluations)
        }
        return (try time("random"), try time("tpe"))
    }

    /// Milliseconds per evaluation as `optuna ask` + `optuna tell` (TPESampler, a SQLite file); the first
    /// evaluation is left out.
    func optunaMilliseconds(optuna: String, evaluations: Int) throws -> Double {
        let storage = "sqlite:///\(folder.appendingPathComponent("optuna.db").path)"
        _ = try BenchProcess.succeed(
            [optuna, "create-study", "--storage", storage, "--study-name", "cli"], quiet: true)
        let space =
            #"{"x": {"name": "FloatDistribution", "attributes": {"low": -5.0, "high": 5.0, "step": null, "log": false}}, "#
            + #""y": {"name": "FloatDistribution", "attributes": {"low": -5.0, "high": 5.0, "step": null, "log": false}}}"#
        var seconds = 0.0
        for index in 0..<(evaluations + 1) {
            let start = DispatchTime.now().uptimeNanoseconds
            let asked = try BenchProcess.succeed(
                [
                    optuna, "ask", "--storage", storage, "--study-name", "cli", "--sampler", "TPESampler",
                    "--search-space", space, "-f", "json",
                ], quiet: true)
            guard let object = try JSONSerialization.jsonObject(with: Data(asked.output.utf8)) as? [String: Any],
                let number = object["number"] as? Int, let params = object["params"] as? [String: Double]
            else { throw BenchProcess.Failure(description: "optuna ask printed \(asked.output)") }
            let value = Self.value(of: params.mapValues { .double($0) })
            _ = try BenchProcess.succeed(
                [
                    optuna, "tell", "--storage", storage, "--study-name", "cli", "--trial-number", "\(number)",
                    "--values", "\(value)",
                ], quiet: true)
            if index >= 1 { seconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        }
        return seconds * 1000 / Double(evaluations)
    }
}

/// `vernier dashboard --allow-ask-tell --port 0` running in the background, with the port and write token it
/// printed.
final class DashboardProcess {
    let process = Process()
    let port: Int
    let token: String

    init(executable: String, storageURL: String) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["dashboard", "--storage", storageURL, "--port", "0", "--allow-ask-tell"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while !text.contains("X-Vernier-Token): ") || !text.hasSuffix("\n") {
            let data = pipe.fileHandleForReading.availableData
            guard !data.isEmpty, Date() < deadline else {
                process.terminate()
                throw BenchProcess.Failure(description: "the dashboard did not start: \(text)")
            }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let portText = text.split(separator: "http://127.0.0.1:").last?.split(separator: "/").first,
            let port = Int(portText),
            let token = text.split(separator: "X-Vernier-Token): ").last?.split(separator: "\n").first
        else {
            process.terminate()
            throw BenchProcess.Failure(description: "cannot read the dashboard's port and token from: \(text)")
        }
        self.port = port
        self.token = String(token)
    }

    /// Stops the server (SIGTERM: it shuts down gracefully) and waits for it.
    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}
