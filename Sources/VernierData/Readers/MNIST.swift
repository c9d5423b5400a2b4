import Foundation
import VernierRandom
import VernierTensor

/// MNIST-format image classification data (MNIST, Fashion-MNIST, …) read from the four standard IDX files in a
/// directory (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`,
/// `t10k-labels-idx1-ubyte`, each raw or `.gz`).
///
/// The 60,000 training images are cut into 50,000 train and 10,000 validation images by a seeded permutation;
/// the 10,000 `t10k` images are the test part. Pixels are scaled to [0, 1] and then standardized with one scalar
/// mean and standard deviation fitted on the training part. Features are `[N, 784]` (or `[N, 1, 28, 28]` with
/// `imageLayout`), targets class indices `[N]`.
///
/// ```swift
/// let fashion = try MNIST(directory: MNIST.fashionDirectory)
/// fashion.train.count          // 50000
/// fashion.splits.classNames[0] // "T-shirt/top"
/// ```
public struct MNIST: Sendable {
    /// Where the Debian package `dataset-fashion-mnist` installs Fashion-MNIST.
    public static let fashionDirectory = "/usr/share/datasets/fashion-mnist"
    /// Fashion-MNIST's class names, by label.
    public static let fashionClassNames = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]

    /// The training, validation and test parts.
    public let splits: DatasetSplits
    /// The standardization fitted on the training pixels (in [0, 1] units).
    public let standardizer: Standardizer

    /// Loads the four files from `directory`.
    public init(
        directory: String, validationCount: Int = 10_000, seed: UInt64 = 0, imageLayout: Bool = false,
        classNames: [String]? = nil, trainLimit: Int? = nil
    ) throws(DataError) {
        let trainImages = try IDXReader.read(path: try Self.locate("train-images-idx3-ubyte", in: directory))
        let trainLabelsPath = try Self.locate("train-labels-idx1-ubyte", in: directory)
        let trainLabels = try IDXReader.read(path: trainLabelsPath)
        let testImages = try IDXReader.read(path: try Self.locate("t10k-images-idx3-ubyte", in: directory))
        let testLabelsPath = try Self.locate("t10k-labels-idx1-ubyte", in: directory)
        let testLabels = try IDXReader.read(path: testLabelsPath)
        let classCount = classNames?.count ?? 10
        let train = try Self.dataset(
            images: trainImages, labels: trainLabels, labelsPath: trainLabelsPath, imageLayout: imageLayout,
            classCount: classCount)
        let test = try Self.dataset(
            images: testImages, labels: testLabels, labelsPath: testLabelsPath, imageLayout: imageLayout,
            classCount: classCount)
        guard validationCount >= 0 && validationCount < train.count else {
            throw DataError.malformed(
                path: directory, reason: "validationCount \(validationCount) must be in 0..<\(train.count)")
        }
        var generator = Xoshiro256(seed: seed)
        var order = Array(0..<train.count)
        order.deterministicShuffle(using: &generator)
        let trainEnd = train.count - validationCount
        let trainIndices = order[0..<Swift.min(trainEnd, trainLimit ?? trainEnd)]
        let raw = DatasetSplits(
            train: train.subset(trainIndices), validation: train.subset(order[trainEnd...]), test: test,
            classNames: classNames ?? (0..<10).map { "\($0)" })
        (splits, standardizer) = raw.standardized(perFeature: false)
    }

    /// The training images.
    public var train: TensorDataset { splits.train }
    /// The validation images.
    public var validation: TensorDataset { splits.validation }
    /// The test images.
    public var test: TensorDataset { splits.test }

    /// Fashion-MNIST from `directory` (default: the Debian package's location), with its class names.
    ///
    /// ```swift
    /// let fashion = try MNIST.fashion()
    /// ```
    public static func fashion(
        directory: String = fashionDirectory, seed: UInt64 = 0, imageLayout: Bool = false
    ) throws(DataError) -> MNIST {
        try MNIST(directory: directory, seed: seed, imageLayout: imageLayout, classNames: fashionClassNames)
    }

    /// The path of `name` or `name.gz` in `directory`.
    static func locate(_ name: String, in directory: String) throws(DataError) -> String {
        for candidate in [name + ".gz", name, name.replacingOccurrences(of: "-idx", with: ".idx") + ".gz"] {
            let path = (directory as NSString).appendingPathComponent(candidate)
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        throw DataError.missingFile(
            directory: directory, names: [name, name + ".gz"],
            hint: "Install Fashion-MNIST with `apt-get install dataset-fashion-mnist` or pass --data DIR.")
    }

    /// Pairs images with labels, checking that every label is a class index in `0..<classCount`.
    static func dataset(
        images: IDXArray, labels: IDXArray, labelsPath: String, imageLayout: Bool, classCount: Int = 10
    ) throws(DataError)
        -> TensorDataset
    {
        guard images.shape.count == 3 else {
            throw DataError.malformed(
                path: labelsPath, reason: "images must be [N, rows, columns], got \(images.shape)")
        }
        guard labels.shape == [images.shape[0]] else {
            throw DataError.mismatch(
                path: labelsPath, reason: "\(labels.shape) labels for \(images.shape[0]) images")
        }
        let classLimit = Float(classCount)
        if let index = labels.values.firstIndex(where: { !($0 >= 0 && $0 < classLimit && $0.rounded() == $0) }) {
            throw DataError.malformed(
                path: labelsPath,
                reason: "label \(index) is \(labels.values[index]), not a class index in 0..<\(classCount)")
        }
        let count = images.shape[0]
        let pixels = images.shape[1] * images.shape[2]
        let shape = imageLayout ? [count, 1, images.shape[1], images.shape[2]] : [count, pixels]
        let features = Tensor(shape: shape) { buffer in
            for index in 0..<images.values.count { buffer[index] = images.values[index] * (1 / 255) }
        }
        return TensorDataset(features: features, targets: Tensor(shape: [count], scalars: labels.values))
    }
}
