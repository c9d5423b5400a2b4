import Foundation
import VernierData
import VernierExperiments
import VernierNN
import VernierReports
import VernierTensor
import VernierTraining
import VernierTrainingReports

/// The figures `vernier train --report` adds to the loss curves, chosen by the shape of the data: decision
/// regions for two-feature classifiers (spirals), predictions vs targets for one-feature regressions (cubic), a
/// confusion matrix for every classifier (iris, fashion-mnist) and per-class weight images when the first
/// layer reads 28×28 images.
enum TrainReportSections {
    /// The extra sections for a supervised experiment's run, read from its `recipe` (the data as trained on,
    /// the output activation); none without a recipe.
    static func sections(recipe: TrainingRecipe?, run: ExperimentRun) -> [ReportSection] {
        guard let recipe else { return [] }
        let splits = recipe.data
        let data = splits.validation.count > 0 ? splits.validation : splits.train
        let part = splits.validation.count > 0 ? "validation" : "training"
        guard data.count > 0 else { return [] }
        let model = run.model
        let output = recipe.model.output
        var sections: [ReportSection] = []
        let features = data.features.shape.dropFirst().reduce(1, *)
        if !splits.classNames.isEmpty {
            let labels = classIndices(data.targets)
            let probabilities: (Tensor) -> Tensor = { input in
                let raw = model(input)
                let width = raw.rank == 2 ? raw.shape[1] : 1
                if width == 1 { return output == .sigmoid ? raw : sigmoid(raw) }
                return output == .softmax ? raw : softmax(raw)
            }
            if features == 2, data.features.rank == 2 {
                let points = limited(data.features, count: 1500)
                let regions = DecisionRegions(
                    points: points, labels: Array(labels.prefix(points.shape[0])), resolution: 90,
                    probabilities: probabilities)
                sections.append(
                    ReportSection(
                        title: "Decision regions (\(part) points)", plot: regions,
                        text: "Background: the class the model predicts; points: the \(part) data.", width: 560,
                        height: 520))
            }
            let predicted = predictions(probabilities(data.features))
            sections.append(
                ReportSection(
                    title: "Confusion matrix (\(part))",
                    plot: ConfusionMatrix(actual: labels, predicted: predicted, classNames: splits.classNames),
                    includesTable: true, width: 520, height: 460))
            if let weights = model.parameters.first, weights.rank == 2, weights.shape[0] == 784 {
                let names = weights.shape[1] == splits.classNames.count ? splits.classNames : []
                sections.append(
                    ReportSection(
                        title: "First-layer weights", plot: WeightImages(weights: weights, classNames: names),
                        text:
                            "The weights from the 28×28 input to each first-layer unit (blue negative, red positive).",
                        width: 900, height: 520))
            }
        } else if features == 1, data.features.rank == 2 {
            let x = data.features.scalars.map(Double.init)
            let y = data.targets.scalars.map(Double.init)
            if x.count == y.count {
                sections.append(
                    ReportSection(
                        title: "Predictions vs targets (\(part))",
                        plot: RegressionFit(x: x, y: y, samples: 200) { model($0) }))
            }
        }
        return sections
    }

    /// Class indices from `[N]`/`[N, 1]` index targets or `[N, k]` one-hot targets.
    static func classIndices(_ targets: Tensor) -> [Int] {
        if targets.rank == 2, targets.shape[1] > 1 { return targets.argmax(alongAxis: 1) }
        return targets.scalars.map { Int($0.rounded()) }
    }

    /// The predicted class per row of `[N]`/`[N, 1]` probabilities of class 1, or `[N, k]` class probabilities.
    static func predictions(_ probabilities: Tensor) -> [Int] {
        if probabilities.rank == 2, probabilities.shape[1] > 1 { return probabilities.argmax(alongAxis: 1) }
        return probabilities.scalars.map { $0 >= 0.5 ? 1 : 0 }
    }

    /// The first `count` rows of a `[N, d]` tensor.
    static func limited(_ features: Tensor, count: Int) -> Tensor {
        guard features.shape[0] > count else { return features }
        let width = features.shape[1]
        return Tensor(shape: [count, width], scalars: Array(features.scalars.prefix(count * width)))
    }
}
