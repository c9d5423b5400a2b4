import Foundation
import Testing

/// `vernier ask` / `vernier tell` for a study evaluated outside Vernier: the recipe stored at the first ask,
/// every sampler, pruning through `tell --step`, negative values, JSON choices and messages by trial number.
@Suite struct AskTellCommandTests {
    func vernier(_ arguments: [String], in folder: URL) throws -> (status: Int32, output: String) {
        let binary = try #require(vernierBinary(), "build the vernier binary first (swift build)")
        return try runVernier(binary, arguments, in: folder)
    }

    func asked(_ output: String) throws -> (trial: Int, parameters: [String: Any]) {
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(output)")
        return (try #require(json["trial"] as? Int), try #require(json["parameters"] as? [String: Any]))
    }

    @Test func theFirstAskStoresTheRecipeAndLaterAsksUseIt() throws {
        let folder = try temporaryFolder()
        let storage = ["--storage", "sqlite:v.db"]
        let first = try vernier(
            [
                "ask", "--study", "ext", "--direction", "maximize", "--sampler", "tpe", "--seed", "3",
                "--param", "x=float:-2:2", "--param", #"layers=cat:["64,32","128"]"#,
            ] + storage, in: folder)
        #expect(first.status == 0, "\(first.output)")
        let (number, parameters) = try asked(first.output)
        #expect(number == 0)
        #expect(["64,32", "128"].contains(parameters["layers"] as? String ?? ""), "\(parameters)")
        // A negative value, a maximize study, and no --direction on later asks.
        let told = try vernier(["tell", "--study", "ext", "--trial", "0", "--value", "-3.2"] + storage, in: folder)
        #expect(told.status == 0 && told.output.contains("complete -3.2"), "\(told.output)")
        for expected in 1..<12 {
            let next = try vernier(["ask", "--study", "ext"] + storage, in: folder)
            #expect(next.status == 0, "\(next.output)")
            let (trial, values) = try asked(next.output)
            #expect(trial == expected)
            let x = try #require(values["x"] as? Double)
            let tell = try vernier(
                ["tell", "--study", "ext", "--trial", "\(trial)", "--value", "\(-(x - 1) * (x - 1))"] + storage,
                in: folder)
            #expect(tell.status == 0, "\(tell.output)")
        }
        let best = try vernier(["studies", "best", "ext"] + storage, in: folder)
        #expect(best.status == 0, "\(best.output)")
        // An option that contradicts the stored recipe is refused, naming the field; nothing is asked.
        let changed = try vernier(["ask", "--study", "ext", "--sampler", "random"] + storage, in: folder)
        #expect(changed.status == 64)
        #expect(changed.output.contains("sampler: tpe → random"), "\(changed.output)")
        #expect(!changed.output.contains("Usage"), "a refusal stands alone: \(changed.output)")
        let direction = try vernier(["ask", "--study", "ext", "--direction", "minimize"] + storage, in: folder)
        #expect(direction.status != 0 && direction.output.contains("direction: maximize → minimize"))
        let show = try vernier(["studies", "show", "ext"] + storage, in: folder)
        #expect(!show.output.contains("running"), "\(show.output)")
        // Messages name trial numbers.
        let again = try vernier(["tell", "--study", "ext", "--trial", "0", "--value", "1"] + storage, in: folder)
        #expect(again.status == 64)
        #expect(again.output.contains("trial 0 of study 'ext' is complete"), "\(again.output)")
        #expect(!again.output.contains("Usage"), "\(again.output)")
        // A worker of a study without a stored recipe is refused alone too.
        let worker = try vernier(["worker", "--study", "nosuch"] + storage, in: folder)
        #expect(worker.status == 64, "\(worker.output)")
        #expect(worker.output.hasPrefix("Error: ") && !worker.output.contains("Usage"), "\(worker.output)")
    }

    @Test func gridAsksEveryPointOnceThenSaysTheStudyIsSpent() throws {
        let folder = try temporaryFolder()
        let storage = ["--storage", "sqlite:v.db"]
        var seen: Set<String> = []
        for _ in 0..<6 {
            let ask = try vernier(
                ["ask", "--study", "g", "--sampler", "grid", "--param", "a=int:1:3", "--param", "b=cat:x,y"] + storage,
                in: folder)
            #expect(ask.status == 0, "\(ask.output)")
            let (trial, parameters) = try asked(ask.output)
            seen.insert("\(parameters["a"] ?? "?")-\(parameters["b"] ?? "?")")
            _ = try vernier(["tell", "--study", "g", "--trial", "\(trial)", "--value", "1"] + storage, in: folder)
        }
        #expect(seen.count == 6)
        let spent = try vernier(["ask", "--study", "g"] + storage, in: folder)
        #expect(spent.status != 0)
        #expect(spent.output.contains("no trial left"), "\(spent.output)")
    }

    @Test func tellStepAnswersWithTheStoredPruner() throws {
        let folder = try temporaryFolder()
        let storage = ["--storage", "sqlite:v.db"]
        // Five complete trials that reach 0.1 at every step, then one that stays at 5: the median rule prunes it.
        for trial in 0..<6 {
            let ask = try vernier(
                ["ask", "--study", "p", "--pruner", "median", "--param", "x=float:0:1"] + storage, in: folder)
            #expect(ask.status == 0, "\(ask.output)")
            #expect(try asked(ask.output).trial == trial)
            let value = trial < 5 ? "0.1" : "5"
            let report = try vernier(
                ["tell", "--study", "p", "--trial", "\(trial)", "--step", "2", "--value", value] + storage, in: folder)
            #expect(report.status == 0, "\(report.output)")
            let json = try #require(
                try JSONSerialization.jsonObject(with: Data(report.output.utf8)) as? [String: Any], "\(report.output)")
            #expect(json["prune"] as? Bool == (trial == 5), "trial \(trial): \(report.output)")
            #expect(json["step"] as? Int == 2)
            if trial < 5 {
                _ = try vernier(
                    ["tell", "--study", "p", "--trial", "\(trial)", "--value", "0.1"] + storage, in: folder)
            }
        }
        let pruned = try vernier(["tell", "--study", "p", "--trial", "5", "--state", "pruned"] + storage, in: folder)
        #expect(pruned.status == 0 && pruned.output.contains("pruned 5"), "\(pruned.output)")
        let negative = try vernier(
            ["tell", "--study", "p", "--trial", "5", "--step", "-1", "--value", "1"] + storage, in: folder)
        #expect(negative.status != 0 && negative.output.contains("--step must be ≥ 0"), "\(negative.output)")
    }

    @Test func aNewStudyNeedsParametersAndTuneRefusesExternalObjectives() throws {
        let folder = try temporaryFolder()
        let bare = try vernier(["ask", "--study", "nothing", "--storage", "sqlite:v.db"], in: folder)
        #expect(bare.status != 0)
        #expect(bare.output.contains("give its parameters with --param"), "\(bare.output)")
        let tune = try vernier(["tune", "external", "--storage", "memory:"], in: folder)
        #expect(tune.status != 0)
        #expect(tune.output.contains("evaluated outside Vernier"), "\(tune.output)")
        let file =
            "study: from-file\nobjective: external\nsampler: sobol\nparameters:\n  x: {type: float, low: 0, high: 1}\n"
        try file.write(to: folder.appendingPathComponent("study.yaml"), atomically: true, encoding: .utf8)
        let fromFile = try vernier(["ask", "--study-file", "study.yaml", "--storage", "sqlite:v.db"], in: folder)
        #expect(fromFile.status == 0, "\(fromFile.output)")
        #expect(try asked(fromFile.output).parameters["x"] is Double)
        let next = try vernier(["ask", "--study", "from-file", "--storage", "sqlite:v.db"], in: folder)
        #expect(try asked(next.output).trial == 1, "\(next.output)")
        let tuneFile = try vernier(["tune", "study.yaml", "--storage", "sqlite:v.db"], in: folder)
        #expect(tuneFile.status != 0 && tuneFile.output.contains("evaluated outside Vernier"), "\(tuneFile.output)")
        let badJSON = try vernier(
            ["ask", "--study", "j", "--storage", "memory:", "--param", #"c=cat:["a", {"b": 1}]"#], in: folder)
        #expect(badJSON.status != 0 && badJSON.output.contains("JSON array"), "\(badJSON.output)")
    }
}
