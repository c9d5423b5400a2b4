import Foundation
import VernierTensor

/// Fisher's iris flowers (150 rows, 50 per species; 4 features in cm: sepal length, sepal width, petal length,
/// petal width), shipped as `Resources/iris.csv` (scikit-learn's copy).
///
/// The default split is 80/20 train/test, stratified and seeded; there is no validation part unless asked for.
/// Targets are class indices `[N]` (0 setosa, 1 versicolor, 2 virginica); features are raw centimetres.
///
/// ```swift
/// let iris = try Iris()
/// iris.train.count    // 120
/// iris.test.count     // 30
/// ```
public struct Iris: Sendable {
    /// The training, validation and test parts.
    public let splits: DatasetSplits

    /// Loads the table and splits it (deterministic for a given seed).
    public init(
        validation: SplitSize = .count(0), test: SplitSize = .fraction(0.2), seed: UInt64 = 42
    ) throws(DataError) {
        let table = try Self.table()
        let csv = try CSVDataset(table: table, labelColumn: "species", labelKind: .classes)
        var splits = csv.dataset.split(validation: validation, test: test, stratified: true, seed: seed)
        splits.classNames = csv.classNames
        splits.featureNames = csv.featureNames
        self.splits = splits
    }

    /// The training flowers.
    public var train: TensorDataset { splits.train }
    /// The validation flowers (empty by default).
    public var validation: TensorDataset { splits.validation }
    /// The test flowers.
    public var test: TensorDataset { splits.test }

    /// The whole table, in file order.
    ///
    /// ```swift
    /// let all = try Iris.table().rows.count   // 150
    /// ```
    public static func table() throws(DataError) -> CSVTable {
        guard let url = Bundle.module.url(forResource: "iris", withExtension: "csv", subdirectory: "Resources") else {
            throw DataError.unreadable(path: "Resources/iris.csv", reason: "the VernierData resource bundle lacks it")
        }
        return try CSVTable(contentsOf: url.path)
    }
}
