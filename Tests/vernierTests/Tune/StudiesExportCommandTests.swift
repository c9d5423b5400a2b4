import Foundation
import Testing

@Suite struct StudiesExportCommandTests {
    @Test func exportWritesCSVAndJSONWithOutAndKeepsOutputAsAHiddenAlias() throws {
        let binary = try #require(vernierBinary(), "no vernier binary found (build it with `swift build`)")
        let folder = try temporaryFolder()
        let tune = try runVernier(
            binary, ["tune", "sphere", "--storage", "sqlite:v.db", "--trials", "4", "--report", "none"], in: folder)
        #expect(tune.status == 0, "\(tune.output)")
        let storage = ["--storage", "sqlite:v.db"]
        let csv = try runVernier(
            binary, ["studies", "export", "sphere-random", "--out", "a.csv"] + storage, in: folder)
        #expect(csv.status == 0, "\(csv.output)")
        let alias = try runVernier(
            binary, ["studies", "export", "sphere-random", "--output", "b.csv"] + storage, in: folder)
        #expect(alias.status == 0, "\(alias.output)")
        let a = try String(contentsOf: folder.appendingPathComponent("a.csv"), encoding: .utf8)
        #expect(a == (try String(contentsOf: folder.appendingPathComponent("b.csv"), encoding: .utf8)))
        let lines = a.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix("number,state,value,datetime_start,datetime_complete,duration_s,params_x0,"))
        let json = try runVernier(
            binary, ["studies", "export", "sphere-random", "--format", "json", "--out", "s.json"] + storage,
            in: folder)
        #expect(json.status == 0, "\(json.output)")
        let data = try Data(contentsOf: folder.appendingPathComponent("s.json"))
        let study = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(study["name"] as? String == "sphere-random")
        let trials = try #require(study["trials"] as? [[String: Any]])
        #expect(trials.count == 4)
        #expect(trials.allSatisfy { ($0["start"] as? String)?.hasSuffix("Z") == true && $0["value"] is Double })
        #expect(trials.allSatisfy { $0["system_attributes"] is [String: Any] && $0["user_attributes"] != nil })
        let help = try runVernier(binary, ["studies", "export", "--help"], in: folder)
        #expect(help.output.contains("--out") && !help.output.contains("--output"), "\(help.output)")
    }
}
