import ArgumentParser
import Foundation
import VernierReports
import VernierTune

/// `vernier report <study>`: writes a study's report (standalone HTML, or Markdown/JSON by extension).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a study's report: one standalone HTML file (no network needed), or Markdown/JSON.",
        discussion: """
            Examples:
              vernier report branin-sobol
              vernier report spirals-sensitivity --storage sqlite:runs/vernier.db --out runs/spirals.html
              vernier report branin-sobol --out report.md
            """)

    @Argument(help: "The study's name.") var study: String
    @OptionGroup var options: StudiesCommand.StorageOptions
    @Option(help: "The output file (.html, .md or .json).") var out: String = "report.html"

    func run() throws {
        let loaded = try options.study(study)
        let url = URL(fileURLWithPath: out)
        try ReportWriter.writeStudyReport(study: loaded, to: url)
        let count = try loaded.trials().count
        print("Wrote the report of \(study) (\(count) trials) to \(url.path)")
    }
}

/// Where `vernier tune` writes the study report: `DIR/report.html` with `--out DIR`, otherwise
/// `runs/<study>/report.html` (characters other than letters, digits, `.`, `-` and `_` in the name become `_`).
enum StudyReportLocation {
    static func url(out: String?, study: String) -> URL {
        if let out { return URL(fileURLWithPath: out).appendingPathComponent("report.html") }
        let safe = String(
            study.unicodeScalars.map { scalar -> Character in
                let allowed = CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar)
                return allowed && scalar.isASCII ? Character(scalar) : "_"
            })
        let folder = safe.isEmpty || safe.allSatisfy({ $0 == "." }) ? "study" : safe
        return URL(fileURLWithPath: "runs").appendingPathComponent(folder).appendingPathComponent("report.html")
    }
}
