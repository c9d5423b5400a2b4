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
                let studies = known.isEmpty ? "it holds no studies" : "studies: \(known.joined(separator: ", "))"
                throw ValidationError("\(error) in \(store.url); \(studies)")
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
                let bestTrials = try study.bestTrials()
                let best =
                    study.isMultiObjective
                    ? (bestTrials.isEmpty ? "-" : "front of \(bestTrials.count)")
                    : bestTrials.first?.value.map { ParameterValue.format($0) } ?? "-"
                let directions = record.directions.map(\.rawValue).joined(separator: ",")
                rows.append([record.name, directions, String(trials.count), String(complete), best])
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
            let isSensitivity = try study.trials().contains {
                $0.systemAttributes[OneAtATimeSampler.parameterKey] != nil
            }
            if isSensitivity {
                let impact = try ImpactTable(study: study)
                print(markdown ? impact.markdown() : impact.plainText())
            }
            // A sensitivity study's ranking is its impact table; PED-ANOVA would rank one-at-a-time trials otherwise.
            let importance = try ParameterImportance.compute(study: study)
            if !isSensitivity, importance.contains(where: { $0.divergence > 0 }) {
                print(
                    "Importance (PED-ANOVA, shares of the total): "
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
            let study = try options.study(name)
            let metrics = try? study.metricNames()
            printBestTrials(try study.bestTrials(tolerance: tolerance), of: study, metrics: metrics)
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export a study's trials as CSV or JSON, every number to the last bit.",
            discussion: """
                CSV: one row per trial with Optuna's columns (number, state, value, datetime_start, \
                datetime_complete, duration_s, params_<name>, user_attrs_<key>, system_attrs_<key>, \
                intermediate_values, fail_reason). JSON: the study (name, direction, attributes, test score) with \
                every trial.
                """)
        @Argument(help: "The study's name.") var name: String
        @OptionGroup var options: StorageOptions
        @Option(help: "csv or json.") var format: String = "csv"
        @Option(help: "Write to this file instead of standard output.") var out: String?
        @Option(name: .customLong("output"), help: .hidden) var legacyOutput: String?

        func run() throws {
            let snapshot = try StudySnapshot(study: try options.study(name))
            let text: String
            switch format {
            case "json": text = String(decoding: try snapshot.jsonData(), as: UTF8.self) + "\n"
            case "csv": text = snapshot.csv()
            default: throw ValidationError("unknown format '\(format)'; valid: csv, json")
            }
            if let path = out ?? legacyOutput {
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            } else {
                print(text, terminator: "")
            }
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
