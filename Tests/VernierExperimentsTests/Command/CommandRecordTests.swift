import Testing
import VernierTune

@testable import VernierExperiments

/// The record lines a command objective's program writes, and the argument template it is run with.
@Suite struct CommandRecordTests {
    @Test func recordsAreReadAndOtherLinesAreNot() throws {
        #expect(
            try CommandRecord.parse(#"{"vernier": "report", "step": 3, "value": 0.91}"#)
                == .report(step: 3, value: 0.91))
        #expect(
            try CommandRecord.parse(
                #"{"vernier":"result","values":[0.93],"metrics":{"acc":0.5,"epochs":12,"note":"x"}}"#)
                == .result(values: [0.93], metrics: ["acc": .double(0.5), "epochs": .int(12), "note": .string("x")]))
        #expect(
            try CommandRecord.parse(#"{"vernier": "result", "values": [0.9, 1200]}"#)
                == .result(values: [0.9, 1200], metrics: [:]))
        #expect(
            try CommandRecord.parse(#"{"vernier": "result", "value": 0.5}"#) == .result(values: [0.5], metrics: [:]))
        #expect(try CommandRecord.parse("epoch 3 loss 0.2") == nil)
        #expect(try CommandRecord.parse(#"{"loss": 0.2}"#) == nil)
        guard case .report(1, let value) = try CommandRecord.parse(#"{"vernier": "report", "step": 1, "value": NaN}"#)
        else { Issue.record("a NaN report should read as a report"); return }
        #expect(value.isNaN)
    }

    @Test func malformedRecordsAreErrorsThatNameTheProblem() {
        func message(_ line: String) -> String {
            do {
                _ = try CommandRecord.parse(line)
                return "no error"
            } catch { return "\(error)" }
        }
        #expect(message(#"{"vernier": "result"}"#).contains("'value' is missing"))
        #expect(message(#"{"vernier": "report", "step": 1, "values": [1, 2]}"#).contains("give exactly one"))
        #expect(message(#"{"vernier": "result", "values": []}"#).contains("at least one number"))
        #expect(message(#"{"vernier": "result", "values": [1, "x"]}"#).contains("'values[1]' must be a number"))
        #expect(message(#"{"vernier": "report", "step": -1, "value": 1}"#).contains("'step'"))
        #expect(message(#"{"vernier": "done", "value": 1}"#).contains("\"report\" or \"result\""))
        #expect(message(#"{"vernier": "result", "value": 1"#).contains("not valid JSON"))
    }

    @Test func templatesFillPlaceholdersAndRefuseStrayBraces() throws {
        let template = try CommandTemplate(
            arguments: ["python3", "t.py", "--lr={lr}", "{{x}}", "{trial_number}"], shell: false)
        #expect(template.placeholders == ["lr", "trial_number"])
        #expect(template.unknownPlaceholders(known: ["lr"]).isEmpty)
        #expect(template.unknownPlaceholders(known: []).map(\.name) == ["lr"])
        #expect(
            template.argv(values: ["lr": "0.01", "trial_number": "4"]) == ["python3", "t.py", "--lr=0.01", "{x}", "4"])
        #expect(throws: CommandTemplateError.self) { try CommandTemplate(arguments: ["a", "{lr"], shell: false) }
        #expect(throws: CommandTemplateError.self) { try CommandTemplate(arguments: ["a", "lr}"], shell: false) }
        #expect(throws: CommandTemplateError.empty) { try CommandTemplate(arguments: [], shell: false) }
        let shell = try CommandTemplate(arguments: ["echo {name} && true"], shell: true)
        #expect(shell.argv(values: ["name": "it's; rm"]) == ["/bin/sh", "-c", #"echo 'it'\''s; rm' && true"#])
        #expect(CommandTemplate.text(of: .double(1e-5)) == "1e-05")
        #expect(CommandTemplate.text(of: .int(3)) == "3")
    }
}
