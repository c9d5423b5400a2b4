import Foundation
import Testing
import VernierTune

@testable import VernierExperiments

/// Command studies end to end on an in-memory storage, with small `/bin/sh` programs (always present) and one
/// Python program (standard library only; the test fails where python3 is missing).
@Suite struct CommandObjectiveTests {
    /// A fresh folder holding `files`.
    func folder(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-command-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return folder
    }

    /// Runs the study file `study.yaml` of `folder` in memory; returns the trials.
    func run(_ folder: URL) throws -> [FrozenTrial] {
        var configuration = try StudyFile.load(path: folder.appendingPathComponent("study.yaml").path)
        configuration.command?.logDirectory = folder.appendingPathComponent("trials").path
        let storage = InMemoryStorage()
        let runner = try configuration.run(storage: storage).runner
        return try runner.makeStudy(storage: storage).trials()
    }

    @Test func theResultIsTheValueAndPlaceholdersParametersAndLogsArePassed() throws {
        let folder = try folder([
            "study.yaml": """
            command: [sh, run.sh, "{x}", "{trial_number}", "{params_file}", "{seed}"]
            direction: maximize
            metric: score
            trials: 2
            parameters:
              x: {type: float, low: 1, high: 2}
            """,
            "run.sh": """
            [ "$3" = "$VERNIER_PARAMS" ] || exit 9
            [ "$4" = "$VERNIER_SEED" ] && [ "$4" = 0 ] || exit 8
            echo "hello from $1 as trial $2 ($VERNIER_TRIAL_NUMBER)"
            echo "to stderr" >&2
            cp "$VERNIER_PARAMS" "params-$VERNIER_TRIAL_NUMBER.json"
            echo '{"vernier": "report", "step": 1, "value": 0.5}'
            echo "{\\"vernier\\": \\"result\\", \\"value\\": $1, \\"metrics\\": {\\"accuracy\\": 0.75}}"
            """,
        ])
        let trials = try run(folder)
        #expect(trials.count == 2)
        for trial in trials {
            let x = try #require(trial.externalParameters["x"]?.doubleValue)
            #expect(trial.state == .complete, "\(trial.failReason ?? "")")
            #expect(abs((trial.value ?? 0) - x) < 1e-12)
            #expect(trial.userAttributes["accuracy"] == .double(0.75))
            #expect(trial.intermediateValues[1] == 0.5)
            let log = try String(
                contentsOf: folder.appendingPathComponent("trials/\(trial.number).log"), encoding: .utf8)
            #expect(
                log.contains(
                    "hello from \(CommandTemplate.text(of: .double(x))) as trial \(trial.number) (\(trial.number))"))
            #expect(log.contains("to stderr"))
            #expect(!log.contains("\"vernier\""))
            let params = try Data(contentsOf: folder.appendingPathComponent("params-\(trial.number).json"))
            let decoded = try JSONDecoder().decode([String: Double].self, from: params)
            #expect(decoded["x"] == x)
        }
    }

    @Test func aPrunedTrialsProgramGetsSIGTERM() throws {
        // Trial 0 reports 0 and completes; the others report 100, which the median rule prunes at step 1.
        let folder = try folder([
            "study.yaml": """
            command: [sh, run.sh]
            trials: 3
            stop_grace: 5s
            pruner: {name: median, startup_trials: 1, warmup_epochs: 0}
            parameters:
              x: {type: float, low: 0, high: 1}
            """,
            "run.sh": """
            trap 'echo stopped > "terminated-$VERNIER_TRIAL_NUMBER"; exit 143' TERM
            value=100
            [ "$VERNIER_TRIAL_NUMBER" = 0 ] && value=0
            for step in 1 2 3 4 5; do
              echo "{\\"vernier\\": \\"report\\", \\"step\\": $step, \\"value\\": $value}"
              [ "$value" = 0 ] || { sleep 20 & wait $!; }
            done
            echo "{\\"vernier\\": \\"result\\", \\"value\\": $value}"
            """,
        ])
        let start = Date()
        let trials = try run(folder)
        #expect(Date().timeIntervalSince(start) < 15, "a pruned program was not stopped at once")
        #expect(trials.map(\.state) == [.complete, .pruned, .pruned])
        #expect(trials.map { $0.userAttributes["epochs"] } == [.int(5), .int(1), .int(1)])
        for number in [1, 2] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("terminated-\(number)").path))
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("terminated-0").path))
    }

    @Test func theTrialTimeoutStopsTheProgramAndSIGKILLFollowsAnIgnoredSIGTERM() throws {
        let folder = try folder([
            "study.yaml": """
            command: [sh, run.sh]
            trials: 1
            trial_timeout: 1
            stop_grace: 1
            parameters:
              x: {type: float, low: 0, high: 1}
            """,
            "run.sh": """
            trap '' TERM
            echo "ignoring SIGTERM" >&2
            sleep 30
            """,
        ])
        let start = Date()
        let trials = try run(folder)
        #expect(Date().timeIntervalSince(start) < 15)
        #expect(trials[0].state == .failed)
        #expect(trials[0].failReason?.contains("trial timeout (1 s)") == true, "\(trials[0].failReason ?? "")")
        #expect(trials[0].failReason?.contains("ignoring SIGTERM") == true)
        let log = try String(contentsOf: folder.appendingPathComponent("trials/0.log"), encoding: .utf8)
        #expect(log.contains("SIGKILL"))
    }

    @Test func aNonZeroExitFailsWithTheTailOfStandardError() throws {
        let folder = try folder([
            "study.yaml": """
            command: [sh, run.sh]
            trials: 1
            parameters:
              x: {type: float, low: 0, high: 1}
            """,
            "run.sh": """
            i=1
            while [ $i -le 30 ]; do echo "problem line $i" >&2; i=$((i+1)); done
            echo '{"vernier": "result", "value": 1}'
            exit 3
            """,
        ])
        let trial = try run(folder)[0]
        #expect(trial.state == .failed)
        let reason = trial.failReason ?? ""
        #expect(reason.contains("exited with status 3"))
        #expect(reason.contains("problem line 30") && reason.contains("problem line 11"))
        #expect(!reason.contains("problem line 10\n"))
    }

    @Test func aMissingResultFailsTheTrial() throws {
        let folder = try folder([
            "study.yaml": """
            command: [sh, -c, "echo working; echo oops >&2"]
            trials: 1
            parameters:
              x: {type: float, low: 0, high: 1}
            """
        ])
        let trial = try run(folder)[0]
        #expect(trial.state == .failed)
        #expect(trial.failReason?.contains("without a result line") == true)
        #expect(trial.failReason?.contains("oops") == true)
    }

    @Test func unknownPlaceholdersAndMissingProgramsAreRefusedWithTheLine() throws {
        func refusal(_ text: String) -> String {
            do {
                _ = try StudyFile.parse(text, file: "/tmp/s.yaml").resolved()
                return "accepted"
            } catch { return "\(error)" }
        }
        let unknown = refusal(
            """
            trials: 3
            command:
              - sh
              - train.sh
              - "{lr}"
              - "{layres}"
            parameters:
              lr: {type: float, low: 0.001, high: 0.1, log: true}
              layers: {type: int, low: 1, high: 3}
            """)
        #expect(unknown.contains("/tmp/s.yaml:6: command[3]: unknown placeholder {layres}"), "\(unknown)")
        #expect(unknown.contains("the parameters are lr, layers"))
        #expect(
            refusal("command: [no-such-program-here]\nparameters: {x: {type: int, low: 0, high: 1}}\n")
                .contains("s.yaml:1: command[0]: the program 'no-such-program-here' is not on PATH"))
        #expect(refusal("command: [sh]\n").contains("declares its parameters"))
        #expect(
            refusal("command: [sh, \"{x\"]\nparameters: {x: {type: int, low: 0, high: 1}}\n")
                .contains("command[1]: argument 1 ('{x'): '{' opens no placeholder"))
        #expect(refusal("command: [sh]\nobjective: branin\n").contains("not both"))
        #expect(refusal("objective: branin\ntrial_timeout: 5\n").contains("command study only"))
    }

    @Test func aWorkingDirectoryThatIsGoneFailsTheTrialWithTheReason() throws {
        let space = try SearchSpace([
            ParameterSpec(name: "x", distribution: .int(try IntDistribution(low: 0, high: 1)))
        ])
        let command = CommandObjective(
            template: try CommandTemplate(arguments: ["sh", "-c", "true"], shell: false),
            directory: "/nonexistent-vernier-folder",
            logDirectory: FileManager.default.temporaryDirectory.appendingPathComponent("vernier-gone-\(UUID())").path)
        var configuration = StudySpec.Overrides()
        configuration.command = command
        configuration.space = space
        configuration.trials = 1
        let storage = InMemoryStorage()
        let runner = try configuration.run(storage: storage).runner
        let trial = try runner.makeStudy(storage: storage).trials()[0]
        #expect(trial.state == .failed)
        #expect(
            trial.failReason?.contains("status 127") == true
                && trial.failReason?.contains("cannot enter /nonexistent-vernier-folder: errno 2") == true,
            "\(trial.failReason ?? "")")
    }

    @Test func theCommandTravelsInTheStoredSpec() throws {
        let folder = try folder([
            "study.yaml": """
            command: [sh, run.sh, "{x}"]
            trial_timeout: 10m
            parameters:
              x: {type: int, low: 0, high: 4}
            """
        ])
        var configuration = try StudyFile.load(path: folder.appendingPathComponent("study.yaml").path)
        #expect(configuration.studyName(sampler: .random) == "study-random")
        configuration.command?.logDirectory = "/somewhere/trials"
        let spec = try configuration.resolved()
        #expect(spec.version == 3)
        #expect(spec.command?.trialTimeout == 600)
        #expect(spec.command?.directory == folder.standardizedFileURL.path)
        let rebuilt = try StudySpec(json: try spec.json(), study: "s")
        #expect(rebuilt.command == configuration.command)
        #expect(rebuilt == spec)
        #expect(try StudyRunner(spec: rebuilt, studyName: "s").objective.name == CommandObjective.objectiveName)
        var moved = spec
        moved.command?.logDirectory = "/elsewhere"
        #expect(spec.differences(from: moved).isEmpty, "the log folder is a run's choice")
        moved.command?.trialTimeout = 5
        moved.command?.stopGrace = 1
        #expect(spec.differences(from: moved).isEmpty, "the trial timeout and stop grace belong to a run")
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        moved.command?.directory =
            String(repeating: "../", count: current.split(separator: "/").count)
            + folder.standardizedFileURL.path.dropFirst()
        #expect(spec.differences(from: moved).isEmpty, "the same folder written relative: \(moved.command!.directory)")
        moved.command?.directory = "/elsewhere"
        #expect(spec.differences(from: moved).count == 1)
        // A version-2 spec (one metric and one direction) still reads, as does a version-1 one (before commands).
        let two = try spec.json().replacingOccurrences(of: "\"version\":3", with: "\"version\":2")
            .replacingOccurrences(of: "\"metrics\":[\"value\"]", with: "\"metric\":\"value\"")
            .replacingOccurrences(of: "\"directions\":[\"minimize\"]", with: "\"direction\":\"minimize\"")
            .replacingOccurrences(of: "\"constraints\":[],", with: "")
        #expect(two.contains("\"metric\":\"value\"") && two.contains("\"direction\":\"minimize\""), "\(two)")
        let read = try StudySpec(json: two, study: "s")
        #expect(read.version == 3 && read.metrics == ["value"] && read.directions == [.minimize])
        #expect(read.differences(from: spec).isEmpty)
        let old = two.replacingOccurrences(of: "\"version\":2", with: "\"version\":1")
        #expect(try StudySpec(json: old, study: "s").version == 3)
        let future = try spec.json().replacingOccurrences(of: "\"version\":3", with: "\"version\":4")
        #expect(throws: StudySpecError.self) { try StudySpec(json: future, study: "s") }
    }

    @Test func aPythonProgramReadsVERNIER_PARAMSAndReportsEachEpoch() throws {
        let folder = try folder([
            "study.yaml": """
            command: [python3, train.py, --epochs, "{epochs}"]
            trials: 2
            parameters:
              epochs: {type: int, low: 2, high: 4}
              lr: {type: float, low: 0.001, high: 0.1, log: true}
            """,
            "train.py": """
            import json, os, sys
            params = json.load(open(os.environ["VERNIER_PARAMS"]))
            epochs = int(sys.argv[sys.argv.index("--epochs") + 1])
            assert epochs == params["epochs"], (epochs, params)
            loss = 1.0
            for epoch in range(1, epochs + 1):
                loss *= 1 - params["lr"]
                print(f"epoch {epoch} loss {loss}")
                print(json.dumps({"vernier": "report", "step": epoch, "value": loss}), flush=True)
            print(json.dumps({"vernier": "result", "value": loss, "metrics": {"epochs": epochs}}))
            """,
        ])
        let trials = try run(folder)
        #expect(trials.count == 2)
        for trial in trials {
            #expect(trial.state == .complete, "\(trial.failReason ?? "")")
            let epochs = try #require(trial.externalParameters["epochs"]?.doubleValue)
            #expect(trial.intermediateValues.count == Int(epochs))
            #expect(trial.userAttributes["epochs"] == .int(Int(epochs)))
        }
    }
}

/// A program that writes much more than a pipe holds, to both streams and in one huge line, still runs to its end.
@Suite struct CommandOutputVolumeTests {
    @Test func aChattyProgramNeverBlocksAndItsLogIsCapped() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-chatty-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
        command: [sh, run.sh]
        trials: 1
        trial_timeout: 60
        parameters:
          x: {type: float, low: 0, high: 1}
        """.write(to: folder.appendingPathComponent("study.yaml"), atomically: true, encoding: .utf8)
        try """
        yes "an error line" | head -n 500000 >&2
        yes "an output line" | head -n 500000
        head -c 3000000 /dev/zero | tr '\\0' 'x'
        echo
        echo '{"vernier": "result", "value": 2}'
        """.write(to: folder.appendingPathComponent("run.sh"), atomically: true, encoding: .utf8)
        var configuration = try StudyFile.load(path: folder.appendingPathComponent("study.yaml").path)
        configuration.command?.logDirectory = folder.appendingPathComponent("trials").path
        let storage = InMemoryStorage()
        let runner = try configuration.run(storage: storage).runner
        let trial = try runner.makeStudy(storage: storage).trials()[0]
        #expect(trial.state == .complete, "\(trial.failReason ?? "")")
        #expect(trial.value == 2)
        let size =
            try FileManager.default.attributesOfItem(
                atPath: folder.appendingPathComponent("trials/0.log").path)[.size] as? Int ?? 0
        #expect(size > 15_000_000 && size <= (16 << 20) + 200, "log size \(size)")
        let log = try String(contentsOf: folder.appendingPathComponent("trials/0.log"), encoding: .utf8)
        #expect(log.hasSuffix("[vernier] log truncated at \(16 << 20) bytes\n"))
    }
}
