import Foundation
import Testing

/// `vernier train` says when a classifier ends barely above chance, and the settings it suggests for spirals
/// learn the task.
@Suite struct LearningWarningTests {
    @Test func spiralsWithALogitsLossSaysItDidNotLearnAndWhatDoes() throws {
        let binary = try #require(vernierBinary(), "build the vernier binary first (swift build)")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, output) = try runVernier(
            binary, ["train", "spirals", "--quiet", "--set", "loss=bce-logits"], in: folder)
        #expect(status == 0, "\(output)")
        #expect(
            output.contains(
                "warning: val_accuracy 0.5580 is barely above chance (0.5200, always answering the most frequent "
                    + "class): the model has not learned spirals. Settings that learn it: --set layers=2,64,64,1 "
                    + "--set activation=tanh --set loss=bce-logits --set optimizer=adam --set lr=0.003 "
                    + "--set epochs=30."),
            "\(output)")
        // The suggested settings learn it, and then there is no warning.
        let (learnedStatus, learned) = try runVernier(
            binary,
            [
                "train", "spirals", "--quiet", "--set", "layers=2,64,64,1", "--set", "activation=tanh", "--set",
                "loss=bce-logits", "--set", "optimizer=adam", "--set", "lr=0.003", "--set", "epochs=30",
            ], in: folder)
        #expect(learnedStatus == 0, "\(learned)")
        #expect(!learned.contains("warning"), "\(learned)")
        let accuracy = learned.split(separator: "\n").first { $0.contains("val_accuracy") }
            .flatMap { Double($0.split(separator: " ").last ?? "") }
        #expect((accuracy ?? 0) >= 0.97, "\(learned)")
    }
}
