import Foundation
import Testing
import VernierExperiments
import VernierTune

/// One recipe: a study file and command-line options are partial recipes merged field by field (the later wins)
/// and resolved over the objective's defaults; validation names the file and line, or the option, of the field
/// that is wrong; a stored spec of an older version still runs.
@Suite struct StudySpecRecipeTests {
    static let file = """
        objective: iris
        sampler: tpe
        trials: 6
        pruner: {name: sha, min_epochs: 2}
        set: {epochs: 12, batch_size: 16}
        parameters:
          lr: {type: float, low: 0.001, high: 0.1, log: true}
        """

    @Test func optionsWinOverTheFileWhichWinsOverTheDefaults() throws {
        var options = StudySpec.Overrides()
        options.trials = 9
        options.settings = [StudySpec.settingKey("epochs"): "20"]
        options.prunerEdits = [.maxEpochs(18)]
        let merged = try StudyFile.parse(Self.file, file: "s.yaml").merging(options)
        let spec = try merged.resolved()
        #expect(spec.trials == 9, "option over file")
        #expect(spec.sampler == .tpe, "file over default")
        #expect(spec.repeats == 1 && spec.seed == 0 && spec.metric == "val_accuracy", "defaults of iris")
        #expect(spec.settings == ["epochs": .integer(20), "batch-size": .integer(16)], "settings merge key by key")
        #expect(spec.pruner.kind == .sha && spec.pruner.minEpochs == 2 && spec.pruner.maxEpochs == 18)
        #expect(spec.space.names == ["lr"])
        #expect(merged.studyName(sampler: spec.sampler) == "iris-tpe")
        // A pruner named by the later source replaces the earlier one, settings and all.
        var named = StudySpec.Overrides()
        named.pruner = PrunerSettings(kind: .median)
        #expect(try StudyFile.parse(Self.file).merging(named).resolved().pruner == PrunerSettings(kind: .median))
    }

    @Test func errorsNameTheFileLineOrTheOption() throws {
        func failure(_ overrides: StudySpec.Overrides) -> (any Error)? {
            do {
                _ = try overrides.resolved()
                return nil
            } catch { return error }
        }
        let both = Self.file + "\n  epochs: {type: categorical, choices: [5, 10]}\n"
        let file = try StudyFile.parse(both, file: "s.yaml")
        let fromFile = try #require(failure(file) as? StudyFileError)
        #expect(fromFile.line == 5 && fromFile.field == "set.epochs", "\(fromFile)")
        var option = StudySpec.Overrides(objective: "spirals")
        option.settings = ["epochs": "20"]
        option.origins.options["set.epochs"] = "--set"
        let fromOption = try #require(failure(option) as? RecipeOptionError)
        #expect(fromOption.option == "--set" && fromOption.message.contains("also searched"))
        var metric = try StudyFile.parse("objective: iris\nmetric: val_acurracy\n", file: "m.yaml")
        #expect((failure(metric) as? StudyFileError)?.line == 2)
        metric.metric = "val_loss"
        #expect(failure(metric) == nil)
        // 40 values on each of 4 axes (and 5 on the other two): 64 000 000 points, above the grid limit, refused
        // before anything runs.
        var grid = StudySpec.Overrides(objective: "hartmann6")
        grid.sampler = .grid
        let axis = (0..<40).map { ParameterValue.double(Double($0) / 40) }
        grid.values = ["x0": axis, "x1": axis, "x2": axis, "x3": axis]
        let tooLarge = try #require(failure(grid) as? RecipeOptionError)
        #expect(tooLarge.message.contains("grid"), "\(tooLarge)")
        grid.values = ["x0": axis]
        #expect(failure(grid) == nil, "125 000 points are allowed")
    }

    @Test func aVersionOneStoredSpecStillRunsAndResumes() throws {
        // What an older Vernier stored: the same fields without `command`, version 1.
        var options = StudySpec.Overrides(objective: "sphere")
        options.seed = 3
        options.trials = 4
        let current = try options.resolved().json()
        #expect(!current.contains("\"command\"") && current.contains("\"version\":3"))
        let stored = current.replacingOccurrences(of: "\"version\":3", with: "\"version\":1")
        let spec = try StudySpec(json: stored, study: "old")
        #expect(spec.version == StudySpec.currentVersion && spec.command == nil && spec.seed == 3)
        let storage = InMemoryStorage()
        let runner = try StudyRunner(spec: spec, studyName: "old")
        #expect(try runner.run(storage: storage).trials["complete"] == 4)
        // The spec it stored is the same recipe: the same command line resumes with a larger budget.
        var resumed = spec
        resumed.trials = 6
        #expect(try resumed.checkStored(study: "old", in: storage) == spec)
        #expect(try StudyRunner(spec: resumed, studyName: "old").run(storage: storage).trials["complete"] == 6)
        var other = spec
        other.seed = 4
        #expect(throws: StudySpecError.mismatch(study: "old", differences: ["seed: 3 → 4"])) {
            try other.checkStored(study: "old", in: storage)
        }
    }

    /// A spec stored before the fused switch took its name holds `vectorize`, not `fused`: it is read with that
    /// value, the study resumes under the same recipe, and the run stores it back as `fused`.
    @Test func aSpecStoredWithTheVectorizeKeyStillResumes() throws {
        // Exactly what `vernier tune sphere --trials 2 --seed 3` stored before the rename (build b0e0f34).
        let stored = #"""
            {"baseline":{},"constraints":[],"directions":["minimize"],"metrics":["value"],"noise":0,\#
            "objective":"sphere","pruner":{"kind":"none"},"repeats":1,"sampler":"random","seed":3,"settings":{},\#
            "space":[{"high":5,"log":false,"low":-5,"name":"x0","type":"float"},\#
            {"high":5,"log":false,"low":-5,"name":"x1","type":"float"}],"test":true,"trials":2,"values":{},\#
            "vectorize":true,"version":3}
            """#
        #expect(try StudySpec(json: stored, study: "old").fused)
        let off = try StudySpec(
            json: stored.replacingOccurrences(of: #""vectorize":true"#, with: #""vectorize":false"#), study: "old")
        #expect(!off.fused)
        let neither = stored.replacingOccurrences(of: #""vectorize":true,"#, with: "")
        #expect(throws: StudySpecError.self) { try StudySpec(json: neither, study: "old") }

        var options = StudySpec.Overrides(objective: "sphere")
        options.seed = 3
        options.trials = 2
        let storage = InMemoryStorage()
        #expect(
            try StudyRunner(spec: try options.resolved(), studyName: "old").run(storage: storage).trials["complete"]
                == 2)
        let record = try #require(try storage.study(named: "old"))
        try storage.setStudyAttribute(
            studyID: record.id, key: StudySpec.attributeKey, value: .string(stored), kind: .system)

        options.trials = 4
        options.fused = false
        let resumed = try options.resolved()
        #expect(try resumed.checkStored(study: "old", in: storage)?.fused == true, "read from `vectorize`")
        #expect(try StudyRunner(spec: resumed, studyName: "old").run(storage: storage).trials["complete"] == 4)
        let json = try #require(
            try storage.studyAttributes(studyID: record.id, kind: .system)[StudySpec.attributeKey]?.stringValue)
        #expect(json.contains(#""fused":false"#) && !json.contains("vectorize"), "\(json)")
    }

    /// Stored settings stay text in the JSON and are read back typed: an older spec's text as its user wrote it
    /// ("Adam", "0.10") is the same recipe as today's canonical text.
    @Test func storedSettingsAreTextReadBackTyped() throws {
        var options = StudySpec.Overrides(objective: "iris")
        options.settings = ["momentum": "0.5", "optimizer": "adam", "dropout": "0.1"]
        let spec = try options.resolved()
        #expect(spec.settings == ["momentum": .number(0.5), "optimizer": .optimizer(.adam), "dropout": .number(0.1)])
        let json = try spec.json()
        #expect(json.contains(#""settings":{"dropout":"0.1","momentum":"0.5","optimizer":"adam"}"#), "\(json)")
        let older = json.replacingOccurrences(of: #""optimizer":"adam""#, with: #""optimizer":"Adam""#)
            .replacingOccurrences(of: #""dropout":"0.1""#, with: #""dropout":"0.10""#)
        let read = try StudySpec(json: older, study: "s")
        #expect(read.settings == spec.settings)
        #expect(read.differences(from: spec).isEmpty)
        let broken = json.replacingOccurrences(of: #""momentum":"0.5""#, with: #""momentum":"-2""#)
        #expect(throws: StudySpecError.self) { try StudySpec(json: broken, study: "s") }
    }

    /// A wrong `set:` value names the file, the line and `set.<key>` once, and a wrong `--set` the option with
    /// its key and value; the typed check in `validate()` names the key too.
    @Test func settingErrorsNameTheKeyOnce() throws {
        let file = try StudyFile.parse("objective: spirals\nset:\n  lr: fast\n", file: "s.yaml")
        let fromFile = try #require(
            { () -> (any Error)? in
                do { _ = try file.resolved() } catch { return error }
                return nil
            }() as? StudyFileError)
        #expect(
            fromFile.description == "s.yaml:3: set.lr: 'fast' is not valid; expected a number ≥ 0, e.g. lr=0.01")
        #expect(fromFile.description.components(separatedBy: "set").count == 2, "'set' once: \(fromFile)")
        var option = StudySpec.Overrides(objective: "spirals")
        option.settings = ["optimizer": "lbfgs"]
        option.origins.options["set.optimizer"] = "--set optimizer=lbfgs"
        #expect(throws: RecipeOptionError.self) { try option.resolved() }
        do {
            _ = try option.resolved()
        } catch let error as RecipeOptionError {
            #expect(error.description.hasPrefix("--set optimizer=lbfgs: 'lbfgs' is not valid; expected one of sgd"))
        }
        var spec = try StudySpec.Overrides(objective: "spirals").resolved()
        spec.settings = ["epochs": .number(2.5)]
        #expect(
            throws: RecipeError.invalidSetting(
                key: "epochs", value: "2.5", expected: "a whole number ≥ 0, e.g. epochs=10")
        ) {
            try spec.validate()
        }
    }
}
