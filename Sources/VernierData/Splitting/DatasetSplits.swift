import VernierTensor

/// A data set cut into training, validation and test parts (either of the last two may be empty), with the
/// class names when the targets are classes.
///
/// ```swift
/// let splits = Iris().splits
/// splits.train.count        // 120
/// splits.classNames         // ["setosa", "versicolor", "virginica"]
/// ```
public struct DatasetSplits: Sendable {
    /// The samples to train on.
    public var train: TensorDataset
    /// The samples to select hyperparameters and stop on (may be empty).
    public var validation: TensorDataset
    /// The held-out samples for the final score (may be empty).
    public var test: TensorDataset
    /// The class names, index by index, when the targets are class indices; empty otherwise.
    public var classNames: [String]
    /// The feature names, when known (CSV columns); empty otherwise.
    public var featureNames: [String]
    /// What the reader decided about the data that a person should know (e.g. how a CSV label column was read);
    /// `vernier train` and `vernier tune` print them.
    public var notes: [String] = []

    /// Creates splits from three data sets.
    ///
    /// ```swift
    /// let splits = DatasetSplits(train: a, validation: b, test: c)
    /// ```
    public init(
        train: TensorDataset, validation: TensorDataset, test: TensorDataset, classNames: [String] = [],
        featureNames: [String] = []
    ) {
        self.train = train
        self.validation = validation
        self.test = test
        self.classNames = classNames
        self.featureNames = featureNames
    }

    /// Applies `transform` to the features of every part.
    ///
    /// ```swift
    /// let flat = splits.mappingFeatures { $0.reshaped(to: [$0.shape[0], 784]) }
    /// ```
    public func mappingFeatures(_ transform: (Tensor) throws -> Tensor) rethrows -> DatasetSplits {
        var copy = self
        copy.train = try train.mappingFeatures(transform)
        copy.validation = try validation.mappingFeatures(transform)
        copy.test = try test.mappingFeatures(transform)
        return copy
    }

    /// The splits standardized with a ``Standardizer`` fitted on the training part only, and that standardizer.
    ///
    /// ```swift
    /// let (scaled, standardizer) = splits.standardized()
    /// ```
    public func standardized(perFeature: Bool = true) -> (splits: DatasetSplits, standardizer: Standardizer) {
        let standardizer = Standardizer(fittedOn: train.features, perFeature: perFeature)
        return (mappingFeatures { standardizer($0) }, standardizer)
    }
}
