import Testing
import VernierExperiments

/// Study files of the data experiments: `csv` and `mnist` are tunable, and their data paths are read from the
/// study file's folder.
@Suite struct DataStudyFileTests {
    @Test func relativeDataPathsAreReadFromTheStudyFilesFolder() throws {
        let csv = try StudyFile.parse(
            "experiment: csv\nset: {file: tables/t.csv, label: y}\ntrials: 2\n", file: "/work/study/s.yaml"
        ).resolved()
        #expect(csv.objective == "csv")
        #expect(csv.settings["file"] == .text("/work/study/tables/t.csv"), "workers get the absolute path")
        #expect(csv.settings["label"] == .text("y"))
        let absolute = try StudyFile.parse("experiment: csv\nset: {file: /data/t.csv, label: y}\n", file: "s.yaml")
            .resolved()
        #expect(absolute.settings["file"] == .text("/data/t.csv"))
        let mnist = try StudyFile.parse("experiment: mnist\nset: {data: ../idx, epochs: 1}\n", file: "/a/b/s.yaml")
            .resolved()
        #expect(mnist.settings["data"] == .text("/a/idx"))
        #expect(mnist.direction == .maximize && mnist.metric == "val_accuracy")
    }

    @Test func csvKeysCanBeSearched() throws {
        let file = try StudyFile.parse(
            """
            experiment: csv
            set: {file: t.csv, label: y}
            parameters:
              label-kind: {type: categorical, choices: [classes, numeric]}
              test-fraction: {type: categorical, choices: [0.1, 0.2]}
              standardize: {type: categorical, choices: [true, false]}
            """, file: "/s/s.yaml")
        let configuration = try file.resolved()
        #expect(configuration.space.names == ["label-kind", "test-fraction", "standardize"])
    }
}
