import ArgumentParser
import Foundation
import VernierReports
import VernierTraining
import VernierTrainingReports
import VernierTune

/// `vernier report <study>`: writes a study's report (standalone HTML, or Markdown/JSON/CSV by extension);
/// `vernier report --compare DIR DIR…`: one report comparing training runs written by `vernier train --out`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a study's report: one standalone HTML file (no network needed), or Markdown/JSON/CSV.",
        discussion: """
            With --compare, compares training runs instead: the history.json of each run folder (from
            vernier train --out DIR) on shared loss and metric charts.

            Examples:
              vernier report branin-sobol
              vernier report spirals-sensitivity --storage sqlite:runs/vernier.db --out runs/spirals.html
              vernier report branin-sobol --out report.md
              vernier report --compare runs/sgd runs/adam runs/rmsprop --out runs/optimizers.html
            """)

    @Argument(help: "The study's name (not with --compare).") var study: String?
    @OptionGroup var options: StudiesCommand.StorageOptions
    @Option(help: "The output file (.html, .md, .json, or .csv for the trial table).") var out: String = "report.html"
    @Option(
        parsing: .upToNextOption,
        help: "Compare training runs: folders holding history.json (or the files), named by their folder.")
    var compare: [String] = []

    func validate() throws {
        if compare.isEmpty && study == nil { throw ValidationError("give a study's name, or --compare DIR DIR…") }
        if !compare.isEmpty && study != nil {
            throw ValidationError("give either a study's name or --compare, not both")
        }
    }

    func run() throws {
        let url = URL(fileURLWithPath: out)
        if !compare.isEmpty {
            var runs: [(name: String, history: TrainingHistory)] = []
            for path in compare {
                let location = URL(fileURLWithPath: path)
                do {
                    let history = try ComparisonReport.loadHistory(location)
                    let name =
                        location.pathExtension == "json"
                        ? location.deletingLastPathComponent().lastPathComponent : location.lastPathComponent
                    runs.append((name, history))
                } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
                    throw ValidationError(
                        "--compare \(path): no such file or folder (give a `vernier train --out` folder or its history.json)"
                    )
                } catch {
                    throw ValidationError("--compare \(path): cannot read a training history (\(error))")
                }
            }
            try ReportWriter.write(ComparisonReport.report(runs: runs), to: url)
            print("Wrote the comparison of \(runs.count) runs to \(url.path)")
            return
        }
        let study = self.study!
        let loaded = try options.study(study)
        try ReportWriter.writeStudyReport(study: loaded, to: url)
        let count = try loaded.trials().count
        print("Wrote the report of \(study) (\(count) trials) to \(url.path)")
    }
}

/// Where `vernier tune` writes the study report: `DIR/report.html` with `--out DIR`, otherwise
/// `runs/tune/<study>/report.html` (characters other than letters, digits, `.`, `-` and `_` in the name become `_`).
enum StudyReportLocation {
    static func url(out: String?, study: String) -> URL {
        if let out { return URL(fileURLWithPath: out).appendingPathComponent("report.html") }
        let safe = String(
            study.unicodeScalars.map { scalar -> Character in
                let allowed = CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar)
                return allowed && scalar.isASCII ? Character(scalar) : "_"
            })
        let folder = safe.isEmpty || safe.allSatisfy({ $0 == "." }) ? "study" : safe
        return URL(fileURLWithPath: "runs/tune").appendingPathComponent(folder).appendingPathComponent("report.html")
    }
}
