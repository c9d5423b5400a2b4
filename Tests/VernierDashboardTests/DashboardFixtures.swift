import Foundation
import VernierTune

/// Studies for the dashboard tests, in a fresh in-memory storage.
enum DashboardFixtures {
    static let hostileName = "<script>alert(1)</script>"

    /// A storage with `branin-demo` (6 trials: complete, pruned, failed, one running, learning curves) and a study
    /// whose name and parameter are `<script>alert(1)</script>` (2 complete trials).
    static func storage() throws -> InMemoryStorage {
        let storage = InMemoryStorage()
        let study = try Study(name: "branin-demo", direction: .minimize, storage: storage)
        for index in 0..<6 {
            let trial = try study.ask()
            let x = try trial.suggestFloat("x", in: -5...10)
            let lr = try trial.suggestFloat("lr", in: 1e-4...1, log: true)
            _ = try trial.suggestCategorical("optimizer", ["sgd", "adam"])
            try trial.setSystemAttribute(.workerID, .string(index % 2 == 0 ? "a" : "b"))
            for step in 1...3 { try trial.report(x * x / Double(step) + lr, step: step) }
            switch index {
            case 3: try study.tell(trialNumber: trial.number, state: .pruned)
            case 4: try study.tell(trialNumber: trial.number, state: .failed, failReason: "diverged")
            case 5: break  // still running
            default: try study.tell(trial, value: x * x + lr)
            }
        }
        let hostile = try Study(name: hostileName, direction: .maximize, storage: storage)
        for value in [1.0, 2.0] {
            let trial = try hostile.ask()
            _ = try trial.suggestFloat(hostileName, in: 0...1)
            try trial.setUserAttribute("note", .string(hostileName))
            try hostile.tell(trial, value: value)
        }
        _ = try Study(name: "empty", direction: .minimize, storage: storage)
        return storage
    }

    static func id(of name: String, in storage: any Storage) throws -> Int64 {
        try storage.requireStudy(named: name).id
    }
}
