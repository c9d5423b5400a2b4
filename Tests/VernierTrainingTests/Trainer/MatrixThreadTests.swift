import Foundation
import Testing
import VernierNN
import VernierRandom

@testable import VernierTraining

/// `Trainer.matrixThreads`: how many BLAS threads the fused step trains with. (The process-wide count itself is
/// not read here: other suites train at the same time and change it.)
@Suite struct MatrixThreadTests {
    func largestProduct(sizes: [Int], batchSize: Int) throws -> Int {
        var rng = Xoshiro256(seed: 1)
        let model = MLP(sizes: sizes, activation: .relu, using: &rng)
        let step = FusedMLPStep(model: model, loss: .meanSquaredError, batchSize: batchSize)
        return step.largestProductOperations
    }

    @Test func smallModelsTrainOnOneThreadLargeOnesOnBLASsCount() throws {
        let trainer = Trainer(loss: .meanSquaredError, batchSize: 64, epochs: 1)
        // Fashion-MNIST's MLP: 2 · 64 · 784 · 200 operations in its widest layer.
        let fashion = try largestProduct(sizes: [784, 200, 100, 50, 10], batchSize: 64)
        #expect(fashion == 2 * 64 * 784 * 200)
        #expect(trainer.matrixThreadCount(largestProduct: fashion, blasDefault: 2) == 1)
        let large = try largestProduct(sizes: [1024, 1024, 10], batchSize: 64)
        #expect(large == 2 * 64 * 1024 * 1024)
        #expect(trainer.matrixThreadCount(largestProduct: large, blasDefault: 2) == 2)
        #expect(trainer.matrixThreadCount(largestProduct: large, blasDefault: 4) == 4)
    }

    @Test func anExplicitCountWins() {
        var trainer = Trainer(loss: .meanSquaredError, batchSize: 64, epochs: 1)
        trainer.matrixThreads = 2
        #expect(trainer.matrixThreadCount(largestProduct: 10, blasDefault: 1) == 2)
        trainer.matrixThreads = 1
        #expect(trainer.matrixThreadCount(largestProduct: 1 << 30, blasDefault: 2) == 1)
    }
}
