import VernierTensor

/// An in-memory data set: a features tensor `[N, ...]` and a targets tensor `[N]` (class indices or scalars)
/// or `[N, k]` (vectors, one-hot codes, regression outputs).
///
/// Batches are gathered row by row straight into the new batch tensors; nothing else is allocated.
///
/// ```swift
/// let data = TensorDataset(features: Tensor([[0, 0], [1, 1], [2, 2]]), targets: Tensor([0, 1, 1]))
/// data.count                 // 3
/// data.batch(at: [2, 0])     // features [[2, 2], [0, 0]], targets [1, 0]
/// ```
public struct TensorDataset: Dataset {
    /// The features, shape `[count] + featureShape`.
    public let features: Tensor
    /// The targets, shape `[count] + targetShape`.
    public let targets: Tensor

    /// Creates a data set from features and targets with the same first dimension.
    ///
    /// ```swift
    /// let data = TensorDataset(features: Tensor.zeros([10, 2]), targets: Tensor.zeros([10, 1]))
    /// ```
    public init(features: Tensor, targets: Tensor) {
        precondition(features.rank >= 1, "TensorDataset: features need a sample axis, shape is \(features.shape)")
        precondition(
            targets.rank >= 1 && targets.shape[0] == features.shape[0],
            "TensorDataset: features \(features.shape) and targets \(targets.shape) differ in their first dimension")
        self.features = features.detached()
        self.targets = targets.detached()
    }

    /// The number of samples.
    public var count: Int { features.shape[0] }

    /// The shape of one sample's features.
    public var featureShape: [Int] { Array(features.shape.dropFirst()) }

    /// The shape of one sample's target.
    public var targetShape: [Int] { Array(targets.shape.dropFirst()) }

    /// The samples at `indices`, in that order.
    public func batch(at indices: ArraySlice<Int>) -> Batch {
        indices.withUnsafeBufferPointer { buffer in
            Batch(features: Self.gather(features, at: buffer), targets: Self.gather(targets, at: buffer))
        }
    }

    /// The subset at `indices` (a copy), e.g. one side of a split.
    ///
    /// ```swift
    /// let firstTen = data.subset(0..<10)
    /// ```
    public func subset<Indices: Collection>(_ indices: Indices) -> TensorDataset where Indices.Element == Int {
        Array(indices).withUnsafeBufferPointer { buffer in
            TensorDataset(features: Self.gather(features, at: buffer), targets: Self.gather(targets, at: buffer))
        }
    }

    /// This data set with `transform` applied to the whole features tensor (e.g. standardization).
    ///
    /// ```swift
    /// let scaled = data.mappingFeatures { $0 * 0.5 }
    /// ```
    public func mappingFeatures(_ transform: (Tensor) throws -> Tensor) rethrows -> TensorDataset {
        TensorDataset(features: try withoutGradient { try transform(features) }, targets: targets)
    }

    /// Copies rows `indices` of `source` (along the first axis) into a new tensor.
    static func gather(_ source: Tensor, at indices: UnsafeBufferPointer<Int>) -> Tensor {
        var shape = source.shape
        let rows = shape[0]
        let rowSize = rows == 0 ? 0 : source.count / rows
        shape[0] = indices.count
        return source.withUnsafeBufferPointer { input in
            Tensor(shape: shape) { output in
                guard let base = input.baseAddress, let out = output.baseAddress else { return }
                var offset = 0
                if rowSize == 1 {
                    for index in indices {
                        precondition(
                            index >= 0 && index < rows, "TensorDataset: index \(index) out of range 0..<\(rows)")
                        out[offset] = base[index]
                        offset += 1
                    }
                    return
                }
                for index in indices {
                    precondition(index >= 0 && index < rows, "TensorDataset: index \(index) out of range 0..<\(rows)")
                    (out + offset).update(from: base + index * rowSize, count: rowSize)
                    offset += rowSize
                }
            }
        }
    }
}
