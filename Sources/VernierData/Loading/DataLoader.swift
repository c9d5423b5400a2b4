import VernierRandom
import VernierTensor

/// Serves a data set in mini-batches, one pass (epoch) at a time, optionally reshuffled each epoch.
///
/// The sample order lives in one index buffer that is shuffled in place at the start of each epoch and sliced
/// for each batch, so an epoch allocates nothing but the batch tensors. The shuffle is seeded: the same seed
/// gives the same batches on every run (PyTorch's `DataLoader(shuffle=True, generator=g)`).
///
/// ```swift
/// var rng = Xoshiro256(seed: 7)
/// var loader = DataLoader(train, batchSize: 10, shuffle: true, using: &rng)
/// for epoch in 1...10 {
///     for batch in loader.epoch() {
///         // batch.features: [10, 2], batch.targets: [10, 1]
///     }
/// }
/// ```
public struct DataLoader<Data: Dataset>: Sendable {
    /// The data set served.
    public let dataset: Data
    /// The number of samples per batch (the last batch of an epoch may be smaller unless `dropLast`).
    public let batchSize: Int
    /// Whether the order is reshuffled at the start of every epoch.
    public let shuffle: Bool
    /// Whether a last, incomplete batch is skipped.
    public let dropLast: Bool
    /// An optional per-batch transform (data augmentation), called with the loader's generator.
    public var transform: (@Sendable (inout Batch, inout Xoshiro256) -> Void)?
    /// The generator the shuffle and the transform draw from.
    public var generator: Xoshiro256
    /// The index buffer, reused across epochs.
    @usableFromInline var order: [Int]

    /// Creates a loader whose shuffle generator is seeded from one draw of `generator`.
    ///
    /// ```swift
    /// var loader = DataLoader(data, batchSize: 64, shuffle: true, dropLast: false, using: &rng)
    /// ```
    public init(
        _ dataset: Data, batchSize: Int, shuffle: Bool = true, dropLast: Bool = false,
        using generator: inout some RandomNumberGenerator
    ) {
        self.init(dataset, batchSize: batchSize, shuffle: shuffle, dropLast: dropLast, seed: generator.next())
    }

    /// Creates a loader with a shuffle generator seeded with `seed`.
    ///
    /// ```swift
    /// var loader = DataLoader(data, batchSize: 10, seed: 42)
    /// ```
    public init(_ dataset: Data, batchSize: Int, shuffle: Bool = true, dropLast: Bool = false, seed: UInt64) {
        precondition(batchSize > 0, "DataLoader: batchSize must be positive, got \(batchSize)")
        self.dataset = dataset
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
        self.generator = Xoshiro256(seed: seed)
        self.order = Array(0..<dataset.count)
        self.transform = nil
    }

    /// The number of batches in one epoch.
    ///
    /// ```swift
    /// DataLoader(data4000, batchSize: 10, seed: 0).batchesPerEpoch   // 400
    /// ```
    public var batchesPerEpoch: Int {
        let count = dataset.count
        return dropLast ? count / batchSize : (count + batchSize - 1) / batchSize
    }

    /// The number of samples served in one epoch.
    public var samplesPerEpoch: Int { dropLast ? batchesPerEpoch * batchSize : dataset.count }

    /// Starts an epoch: reshuffles the order (when `shuffle`) and returns the sequence of its batches.
    ///
    /// ```swift
    /// for batch in loader.epoch() { train(on: batch) }
    /// ```
    @inlinable
    public mutating func epoch() -> DataLoaderEpoch<Data> {
        if shuffle { Self.shuffle(&order, using: &generator) }
        // The transform's generator is forked per epoch so that the shuffle stream does not depend on it.
        let transformGenerator = Xoshiro256(seed: generator.next())
        return DataLoaderEpoch(
            dataset: dataset, order: order, batchSize: batchSize, dropLast: dropLast, transform: transform,
            generator: transformGenerator)
    }

    /// The current sample order (the permutation used by the most recent epoch).
    public var currentOrder: [Int] { order }

    /// Fisher-Yates on the concrete generator: the same permutation as VernierRandom's `deterministicShuffle`,
    /// without generic dispatch per swap.
    @usableFromInline
    static func shuffle(_ order: inout [Int], using generator: inout Xoshiro256) {
        order.withUnsafeMutableBufferPointer { buffer in
            var i = buffer.count - 1
            while i > 0 {
                let j = generator.nextInt(below: i + 1)
                buffer.swapAt(i, j)
                i -= 1
            }
        }
    }
}

/// The batches of one epoch of a ``DataLoader``, in order.
///
/// ```swift
/// for batch in loader.epoch() { print(batch.count) }
/// ```
public struct DataLoaderEpoch<Data: Dataset>: Sequence, Sendable {
    @usableFromInline let dataset: Data
    @usableFromInline let order: [Int]
    @usableFromInline let batchSize: Int
    @usableFromInline let dropLast: Bool
    @usableFromInline let transform: (@Sendable (inout Batch, inout Xoshiro256) -> Void)?
    @usableFromInline let generator: Xoshiro256

    @inlinable
    init(
        dataset: Data, order: [Int], batchSize: Int, dropLast: Bool,
        transform: (@Sendable (inout Batch, inout Xoshiro256) -> Void)?, generator: Xoshiro256
    ) {
        self.dataset = dataset
        self.order = order
        self.batchSize = batchSize
        self.dropLast = dropLast
        self.transform = transform
        self.generator = generator
    }

    /// The number of batches.
    public var underestimatedCount: Int {
        dropLast ? order.count / batchSize : (order.count + batchSize - 1) / batchSize
    }

    /// Iterates over the batches.
    @inlinable
    public func makeIterator() -> Iterator {
        Iterator(epoch: self, position: 0, generator: generator)
    }

    /// Gathers one batch after another from the shared order buffer.
    public struct Iterator: IteratorProtocol {
        @usableFromInline let epoch: DataLoaderEpoch
        @usableFromInline var position: Int
        @usableFromInline var generator: Xoshiro256

        @inlinable
        init(epoch: DataLoaderEpoch, position: Int, generator: Xoshiro256) {
            self.epoch = epoch
            self.position = position
            self.generator = generator
        }

        /// The next batch, or `nil` at the end of the epoch.
        @inlinable
        public mutating func next() -> Batch? {
            let total = epoch.order.count
            guard position < total else { return nil }
            let end = Swift.min(position + epoch.batchSize, total)
            if epoch.dropLast && end - position < epoch.batchSize { return nil }
            var batch = epoch.dataset.batch(at: epoch.order[position..<end])
            position = end
            if let transform = epoch.transform { transform(&batch, &generator) }
            return batch
        }
    }
}
