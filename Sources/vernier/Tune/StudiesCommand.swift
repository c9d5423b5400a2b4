import ArgumentParser
import Foundation
import VernierExperiments
import VernierTune
import VernierTuneSQLite

/// `vernier studies list|show|best|export|delete`: look at and manage stored studies.
struct StudiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "studies",
        abstract: "List, show, export or delete stored studies.",
        discussion: """
            Examples:
              vernier studies list
              vernier studies show branin-sobol --storage sqlite:runs/vernier.db
              vernier studies export branin-sobol --format csv > trials.csv
            """,
        subcommands: [List.self, Show.self, Best.self, Export.self, Delete.self])

    struct StorageOptions: ParsableArguments {
        @Option(help: "Storage URL.")
        var storage: String = StorageURL.defaultURL

        /// Loads the study `name`; `mode` is ``SQLiteOpenMode/readOnly`` for every subcommand but `delete`.
        func study(_ name: String, mode: SQLiteOpenMode = .readOnly) throws -> Study {
            let store = try openStorage(storage, mode: mode)
            do {
                return try Study.load(name: name, storage: store)
            } catch let error as StorageError {
                let known = (try? store.allStudies().map(\.name)) ?? []
                throw ValidationError("\(error) in \(store.url); studies: \(known.joined(separator: ", "))")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every study with its trial counts and best value.")
        @OptionGroup var options: StorageOptions

        func run() throws {
            let store = try openStorage(options.storage, mode: .readOnly)
            let records = try store.allStudies()
            guard !records.isEmpty else {
                print("No studies in \(store.url).")
                return
            }
            var rows: [[String]] = []
            for record in records {
                let study = try Study.load(name: record.name, storage: store)
                let trials = try study.trials()
                let complete = trials.filter { $0.state == .complete }.count
                let best = try study.bestTrials().first?.value.map { ParameterValue.format($0) } ?? "-"
                rows.append([record.name, record.direction.rawValue, String(trials.count), String(complete), best])
            }
            print(TextTable(headers: ["study", "direction", "trials", "complete", "best"], rows: rows).plainText())
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a study's trials sorted by value.")
        @Argument(help: "The study's name.") var name: String
        @OptionGroup var options: StorageOptions
        @Flag(help: "Markdown instead of plain text.") var markdown = false

        func run() throws {
            let study = try options.study(name)
            let table = try TrialTable(study: study)
            print(markdown ? table.markdown() : table.plainText())
            if try study.trials().contains(where: { $0.systemAttributes[OneAtATimeSampler.parameterKey] != nil }) {
                let impact = try ImpactTable(study: study)
                print(markdown ? impact.markdown() : impact.plainText())
            }
            let importance = try ParameterImportance.compute(study: study)
            if !importance.isEmpty {
                print(
                    "Importance: "
                        + importance.map { "\($0.parameter) \(String(format: "%.2f", $0.importance))" }
                        .joined(separator: ", "))
            }
            if let test = try study.testValue() {
                print("Test value of trial \(test.trialNumber): \(ParameterValue.format(test.value))")
            }
        }
    }

    struct Best: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every tied-best configuration.")
        @Argument(help: "The study's name.") var name: String
        @OptionGroup var options: StorageOptions
        @Option(parsing: .unconditional, help: "Count values within this absolute tolerance of the best as ties.")
        var tolerance: Double = 0

        func validate() throws {
            guard tolerance >= 0 && tolerance.isFinite else {
                throw ValidationError("--tolerance must be a finite number ≥ 0, got \(tolerance)")
            }
        }

        func run() throws {
            printBestTrials(try options.study(name).bestTrials(tolerance: tolerance))
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Export a study's trials as CSV or JSON.")
        @Argument(help: "The study's name.") var name: String
        @OptionGroup var options: StorageOptions
        @Option(help: "csv or json.") var format: String = "csv"
        @Option(help: "Write to this file instead of standard output.") var output: String?

        func run() throws {
            let study = try options.study(name)
            let trials = try study.trials()
            let text: String
            switch format {
            case "json":
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                encoder.dateEncodingStrategy = .iso8601
                encoder.nonConformingFloatEncodingStrategy = .convertToString(
                    positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
                text = String(decoding: try encoder.encode(trials.map(ExportedTrial.init)), as: UTF8.self) + "\n"
            case "csv":
                text = csv(trials)
            default:
                throw ValidationError("unknown format '\(format)'; valid: csv, json")
            }
            if let output {
                try text.write(toFile: output, atomically: true, encoding: .utf8)
            } else {
                print(text, terminator: "")
            }
        }

        func csv(_ trials: [FrozenTrial]) -> String {
            let names = Set(trials.flatMap(\.parameters.keys)).sorted()
            func quote(_ text: String) -> String {
                text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                    ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
            }
            var lines = [
                (["number", "state", "value", "value_sd", "duration_s"] + names + ["fail_reason"]).map(quote)
                    .joined(separator: ",")
            ]
            for trial in trials {
                let parameters = trial.externalParameters
                let value: String = trial.value.map { "\($0)" } ?? ""
                let sd: String = trial.userAttributes["value_sd"]?.doubleValue.map { "\($0)" } ?? ""
                let duration: String = trial.duration.map { String(format: "%.6f", $0) } ?? ""
                var cells: [String] = [String(trial.number), trial.state.rawValue, value, sd, duration]
                for name in names { cells.append(parameters[name]?.description ?? "") }
                cells.append(trial.failReason ?? "")
                lines.append(cells.map(quote).joined(separator: ","))
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a study and all its trials.")
        @Argument(help: "The study's name.") var name: String
        @OptionGroup var options: StorageOptions

        func run() throws {
            let study = try options.study(name, mode: .existing)
            try study.storage.deleteStudy(id: study.id)
            print("Deleted study '\(name)' from \(study.storage.url).")
        }
    }
}

/// A trial as `vernier studies export --format json` writes it.
struct ExportedTrial: Encodable {
    var number: Int
    var state: TrialState
    var value: Double?
    var parameters: [String: ParameterValue]
    var intermediateValues: [String: Double]
    var userAttributes: [String: AttributeValue]
    var start: Date?
    var complete: Date?
    var failReason: String?

    init(_ trial: FrozenTrial) {
        number = trial.number
        state = trial.state
        value = trial.value
        parameters = trial.externalParameters
        intermediateValues = Dictionary(
            uniqueKeysWithValues: trial.intermediateValues.map { (String($0.key), $0.value) })
        userAttributes = trial.userAttributes
        start = trial.startDate
        complete = trial.completeDate
        failReason = trial.failReason
    }

    enum CodingKeys: String, CodingKey {
        case number, state, value, parameters, start, complete
        case intermediateValues = "intermediate_values"
        case userAttributes = "user_attributes"
        case failReason = "fail_reason"
    }
}
