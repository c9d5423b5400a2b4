import VernierTensor

extension TensorDataset {
    /// The targets as integer class indices (for targets of shape `[N]` holding whole numbers).
    ///
    /// ```swift
    /// let labels = data.classIndices      // [0, 1, 1, ...]
    /// ```
    public var classIndices: [Int] {
        precondition(
            targets.rank == 1 || (targets.rank == 2 && targets.shape[1] == 1),
            "TensorDataset.classIndices needs targets of shape [N] or [N, 1], got \(targets.shape)")
        return targets.scalars.map { Int($0.rounded()) }
    }

    /// The number of classes: `max(class index) + 1` for index targets, `k` for one-hot `[N, k]` targets with
    /// k > 1, 2 for binary `[N, 1]` targets.
    ///
    /// ```swift
    /// Iris().train.classCount   // 3
    /// ```
    public var classCount: Int {
        if targets.rank == 2 && targets.shape[1] > 1 { return targets.shape[1] }
        if targets.rank == 2 { return 2 }
        return (classIndices.max() ?? -1) + 1
    }
}

/// Encodes class indices as one-hot rows: `[N]` indices in `0..<classes` become an `[N, classes]` matrix of 0/1.
///
/// ```swift
/// let codes = oneHot(Tensor([2, 0]), classes: 3)   // [[0, 0, 1], [1, 0, 0]]
/// ```
public func oneHot(_ labels: Tensor, classes: Int) -> Tensor {
    precondition(labels.rank == 1, "oneHot: labels must be a vector of class indices, shape is \(labels.shape)")
    precondition(classes > 0, "oneHot: classes must be positive, got \(classes)")
    let indices = labels.scalars
    return Tensor(shape: [indices.count, classes]) { buffer in
        buffer.initialize(repeating: 0)
        for (row, value) in indices.enumerated() {
            let index = Int(value.rounded())
            precondition(
                index >= 0 && index < classes && Float(index) == value,
                "oneHot: label \(value) at row \(row) is not a class index in 0..<\(classes)")
            buffer[row * classes + index] = 1
        }
    }
}
