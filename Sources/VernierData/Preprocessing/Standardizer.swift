import VernierTensor

/// Standardization `(x − mean) / standardDeviation`, fitted on one tensor (the training features) and applied to
/// any other (scikit-learn's `StandardScaler`: population standard deviation; a constant feature is left
/// unscaled).
///
/// Per feature, the statistics are taken over the first axis for every trailing position; with
/// `perFeature: false` one scalar mean and standard deviation are used for all features (images).
///
/// ```swift
/// let standardizer = Standardizer(fittedOn: train.features)
/// let scaled = standardizer(validation.features)
/// ```
public struct Standardizer: Sendable, Codable, Equatable {
    /// The mean of each feature (one element when fitted with `perFeature: false`).
    public var mean: [Float]
    /// The standard deviation of each feature (one element when fitted with `perFeature: false`).
    public var standardDeviation: [Float]

    /// Creates a standardizer from known statistics.
    ///
    /// ```swift
    /// let standardizer = Standardizer(mean: [0.286], standardDeviation: [0.353])
    /// ```
    public init(mean: [Float], standardDeviation: [Float]) {
        precondition(
            mean.count == standardDeviation.count && !mean.isEmpty,
            "Standardizer: mean and standardDeviation need the same non-zero length")
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// Fits the statistics on `features` (shape `[N, ...]`), per feature or as one scalar pair.
    ///
    /// ```swift
    /// let standardizer = Standardizer(fittedOn: train.features, perFeature: true)
    /// ```
    public init(fittedOn features: Tensor, perFeature: Bool = true) {
        precondition(features.rank >= 1 && features.shape[0] > 0, "Standardizer: need at least one sample")
        let rows = features.shape[0]
        let width = perFeature ? features.count / rows : 1
        let samplesPerColumn = features.count / width
        var sums = [Double](repeating: 0, count: width)
        var squares = [Double](repeating: 0, count: width)
        features.withUnsafeBufferPointer { values in
            for (index, value) in values.enumerated() {
                sums[index % width] += Double(value)
            }
            let means = sums.map { $0 / Double(samplesPerColumn) }
            for (index, value) in values.enumerated() {
                let deviation = Double(value) - means[index % width]
                squares[index % width] += deviation * deviation
            }
        }
        mean = sums.map { Float($0 / Double(samplesPerColumn)) }
        standardDeviation = squares.map {
            let deviation = ($0 / Double(samplesPerColumn)).squareRoot()
            return deviation > 1e-12 ? Float(deviation) : 1
        }
    }

    /// Standardizes `features` (shape `[N, ...]` with the same trailing size as the fitted tensor).
    ///
    /// ```swift
    /// let scaled = standardizer(test.features)
    /// ```
    public func callAsFunction(_ features: Tensor) -> Tensor {
        let width = mean.count
        precondition(
            width == 1 || (features.rank >= 1 && features.shape[0] > 0 && features.count / features.shape[0] == width)
                || features.count == 0,
            "Standardizer: fitted on \(width) features, got shape \(features.shape)")
        let inverse = standardDeviation.map { 1 / $0 }
        return features.withUnsafeBufferPointer { values in
            Tensor(shape: features.shape) { output in
                for index in values.indices {
                    let column = width == 1 ? 0 : index % width
                    output[index] = (values[index] - mean[column]) * inverse[column]
                }
            }
        }
    }
}
