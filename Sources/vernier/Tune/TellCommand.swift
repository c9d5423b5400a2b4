import ArgumentParser
import Foundation
import VernierDashboard
import VernierExperiments
import VernierTune
import VernierTuneSQLite

/// `vernier tell`: reports an intermediate value of, or finishes, a trial started with `vernier ask`.
struct TellCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tell",
        abstract: "Report a trial's intermediate value, or finish it with its value (or as failed or pruned).",
        discussion: """
            With --step, records the value at that step and prints the study's pruner's answer as JSON,
            {"prune": true|false, "step": S, "study": "…", "trial": N}; the trial stays running (tell it pruned
            when the answer is true). Without --step, finishes the trial.

            Examples:
              vernier tell --study ext --trial 3 --step 5 --value 0.71
              vernier tell --study ext --trial 3 --value 0.912
              vernier tell --study ext --trial 3 --value -3.2
              vernier tell --study size --trial 3 --values 0.9,1200          # one value per objective
              vernier tell --study size --trial 3 --values 0.9,1200 --constraints -800
              vernier tell --study ext --trial 4 --state pruned
              vernier tell --study ext --trial 5 --state failed
            """)

    @Option(help: "The study's name.") var study: String
    @Option(help: "Storage URL.") var storage: String = StorageURL.defaultURL
    @Option(parsing: .unconditional, help: "The trial number printed by `vernier ask`.") var trial: Int
    @Option(parsing: .unconditional, help: "The objective value (or the intermediate value, with --step).")
    var value: Double?
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("One value per objective of a multi-objective study, comma-separated.", valueName: "v1,v2"))
    var values: String?
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Constraint values of a complete trial, comma-separated; each is satisfied when ≤ 0.", valueName: "c1,c2"))
    var constraints: String?
    @Option(parsing: .unconditional, help: "Report --value as the intermediate value at this step (≥ 0).")
    var step: Int?
    @Option(help: "complete (default), failed or pruned.") var state: String?

    func validate() throws {
        if value != nil && values != nil { throw ValidationError("give --value or --values, not both") }
        if let step {
            guard step >= 0 else { throw ValidationError("--step must be ≥ 0, got \(step)") }
            guard value != nil else { throw ValidationError("--step needs --value (the intermediate value)") }
            guard state == nil else { throw ValidationError("--step reports a value; --state finishes a trial") }
        }
    }

    func run() throws {
        let store = try openStorage(storage, mode: .existing)
        let service = StoredRecipeAskTell(storage: store)
        do {
            if let step, let value {
                let prune = try service.report(study: study, trial: trial, step: step, value: value)
                let answer = PruneAnswer(study: study, trial: trial, step: step, prune: prune)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(answer), as: UTF8.self))
                return
            }
            let finalState: TrialState
            switch state ?? "complete" {
            case "complete": finalState = .complete
            case "fail", "failed": finalState = .failed
            case "prune", "pruned": finalState = .pruned
            default: throw ValidationError("--state must be complete, failed or pruned, got '\(state ?? "")'")
            }
            let told = try values.map { try numberList($0, option: "--values") } ?? value.map { [$0] }
            if finalState == .complete && told == nil {
                throw ValidationError("--value (or --values) is required for a complete trial")
            }
            let stored = try service.tell(
                study: study, trial: trial, state: finalState, values: told,
                constraints: try constraints.map { try numberList($0, option: "--constraints") })
            print(
                "Trial \(trial) of '\(study)': \(stored.state.rawValue)"
                    + (stored.values.map { " " + $0.map { ParameterValue.format($0) }.joined(separator: ", ") } ?? "")
                    + (stored.isFeasible ? "" : " (infeasible)"))
        } catch let error as StorageError {
            throw ValidationError(error.description)
        } catch let error as StudyError {
            throw ValidationError(error.description)
        } catch let error as StudySpecError {
            throw ValidationError(error.description)
        }
    }
}
