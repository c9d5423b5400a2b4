import ArgumentParser
import Foundation
import VernierExperiments
import VernierTune
import VernierTunePostgres
import VernierTuneSQLite

/// Opens the storage of a `--storage` URL, turning URL and database errors into clear command-line errors.
///
/// `mode` says what a `sqlite:` URL may do to the disk: commands that only read pass ``SQLiteOpenMode/readOnly``
/// (a missing file is an error, nothing is created or left behind); commands that change a stored study pass
/// ``SQLiteOpenMode/existing`` (a missing file is an error); commands that may start a study pass
/// ``SQLiteOpenMode/createFile`` (the file is created, its folder is not, except the default URL's `runs/` folder
/// in the current directory).
func openStorage(_ url: String, mode: SQLiteOpenMode) throws -> any Storage {
    do {
        let parsed = try StorageURL(parsing: url)
        if mode == .createFile, url == StorageURL.defaultURL, case .sqlite(let path) = parsed {
            let folder = (path as NSString).deletingLastPathComponent
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        }
        return try parsed.openPostgresStorage(readOnly: mode == .readOnly) ?? parsed.openStorage(mode: mode)
    } catch let error as StorageError {
        throw ValidationError(error.description)
    }
}

/// `0:04`-style durations for progress lines.
func formatDuration(_ seconds: TimeInterval) -> String {
    let total = Int(seconds.rounded())
    if total >= 3600 { return String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60) }
    return String(format: "%d:%02d", total / 60, total % 60)
}

/// Prints every tied-best configuration.
func printBestTrials(_ trials: [FrozenTrial], of study: Study, metrics: [String]? = nil) {
    guard let first = trials.first else {
        print("No complete trial yet.")
        return
    }
    if !first.isFeasible { print("No trial satisfies the constraints; the least violating ones:") }
    if study.isMultiObjective {
        printParetoFront(trials, of: study, metrics: metrics)
        return
    }
    let noun = trials.count == 1 ? "configuration" : "configurations (tied)"
    print("Best value \(ParameterValue.format(first.value!)), \(trials.count) \(noun):")
    for trial in trials {
        let parameters = trial.externalParameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        var line = "  trial \(trial.number): \(parameters.joined(separator: " "))"
        if let sd = trial.userAttributes[.valueSD]?.doubleValue { line += "  (sd \(ParameterValue.format(sd)))" }
        print(line)
    }
}
