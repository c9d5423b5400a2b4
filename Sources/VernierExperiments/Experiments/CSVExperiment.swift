import Foundation
import VernierData

extension SupervisedExperiment {
    /// `csv`: your own table. `file` and `label` are required; every other column must be numeric. Class labels
    /// (any text, or whole numbers with at most 20 distinct values such as 0/1 or 0–9) train a classifier with
    /// cross-entropy; other numeric labels are a regression (set `loss=mse`); `label-kind` (`classes`, `numeric` or
    /// its synonym `regression`) overrides the choice.
    /// `layers=auto,32,auto` takes the input and output sizes from the data.
    ///
    /// ```swift
    /// let csv = SupervisedExperiment.csv
    /// let configuration = try csv.configuration(["file": "houses.csv", "label": "price", "loss": "mse"])
    /// ```
    public static let csv = SupervisedExperiment(
        name: "csv", summary: "your CSV file: file=PATH label=COLUMN (classification or regression)",
        keys: CommonKeys.model(
            layers: "auto,32,auto", activation: "relu", output: "auto", loss: "cross-entropy", optimizer: "adam",
            learningRate: "0.01", batchSize: "32", epochs: "50")
            + [
                ExperimentKey("file", default: "", kind: .text, help: "the CSV file (header row required)"),
                ExperimentKey("label", default: "", kind: .text, help: "the label column's name"),
                ExperimentKey(
                    "label-kind", default: "automatic",
                    kind: .choice(CSVLabelKind.allCases.map(\.rawValue) + ["regression"]),
                    help:
                        "classes, numeric (or regression), or automatic (classes for text or ≤ 20 distinct whole numbers)"
                ),
                ExperimentKey(
                    "standardize", default: "true", kind: .boolean, help: "standardize features (fitted on train)"),
                ExperimentKey(
                    "validation-fraction", default: "0.2", kind: .number(minimum: 0), help: "fraction for validation"),
                ExperimentKey("test-fraction", default: "0.2", kind: .number(minimum: 0), help: "fraction for test"),
                ExperimentKey("data-seed", default: "0", kind: .integer(minimum: 0), help: "seed of the split"),
            ],
        objectiveMetric: "val_loss", maximizesObjective: false
    ) { configuration in
        let file = configuration.string("file")
        let label = configuration.string("label")
        guard !file.isEmpty else { throw ConfigError.missingValue(key: "file", hint: "pass --file PATH") }
        guard !label.isEmpty else { throw ConfigError.missingValue(key: "label", hint: "pass --label COLUMN") }
        let validation = configuration.double("validation-fraction")
        let test = configuration.double("test-fraction")
        guard validation + test < 1 else {
            throw ConfigError.inconsistent("validation-fraction + test-fraction must be below 1")
        }
        let setting = configuration.string("label-kind")
        let kind = setting == "regression" ? .numeric : CSVLabelKind(rawValue: setting) ?? .automatic
        return DataRecipe(
            source: .csv(
                file: file, label: label, labelKind: kind, validation: validation, test: test,
                seed: UInt64(configuration.integer("data-seed"))),
            standardize: configuration.bool("standardize"))
    }
}
