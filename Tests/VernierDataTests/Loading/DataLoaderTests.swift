import Testing
import VernierData
import VernierTensor

@Suite struct DataLoaderTests {
    let data = TensorDataset(
        features: Tensor(shape: [23, 2], scalars: (0..<46).map(Float.init)),
        targets: Tensor(shape: [23], scalars: (0..<23).map(Float.init)))

    @Test func everySampleOncePerEpoch() {
        var loader = DataLoader(data, batchSize: 5, shuffle: true, seed: 3)
        #expect(loader.batchesPerEpoch == 5)
        var previous: [Int] = []
        for _ in 0..<3 {
            var seen: [Int] = []
            var sizes: [Int] = []
            for batch in loader.epoch() {
                sizes.append(batch.count)
                let targets = batch.targets.scalars.map { Int($0) }
                seen += targets
                // Features travel with their target: row i holds [2i, 2i + 1].
                #expect(batch.features.scalars == targets.flatMap { [Float(2 * $0), Float(2 * $0 + 1)] })
            }
            #expect(sizes == [5, 5, 5, 5, 3])
            #expect(seen.sorted() == Array(0..<23))
            #expect(seen != previous)
            previous = seen
        }
    }

    @Test func dropLastSkipsTheIncompleteBatch() {
        var loader = DataLoader(data, batchSize: 5, shuffle: false, dropLast: true, seed: 0)
        let batches = Array(loader.epoch())
        #expect(loader.batchesPerEpoch == 4)
        #expect(batches.count == 4)
        #expect(batches[0].targets.scalars == [0, 1, 2, 3, 4])
        #expect(loader.samplesPerEpoch == 20)
    }

    @Test func sameSeedSameOrder() {
        var first = DataLoader(data, batchSize: 4, seed: 11)
        var second = DataLoader(data, batchSize: 4, seed: 11)
        for _ in 0..<2 {
            let a = first.epoch().map { $0.targets.scalars }
            let b = second.epoch().map { $0.targets.scalars }
            #expect(a == b)
        }
        var other = DataLoader(data, batchSize: 4, seed: 12)
        #expect(other.epoch().map { $0.targets.scalars } != first.epoch().map { $0.targets.scalars })
    }

    @Test func transformSeesEveryBatch() {
        var loader = DataLoader(data, batchSize: 10, shuffle: false, seed: 0)
        loader.transform = { batch, _ in batch.features = batch.features * 0 }
        for batch in loader.epoch() { #expect(batch.features.scalars.allSatisfy { $0 == 0 }) }
    }
}
