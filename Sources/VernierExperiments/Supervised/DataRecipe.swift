import Foundation
import VernierData

/// The data of a supervised experiment's run, as typed values read once from its configuration: where the
/// examples come from and how they are split, and whether features are standardized. It is the key of the
/// process-wide data cache (runs on equal data recipes see the same data), and it says whether a run has a test
/// set.
///
/// ```swift
/// let recipe = DataRecipe(source: .spirals(train: 400, validation: 100, test: 0, noise: 0.4, seed: 1234))
/// let splits = try recipe.load()   // cached: a second load of an equal recipe returns the same arrays
/// ```
public struct DataRecipe: Sendable, Hashable {
    /// Where the examples come from.
    public enum Source: Sendable, Hashable {
        /// Two interlaced spirals (``VernierData/Spirals``).
        case spirals(train: Int, validation: Int, test: Int, noise: Double, seed: UInt64)
        /// Noisy points of a cubic (``VernierData/Cubic``).
        case cubic(points: Int, validation: Int, noise: Double, seed: UInt64)
        /// Fisher's iris flowers, stratified by fractions (``VernierData/Iris``).
        case iris(validation: Double, test: Double, seed: UInt64)
        /// IDX image files in `directory` (``VernierData/MNIST``); `trainLimit` keeps the first training images.
        case images(directory: String, classNames: [String]?, trainLimit: Int?, seed: UInt64)
        /// A CSV table split by fractions, stratified for classes (``VernierData/CSVDataset``).
        case csv(file: String, label: String, labelKind: CSVLabelKind, validation: Double, test: Double, seed: UInt64)
    }

    /// Where the examples come from.
    public var source: Source
    /// Whether features are standardized (fitted on the training split) after the targets are adapted.
    public var standardize: Bool

    /// Creates a data recipe.
    public init(source: Source, standardize: Bool = false) {
        self.source = source
        self.standardize = standardize
    }

    /// Whether runs on this data can be scored on a test split (image sets always have their 10,000 test images).
    public var hasTestSet: Bool {
        switch source {
        case .spirals(_, _, let test, _, _): test > 0
        case .cubic: false
        case .iris(_, let test, _), .csv(_, _, _, _, let test, _): test > 0
        case .images: true
        }
    }

    /// The setting that names the files the examples are read from (`file`: a CSV table, `data`: a folder of IDX
    /// images); `nil` for generated data and the built-in iris table, which no setting can make unreadable.
    public var fileKey: String? {
        switch source {
        case .csv: "file"
        case .images: "data"
        case .spirals, .cubic, .iris: nil
        }
    }

    /// The splits, loaded once per process for equal sources (a tuning study trains many configurations on the
    /// same arrays); ``standardize`` is applied later, by the experiment, after the targets are adapted.
    public func load() throws -> DatasetSplits {
        try DataCache.shared.splits(for: source) { try Self.load(source) }
    }

    private static func load(_ source: Source) throws -> DatasetSplits {
        switch source {
        case .spirals(let train, let validation, let test, let noise, let seed):
            return Spirals(train: train, validation: validation, test: test, noise: noise, seed: seed).splits
        case .cubic(let points, let validation, let noise, let seed):
            return Cubic(count: points, validation: validation, noise: noise, seed: seed).splits
        case .iris(let validation, let test, let seed):
            return try Iris(validation: .fraction(validation), test: .fraction(test), seed: seed).splits
        case .images(let directory, let classNames, let trainLimit, let seed):
            return try MNIST(directory: directory, seed: seed, classNames: classNames, trainLimit: trainLimit).splits
        case .csv(let file, let label, let labelKind, let validation, let test, let seed):
            let table = try CSVDataset(contentsOf: file, labelColumn: label, labelKind: labelKind)
            var splits = table.dataset.split(
                validation: .fraction(validation), test: .fraction(test), stratified: table.isClassification,
                seed: seed)
            splits.classNames = table.classNames
            splits.featureNames = table.featureNames
            splits.notes = table.labelNote.map { [$0] } ?? []
            return splits
        }
    }
}
