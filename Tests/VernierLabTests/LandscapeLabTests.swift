import Testing

@testable import VernierLab

@Test func trainedWeightsSitAtTheBottomOfTheSlices() throws {
    let lab = LandscapeLab()
    for direction in ["random", "gradient"] {
        let result = try lab.run(
            try lab.configuration([
                "resolution": "5", "epochs": "10", "train-size": "200", "direction2": direction,
            ]))
        let center = result.alphas.count / 2
        #expect(abs(result.alphas[center]) < 1e-12)
        #expect(abs(result.slice1[center] - result.trainedLoss) < 1e-9)
        // Moving a full filter norm away in either direction costs loss.
        #expect(result.slice1.first! > result.trainedLoss && result.slice1.last! > result.trainedLoss)
        #expect(result.slice2.first! > result.trainedLoss && result.slice2.last! > result.trainedLoss)
        let n = result.alphas.count
        let corners = [0, n - 1, n * (n - 1), n * n - 1].map { result.surface[$0] }
        #expect(corners.allSatisfy { $0 > result.surface[center * n + center] })
    }
}
