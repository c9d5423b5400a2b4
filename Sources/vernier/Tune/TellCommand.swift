import ArgumentParser
import VernierTune
import VernierTuneSQLite

/// `vernier tell`: finishes a trial started with `vernier ask`.
struct TellCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tell",
        abstract: "Finish a trial with its objective value (or mark it failed or pruned).",
        discussion: """
            Examples:
              vernier tell --study ext --trial 3 --value 0.912
              vernier tell --study ext --trial 4 --state fail
            """)

    @Option(help: "The study's name.") var study: String
    @Option(help: "Storage URL.") var storage: String = StorageURL.defaultURL
    @Option(help: "The trial number printed by `vernier ask`.") var trial: Int
    @Option(help: "The objective value.") var value: Double?
    @Option(help: "complete (default with --value), fail or pruned.") var state: String?

    func run() throws {
        let finalState: TrialState
        switch state ?? "complete" {
        case "complete": finalState = .complete
        case "fail", "failed": finalState = .failed
        case "prune", "pruned": finalState = .pruned
        default: throw ValidationError("--state must be complete, fail or pruned")
        }
        if finalState == .complete && value == nil { throw ValidationError("--value is required for a complete trial") }
        do {
            let opened = try Study.load(name: study, storage: try openStorage(storage, mode: .createFile))
            try opened.tell(
                trialNumber: trial, state: finalState, value: value,
                failReason: finalState == .failed ? "told failed" : nil)
            let stored = try opened.trial(number: trial)
            print(
                "Trial \(trial) of '\(study)': \(stored.state.rawValue)"
                    + (stored.value.map { " \(ParameterValue.format($0))" } ?? ""))
        } catch let error as StorageError {
            throw ValidationError(error.description)
        }
    }
}
