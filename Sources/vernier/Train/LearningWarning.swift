import Foundation
import VernierExperiments
import VernierTraining

/// The warnings `vernier train` prints on standard error after a run that did not learn: a training loss that
/// never went below its start (``TrainingHistory/stall``: diverged or flat, which says which way to move the
/// learning rate), and a classifier that ends barely above chance (``ChanceComparison/barelyAboveChance``): the
/// run has not learned the task, so its accuracy is not a result; that one names the experiment's
/// ``SupervisedExperiment/learningSettings`` where it has some, and tuning.
enum LearningWarning {
    /// Prints the no-progress warning when `history` made no progress.
    static func warnIfNoProgress(_ history: TrainingHistory) {
        guard let stall = history.stall else { return }
        let advice =
            stall == .diverged
            ? "the loss diverged: the learning rate may be too large, try a smaller lr"
            : "the loss barely moved: the learning rate may be too small (try a larger lr) or so large that "
                + "the units saturated (try a smaller lr)"
        FileHandle.standardError.write(
            Data(
                ("warning: training made no progress: the training loss never went below its first epoch's "
                    + "(\(String(format: "%.4g", history.epochs[0].trainLoss))); \(advice)\n").utf8))
    }

    /// The warning's text for `comparison` on `experiment`, or `nil` when the run learned.
    ///
    /// ```swift
    /// LearningWarning.text(ChanceComparison(accuracy: 0.55, chance: 0.5), experiment: .spirals)
    /// // "warning: val_accuracy 0.5500 is barely above chance (0.5000, always answering the most frequent class) …"
    /// ```
    static func text(_ comparison: ChanceComparison, experiment: SupervisedExperiment) -> String? {
        guard comparison.barelyAboveChance else { return nil }
        var text =
            "warning: val_accuracy \(String(format: "%.4f", comparison.accuracy)) is barely above chance ("
            + "\(String(format: "%.4f", comparison.chance)), always answering the most frequent class): the model "
            + "has not learned \(experiment.name)."
        if !experiment.learningSettings.isEmpty {
            text +=
                " Settings that learn it: "
                + experiment.learningSettings.map { "--set \($0.key)=\($0.value)" }.joined(separator: " ") + "."
        }
        text += " Or tune it: vernier tune \(experiment.name) --sampler tpe --trials 40"
        return text
    }

    /// Prints ``text(_:experiment:)`` for `history`'s last validation accuracy on `recipe`'s validation set.
    static func warnIfBarelyAboveChance(
        _ history: TrainingHistory, recipe: TrainingRecipe, experiment: SupervisedExperiment
    ) {
        guard
            let comparison = ChanceComparison(history: history, validation: recipe.data.validation, loss: recipe.loss),
            let text = text(comparison, experiment: experiment)
        else { return }
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
