import VernierTensor

/// A finite, indexable collection of samples that can be gathered into batches.
///
/// `batch(at:)` takes a slice of indices so a loader can pass a slice of its reusable order buffer without
/// allocating an index array per batch (arrays and ranges are accepted too, through the extension).
///
/// ```swift
/// let data = TensorDataset(features: Tensor([[0, 0], [1, 1]]), targets: Tensor([0, 1]))
/// let batch = data.batch(at: [1, 0])     // features [[1, 1], [0, 0]], targets [1, 0]
/// ```
public protocol Dataset: Sendable {
    /// The number of samples.
    var count: Int { get }
    /// The shape of one sample's features (without the batch axis), e.g. `[2]` or `[1, 28, 28]`.
    var featureShape: [Int] { get }
    /// The shape of one sample's target: `[]` for a class index or scalar, `[k]` for a vector.
    var targetShape: [Int] { get }
    /// The samples at `indices`, in that order, stacked into a batch.
    func batch(at indices: ArraySlice<Int>) -> Batch
}

extension Dataset {
    /// Every sample, in order, as one batch.
    ///
    /// ```swift
    /// let all = validation.all
    /// let predictions = model(all.features)
    /// ```
    public var all: Batch { batch(at: 0..<count) }

    /// The samples at `indices`, in that order.
    ///
    /// ```swift
    /// let batch = data.batch(at: [3, 1, 2])
    /// ```
    public func batch(at indices: [Int]) -> Batch { batch(at: indices[...]) }

    /// The samples in `range`, in order.
    ///
    /// ```swift
    /// let firstHundred = data.batch(at: 0..<100)
    /// ```
    public func batch(at range: Range<Int>) -> Batch { batch(at: Array(range)[...]) }

    /// Whether the data set holds no samples.
    public var isEmpty: Bool { count == 0 }
}
