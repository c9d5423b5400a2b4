import Foundation
import VernierTensor

/// How the label column of a CSV file is read.
///
/// ```swift
/// let data = try CSVDataset(contentsOf: "flowers.csv", labelColumn: "species", labelKind: .classes)
/// ```
public enum CSVLabelKind: String, Sendable, CaseIterable {
    /// Classes when any label is not a number or every label is a whole number with at most
    /// ``CSVDataset/automaticClassLimit`` distinct values (0/1, digits 0–9); numbers otherwise.
    case automatic
    /// Class names (any text); targets are indices into the sorted distinct names, shape `[N]`.
    case classes
    /// Numbers (regression); targets have shape `[N, 1]`.
    case numeric
}

/// A labelled data set read from a CSV file with a header: one column holds the label, every other column (or
/// the ones named) holds a numeric feature.
///
/// Errors name the file, the line and the column: `houses.csv:17: column 'area': 'n/a' is not a number`.
///
/// ```swift
/// let data = try CSVDataset(contentsOf: "iris.csv", labelColumn: "species")
/// data.dataset.featureShape    // [4]
/// data.classNames              // ["setosa", "versicolor", "virginica"]
/// ```
public struct CSVDataset: Sendable {
    /// All the rows, as features `[N, F]` and targets (`[N]` class indices or `[N, 1]` numbers).
    public let dataset: TensorDataset
    /// The feature column names, in feature order.
    public let featureNames: [String]
    /// The sorted distinct class names when the labels are classes; empty for numeric labels.
    public let classNames: [String]
    /// Whether the labels are classes (or numbers).
    public var isClassification: Bool { !classNames.isEmpty }
    /// What ``CSVLabelKind/automatic`` chose for numeric labels, and how to choose otherwise, e.g. "label 'y': 3
    /// classes (whole numbers 0–2); label-kind=numeric reads them as numbers"; `nil` when the kind was given or
    /// the labels are text.
    public let labelNote: String?
    /// The most distinct whole-number labels that ``CSVLabelKind/automatic`` reads as classes.
    public static let automaticClassLimit = 20

    /// Reads a CSV file.
    public init(
        contentsOf path: String, labelColumn: String, featureColumns: [String]? = nil,
        labelKind: CSVLabelKind = .automatic
    ) throws(DataError) {
        try self.init(
            table: try CSVTable(contentsOf: path), labelColumn: labelColumn, featureColumns: featureColumns,
            labelKind: labelKind)
    }

    /// Builds the data set from a parsed table.
    ///
    /// ```swift
    /// let data = try CSVDataset(table: try CSVTable(text: text, source: "x.csv"), labelColumn: "y")
    /// ```
    public init(
        table: CSVTable, labelColumn: String, featureColumns: [String]? = nil, labelKind: CSVLabelKind = .automatic
    ) throws(DataError) {
        let labelIndex = try table.columnIndex(labelColumn)
        var featureIndices: [Int] = []
        if let featureColumns {
            for name in featureColumns { featureIndices.append(try table.columnIndex(name)) }
        } else {
            featureIndices = table.header.indices.filter { $0 != labelIndex }
        }
        guard !featureIndices.isEmpty else {
            throw DataError.csv(
                path: table.source, line: 1, column: nil, reason: "no feature columns besides the label")
        }
        guard !table.rows.isEmpty else {
            throw DataError.csv(path: table.source, line: 2, column: nil, reason: "no data rows after the header")
        }
        var features = [Float]()
        features.reserveCapacity(table.rows.count * featureIndices.count)
        for row in table.rows {
            for column in featureIndices {
                let text = row.cells[column].trimmingCharacters(in: .whitespaces)
                guard let value = Float(text), value.isFinite else {
                    throw DataError.csv(
                        path: table.source, line: row.line, column: table.header[column],
                        reason: text.isEmpty ? "empty cell (a number is required)" : "'\(text)' is not a finite number")
                }
                features.append(value)
            }
        }
        let labels = table.rows.map { $0.cells[labelIndex].trimmingCharacters(in: .whitespaces) }
        var kind = labelKind
        var note: String?
        if kind == .automatic {
            (kind, note) = Self.automaticKind(labels, column: labelColumn)
        }
        var targets: Tensor
        var classNames: [String] = []
        switch kind {
        case .numeric:
            var values: [Float] = []
            for (row, label) in zip(table.rows, labels) {
                guard let value = Float(label), value.isFinite else {
                    throw DataError.csv(
                        path: table.source, line: row.line, column: labelColumn,
                        reason: "'\(label)' is not a number (use labelKind .classes for class names)")
                }
                values.append(value)
            }
            targets = Tensor(shape: [values.count, 1], scalars: values)
        case .classes, .automatic:
            for (row, label) in zip(table.rows, labels) where label.isEmpty {
                throw DataError.csv(path: table.source, line: row.line, column: labelColumn, reason: "empty label")
            }
            classNames = Array(Set(labels)).sorted { a, b in
                if let x = Double(a), let y = Double(b) { return x < y }
                return a < b
            }
            let lookup = Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, Float($0)) })
            targets = Tensor(labels.map { lookup[$0]! })
        }
        dataset = TensorDataset(
            features: Tensor(shape: [table.rows.count, featureIndices.count], scalars: features), targets: targets)
        featureNames = featureIndices.map { table.header[$0] }
        self.classNames = classNames
        labelNote = note
    }

    /// Classes for text labels and for few distinct whole numbers, numbers otherwise; with a note for the numeric
    /// cases.
    static func automaticKind(_ labels: [String], column: String) -> (CSVLabelKind, String?) {
        let numbers = labels.compactMap { Double($0) }
        guard numbers.count == labels.count, numbers.allSatisfy(\.isFinite) else { return (.classes, nil) }
        let distinct = Set(numbers)
        let whole = numbers.allSatisfy { $0.rounded() == $0 && abs($0) < 1e9 }
        if whole, distinct.count <= automaticClassLimit, distinct.count < max(labels.count, 2) {
            let low = Int(distinct.min() ?? 0)
            let high = Int(distinct.max() ?? 0)
            return (
                .classes,
                "label '\(column)': \(distinct.count) classes (whole numbers \(low)–\(high)); "
                    + "label-kind=numeric reads them as numbers (regression)"
            )
        }
        return (
            .numeric,
            "label '\(column)': numbers (regression, \(distinct.count) distinct values); "
                + "label-kind=classes reads them as class names"
        )
    }
}
