import ArgumentParser
import Foundation
import VernierTune
import VernierTuneSQLite

/// `vernier ask`: starts a trial and prints its parameters as JSON, for objectives run outside Vernier.
struct AskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Start a trial of a study and print its suggested parameters as JSON.",
        discussion: """
            Parameter specs: float:LOW:HIGH[:log|:step=S], int:LOW:HIGH[:log|:step=S], cat:A,B,C.
            The study is created if needed. Finish the trial with `vernier tell`.

            Examples:
              vernier ask --study ext --param lr=float:1e-4:1:log --param width=int:8:128:log --param opt=cat:sgd,adam
              vernier tell --study ext --trial 0 --value 0.93
            """)

    @Option(help: "The study's name.") var study: String
    @Option(help: "Storage URL.") var storage: String = StorageURL.defaultURL
    @Option(name: .customLong("param"), help: "name=spec (repeatable).") var parameters: [String] = []
    @Option(help: "minimize or maximize (for a new study).") var direction: String = "minimize"
    @Option(help: "Sampler: random or sobol.") var sampler: String = "random"
    @Option(parsing: .unconditional, help: "Seed of the sampler.") var seed: UInt64 = 0

    func run() throws {
        guard let direction = StudyDirection(rawValue: direction) else {
            throw ValidationError("--direction must be minimize or maximize")
        }
        let chosen: any Sampler
        switch sampler {
        case "random": chosen = RandomSampler(seed: seed)
        case "sobol": chosen = SobolSampler(seed: seed)
        default: throw ValidationError("--sampler must be random or sobol for ask")
        }
        var distributions: [String: Distribution] = [:]
        for parameter in parameters {
            let (name, distribution) = try AskCommand.parse(parameter)
            distributions[name] = distribution
        }
        let store = try openStorage(storage, mode: .createFile)
        let opened: Study
        do {
            opened = try Study(name: study, direction: direction, storage: store, sampler: chosen)
        } catch let error as StudyError {
            throw ValidationError(error.description)
        }
        guard let trial = try opened.ask(maxTrials: nil, fixedDistributions: distributions) else {
            throw ValidationError("study '\(study)' has no trial left")
        }
        let output = AskOutput(study: study, trial: trial.number, parameters: trial.parameters)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(output), as: UTF8.self))
    }

    struct AskOutput: Encodable {
        var study: String
        var trial: Int
        var parameters: [String: ParameterValue]
    }

    /// Parses `name=float:LOW:HIGH[:log|:step=S]`, `name=int:...`, `name=cat:A,B,C`.
    static func parse(_ text: String) throws -> (String, Distribution) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty else {
            throw ValidationError("--param '\(text)': expected name=spec, e.g. lr=float:1e-4:1:log")
        }
        let name = parts[0]
        let fields = parts[1].split(separator: ":").map(String.init)
        func bad(_ reason: String) -> ValidationError { ValidationError("--param '\(text)': \(reason)") }
        do {
            switch fields.first {
            case "float", "int":
                guard fields.count >= 3 else { throw bad("expected \(fields[0]):LOW:HIGH") }
                let log = fields.dropFirst(3).contains("log")
                let step = fields.dropFirst(3).first { $0.hasPrefix("step=") }.map { String($0.dropFirst(5)) }
                if fields[0] == "float" {
                    guard let low = Double(fields[1]), let high = Double(fields[2]) else {
                        throw bad("bounds must be numbers")
                    }
                    return (
                        name,
                        .float(
                            try FloatDistribution(
                                low: low, high: high, log: log, step: step.flatMap(Double.init), name: name))
                    )
                }
                guard let low = Int(fields[1]), let high = Int(fields[2]) else { throw bad("bounds must be integers") }
                return (
                    name,
                    .int(
                        try IntDistribution(
                            low: low, high: high, log: log, step: step.flatMap { Int($0) } ?? 1, name: name))
                )
            case "cat", "categorical":
                guard fields.count == 2 else { throw bad("expected cat:A,B,C") }
                let choices: [ParameterValue] = fields[1].split(separator: ",").map { item in
                    if let integer = Int(item) { return .int(integer) }
                    if let number = Double(item) { return .double(number) }
                    if item == "true" || item == "false" { return .bool(item == "true") }
                    return .string(String(item))
                }
                return (name, .categorical(try CategoricalDistribution(choices: choices, name: name)))
            default:
                throw bad("unknown kind; expected float, int or cat")
            }
        } catch let error as SearchSpaceError {
            throw bad(error.description)
        }
    }
}
