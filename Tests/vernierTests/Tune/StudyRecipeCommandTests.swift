import Foundation
import Testing

/// `vernier tune` checks its recipe before it writes anything: parameters the objective does not have, a fixed
/// setting that is also searched, and a study name that exists with another recipe exit non-zero, name the
/// file, line and field (or the option), and leave the database byte-identical. `vernier worker` runs from the
/// stored recipe.
@Suite struct StudyRecipeCommandTests {
    func binary() throws -> String {
        try #require(vernierBinary(), "the vernier binary is built with the tests (swift test builds every target)")
    }

    /// Runs `arguments` and checks that it fails with every one of `expected` in its output and `database`
    /// unchanged byte for byte.
    func expectRefused(
        _ arguments: [String], in folder: URL, database: URL, _ expected: [String]
    ) throws {
        let before = try Data(contentsOf: database)
        let result = try runVernier(try binary(), arguments, in: folder)
        #expect(result.status != 0, "\(result.output)")
        for text in expected { #expect(result.output.contains(text), "missing '\(text)' in: \(result.output)") }
        #expect(try Data(contentsOf: database) == before, "the database changed")
    }

    @Test func badRecipesAreRefusedBeforeAnythingIsWritten() throws {
        let folder = try temporaryFolder()
        let database = folder.appendingPathComponent("v.db")
        let storage = "sqlite:\(database.path)"
        let first = try runVernier(
            try binary(), ["tune", "branin", "--storage", storage, "--trials", "3", "--report", "none"], in: folder)
        #expect(first.status == 0, "\(first.output)")

        try """
        objective: spirals
        study: typo
        parameters:
          learning_rat: {type: float, low: 0.001, high: 0.1, log: true}
        """.write(to: folder.appendingPathComponent("typo.yaml"), atomically: true, encoding: .utf8)
        try expectRefused(
            ["tune", "typo.yaml", "--storage", storage], in: folder, database: database,
            ["typo.yaml:4", "parameters.learning_rat", "not a parameter of spirals"])

        try """
        objective: spirals
        study: setting
        set:
          epochs: 2
          learning_rat: 0.1
        """.write(to: folder.appendingPathComponent("setting.yaml"), atomically: true, encoding: .utf8)
        try expectRefused(
            ["tune", "setting.yaml", "--storage", storage], in: folder, database: database,
            ["setting.yaml:5", "unknown key 'learning-rat'"])

        try """
        objective: spirals
        study: both
        set:
          epochs: 20
        parameters:
          epochs: {type: categorical, choices: [10, 30]}
        """.write(to: folder.appendingPathComponent("both.yaml"), atomically: true, encoding: .utf8)
        try expectRefused(
            ["tune", "both.yaml", "--storage", storage], in: folder, database: database,
            ["both.yaml:4", "set.epochs", "also searched"])
        try expectRefused(
            ["tune", "spirals", "--storage", storage, "--set", "epochs=20"], in: folder, database: database,
            ["--set", "'epochs' is fixed (set) and also searched"])

        try """
        objective: iris
        study: metric
        metric: val_acurracy
        """.write(to: folder.appendingPathComponent("metric.yaml"), atomically: true, encoding: .utf8)
        try expectRefused(
            ["tune", "metric.yaml", "--storage", storage], in: folder, database: database,
            ["metric.yaml:3", "metric", "reports no metric 'val_acurracy'", "val_accuracy"])

        try expectRefused(
            ["tune", "sphere", "--study", "branin-random", "--storage", storage], in: folder, database: database,
            ["already exists with another recipe", "objective: branin → sphere"])
        try expectRefused(
            ["tune", "branin", "--seed", "9", "--storage", storage], in: folder, database: database,
            ["seed: 0 → 9"])
        try expectRefused(
            ["tune", "branin", "--sampler", "grid", "--candidates", "8", "--storage", storage], in: folder,
            database: database, ["--candidates", "tpe sampler only"])
        try expectRefused(
            ["tune", "branin", "--pruner", "hyperband", "--storage", storage], in: folder, database: database,
            ["--pruner", "max_epochs"])
    }

    @Test func theSameRecipeResumesWithALargerBudgetAndAWorkerRunsFromTheStoredRecipe() throws {
        let folder = try temporaryFolder()
        let storage = "sqlite:\(folder.appendingPathComponent("v.db").path)"
        let common = ["--storage", storage, "--report", "none", "--quiet"]
        let first = try runVernier(try binary(), ["tune", "branin", "--trials", "3"] + common, in: folder)
        #expect(first.status == 0, "\(first.output)")
        let second = try runVernier(try binary(), ["tune", "branin", "--trials", "5"] + common, in: folder)
        #expect(second.status == 0, "\(second.output)")
        // The stored budget is now 5 and complete: a worker joining from the stored recipe has nothing to run.
        let worker = try runVernier(
            try binary(), ["worker", "--study", "branin-random", "--storage", storage, "--quiet"], in: folder)
        #expect(worker.status == 0, "\(worker.output)")
        #expect(worker.output.contains("ran 0 trials"), "\(worker.output)")
        let list = try runVernier(try binary(), ["studies", "list", "--storage", storage], in: folder)
        let row = list.output.split(separator: "\n").first { $0.hasPrefix("branin-random") }
        #expect(row?.split(separator: " ").dropFirst(2).prefix(2) == ["5", "5"], "trials and complete: \(list.output)")
    }

    /// A refused study file or `--set` prints the error alone (no usage text) and exits 64.
    @Test func refusedSettingsPrintTheErrorAlone() throws {
        let folder = try temporaryFolder()
        let storage = "sqlite:\(folder.appendingPathComponent("v.db").path)"
        try "objective: spirals\nset:\n  lr: fast\n".write(
            to: folder.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let file = try runVernier(try binary(), ["tune", "bad.yaml", "--storage", storage], in: folder)
        #expect(file.status == 64, "\(file.output)")
        #expect(
            file.output == "Error: bad.yaml:3: set.lr: 'fast' is not valid; expected a number ≥ 0, e.g. lr=0.01\n")
        let option = try runVernier(
            try binary(), ["tune", "spirals", "--set", "epochs=-2", "--storage", storage], in: folder)
        #expect(option.status == 64, "\(option.output)")
        #expect(option.output.hasPrefix("Error: --set epochs=-2: '-2' is not valid"), "\(option.output)")
        #expect(!option.output.contains("Usage"), "\(option.output)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("v.db").path))
    }

    /// An experiment that reads files has its data loaded before the study is stored: images without a folder
    /// are refused (exit 64, nothing written) instead of failing every trial.
    @Test func dataThatCannotBeReadIsRefusedBeforeTheStudyIsStored() throws {
        let folder = try temporaryFolder()
        let run = try runVernier(
            try binary(), ["tune", "mnist", "--storage", "sqlite:v.db", "--trials", "1", "--report", "none"], in: folder
        )
        #expect(run.status == 64, "\(run.output)")
        #expect(
            run.output == "Error: mnist: missing value for 'data': pass --data DIR (or data=DIR) with the IDX files\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("v.db").path))
    }

    /// `--vectorize` (the switch's earlier name) and a bad `--fused` value are refused naming `--fused` (exit 64,
    /// nothing written); a study file's `vectorize:` key is an unknown key with its file and line.
    @Test func theVectorizeOptionIsRefusedNamingFused() throws {
        let folder = try temporaryFolder()
        let database = folder.appendingPathComponent("v.db")
        let storage = "sqlite:\(database.path)"
        for value in ["on", "off"] {
            let run = try runVernier(
                try binary(), ["tune", "branin", "--vectorize", value, "--storage", storage, "--trials", "2"],
                in: folder)
            #expect(run.status == 64, "\(run.output)")
            #expect(run.output.contains("--vectorize is renamed --fused: use --fused on|off"), "\(run.output)")
        }
        let bad = try runVernier(try binary(), ["tune", "branin", "--fused", "yes", "--storage", storage], in: folder)
        #expect(bad.status == 64, "\(bad.output)")
        #expect(bad.output.contains("--fused: expected on or off, got 'yes'"), "\(bad.output)")
        #expect(!FileManager.default.fileExists(atPath: database.path))

        let first = try runVernier(
            try binary(),
            ["tune", "branin", "--fused", "off", "--storage", storage, "--trials", "2", "--report", "none"],
            in: folder)
        #expect(first.status == 0, "\(first.output)")
        try "objective: branin\nvectorize: false\n".write(
            to: folder.appendingPathComponent("old.yaml"), atomically: true, encoding: .utf8)
        try expectRefused(
            ["tune", "old.yaml", "--storage", storage], in: folder, database: database,
            ["old.yaml:2", "unknown key 'vectorize'"])
        try expectRefused(
            ["tune", "branin", "--vectorize", "off", "--storage", storage, "--trials", "3"], in: folder,
            database: database, ["--fused"])
    }
}
