import ArgumentParser
import Foundation
import VernierExperiments
import VernierLab

/// `vernier lab list` and `vernier lab <name> [--set key=value]... [--out DIR]`: the optimization-course
/// experiments (issue 10), each printing a text summary and, with `--out`, writing result.json, CSV tables,
/// summary.txt and report.html.
struct LabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "Run an optimization-lab experiment (vernier lab list shows them).",
        discussion: """
            Examples:
              vernier lab list
              vernier lab momentum --set kappas=1,10,100,1000 --out runs/momentum
              vernier lab gradient-descent --set rates=0.1,0.9,1.1
              vernier lab landscape --set data=fashion-mnist --set train-size=2000 --set epochs=2
              vernier lab help newton        (keys of one experiment)
            """)

    @Argument(help: "list, help, or an experiment: \(LabRegistry.names.joined(separator: ", ")).")
    var name: String

    @Argument(help: "With help: the experiment whose keys to show.")
    var topic: String?

    @Option(name: .customLong("set"), help: "A setting as key=value (repeatable), e.g. --set kappa=100.")
    var settings: [String] = []

    @Option(name: .long, help: "Write result.json, CSV tables, summary.txt and report.html here.")
    var out: String?

    @Flag(help: "Print only the summary, not the progress of long experiments.")
    var quiet = false

    func validate() throws {
        if name.lowercased() == "help", topic == nil { throw ValidationError("name the experiment whose keys to show") }
        if name.lowercased() != "help", let topic {
            throw ValidationError("unexpected argument '\(topic)': only `vernier lab help` takes a second name")
        }
    }

    func run() throws {
        switch name.lowercased() {
        case "list":
            let width = LabRegistry.names.map(\.count).max() ?? 0
            for lab in LabRegistry.all {
                print(lab.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + lab.summary)
            }
        case "help":
            let lab = try lookUp(topic ?? "")
            print("\(lab.name): \(lab.summary)\nKeys (--set key=value):")
            let entries = lab.keys.map { key in
                (key.name, key.help + HelpText.defaultClause(help: key.help, defaultValue: key.defaultValue))
            }
            for line in HelpText.keyList(entries, indent: 2) { print(line) }
        default:
            let lab = try lookUp(name)
            var overrides: [String: String] = [:]
            for setting in settings {
                guard let equals = setting.firstIndex(of: "="), equals != setting.startIndex else {
                    throw ValidationError(
                        ConfigError.malformed(location: "--set \(setting)", reason: "expected key=value").description)
                }
                overrides[String(setting[..<equals])] = String(setting[setting.index(after: equals)...])
            }
            do {
                let progress =
                    quiet ? LabProgress.silent : LabProgress { FileHandle.standardOutput.write(Data($0.utf8)) }
                print(try lab.execute(overrides, writingTo: out.map { URL(fileURLWithPath: $0) }, progress: progress))
            } catch let error as ConfigError {
                throw ValidationError(error.description)
            }
        }
    }

    private func lookUp(_ name: String) throws -> any LabExperiment {
        do {
            return try LabRegistry.experiment(named: name)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
