import Testing

@testable import VernierLab

@Test func everyBatchSizeTrainsWithinTheBudgetAndCostsAreMeasured() throws {
    let lab = MinibatchLab()
    let result = try lab.run(
        try lab.configuration([
            "budget": "0.05", "batch-sizes": "1,16,0", "train-size": "200", "sizes": "1,10,100,1000", "repeats": "2",
        ]))
    #expect(result.batches.map(\.batchSize) == [1, 16, 200])
    for batch in result.batches {
        #expect(batch.steps >= 1)
        #expect(batch.samples == batch.steps * batch.batchSize)
        #expect(batch.loss.isFinite)
    }
    #expect(result.batches.map(\.loss).min()! < result.initialLoss)
    // N larger than the training set is left out.
    #expect(result.costs.map(\.samples) == [1, 10, 100])
    #expect(result.costs.allSatisfy { $0.seconds > 0 })
}
