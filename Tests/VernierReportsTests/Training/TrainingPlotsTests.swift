import Testing
import VernierReports
import VernierTensor
import VernierTraining
import VernierTrainingReports

@Suite struct TrainingCurvesTests {
    @Test func lossCurvesPerSplit() {
        let curves = TrainingCurves(history: Fixtures.history(epochs: 4))
        #expect(curves.curves.map(\.name) == ["train", "validation"])
        #expect(curves.curves[0].epochs == [1, 2, 3, 4])
        #expect(curves.curves[0].values == [1, 0.5, 1.0 / 3, 0.25])
        #expect(curves.skippedCount == 0)
        #expect(curves.table().headers == ["epoch", "train_loss", "validation_loss"])
    }

    @Test func nanLossIsSkippedAndCounted() {
        let curves = TrainingCurves(history: Fixtures.history(epochs: 4, nanAt: 2))
        #expect(curves.skippedCount == 1)
        #expect(curves.curves[0].epochs == [1, 3, 4])
        #expect(curves.chart().caption == "1 NaN/inf value skipped")
    }

    @Test func metricCurves() {
        let accuracy = TrainingCurves(history: Fixtures.history(epochs: 2), quantity: "accuracy")
        #expect(accuracy.curves[1].values.count == 2)
        #expect(abs(accuracy.curves[1].values[1] - 0.61) < 1e-12)
    }
}

@Suite struct StepLossCurveTests {
    @Test func debiasedMovingAverage() {
        let curve = StepLossCurve(losses: [1, 3, .nan, 5], smoothing: 0.5)
        #expect(curve.steps == [1, 2, 4])
        #expect(curve.skippedCount == 1)
        // s1 = 0.5 → /0.5 = 1; s2 = 0.25 + 1.5 = 1.75 → /0.75 = 7/3; s3 = 0.875 + 2.5 = 3.375 → /0.875 = 27/7.
        #expect(abs(curve.smoothed[0] - 1) < 1e-12)
        #expect(abs(curve.smoothed[1] - 7.0 / 3) < 1e-12)
        #expect(abs(curve.smoothed[2] - 27.0 / 7) < 1e-12)
    }
}

@Suite struct RunComparisonTests {
    @Test func oneCurvePerRunInOrder() {
        let comparison = RunComparison(
            runs: [("SGD", Fixtures.history(epochs: 3)), ("Adam", Fixtures.history(epochs: 2))], quantity: "val_loss")
        #expect(comparison.runs.map(\.name) == ["SGD", "Adam"])
        #expect(comparison.runs[1].values == [1.2, 0.6])
        #expect(comparison.chart().series.count == 2)
        #expect(comparison.table().rows.count == 3)
    }
}

@Suite struct DecisionRegionsTests {
    @Test func gridFollowsTheClassifier() {
        let points = Tensor(shape: [4, 2], scalars: [-1, -1, -1, 1, 1, -1, 1, 1])
        // Class 1 where x > 0, with probability 0.9.
        let regions = DecisionRegions(points: points, labels: [0, 0, 1, 1], resolution: 10, margin: 0) { grid in
            let xs = stride(from: 0, to: grid.scalars.count, by: 2).map { grid.scalars[$0] }
            return Tensor(shape: [xs.count], scalars: xs.map { $0 > 0 ? 0.9 : 0.1 })
        }
        #expect(regions.xLow == -1 && regions.xHigh == 1)
        #expect(regions.predictedClass.count == 100)
        #expect(regions.predictedClass[0] == 0 && regions.predictedClass[9] == 1)
        #expect(abs(regions.confidence[0] - 0.9) < 1e-6)
        #expect(regions.classCount == 2)
        #expect(regions.chart().heatmap?.columns == 10)
        #expect(regions.chart().series.map(\.points.count) == [2, 2])
    }

    @Test func multiClassArgmaxAndNaNPoints() {
        let points = Tensor(shape: [3, 2], scalars: [0, 0, 1, 1, .nan, 0])
        let regions = DecisionRegions(points: points, labels: [0, 2, 1], resolution: 4) { grid in
            let count = grid.shape[0]
            return Tensor(shape: [count, 3], scalars: (0..<count).flatMap { _ in [Float(0.2), 0.1, 0.7] })
        }
        #expect(regions.skippedCount == 1)
        #expect(regions.labels == [0, 2])
        #expect(Set(regions.predictedClass) == [2])
        #expect(regions.classCount == 3)
    }
}

@Suite struct RegressionFitTests {
    @Test func curveFromClosure() {
        let fit = RegressionFit(x: [0, 1, 2, .nan], y: [0, 1, 8, 1], samples: 3) { input in
            Tensor(shape: [input.shape[0]], scalars: input.scalars.map { $0 * $0 * $0 })
        }
        #expect(fit.skippedCount == 1)
        #expect(fit.curveX == [0, 1, 2])
        #expect(fit.prediction == [0, 1, 8])
        #expect(fit.chart().series[1].style == .line)
    }
}

@Suite struct ConfusionMatrixTests {
    @Test func countsAndAccuracy() {
        let matrix = ConfusionMatrix(
            actual: [0, 0, 1, 2, 2], predicted: [0, 1, 1, 2, 0], classNames: ["a", "b", "c"])
        #expect(matrix.counts == [[1, 1, 0], [0, 1, 0], [1, 0, 1]])
        #expect(abs(matrix.accuracy - 0.6) < 1e-12)
        let chart = matrix.chart()
        // The top row (last in the heat map) is actual class "a".
        #expect(chart.heatmap?.cellLabels?.suffix(3) == ["1", "1", "0"])
        #expect(chart.yAxis.categories == ["c", "b", "a"])
        #expect(matrix.table().rows[2] == ["c", "1", "0", "1"])
    }
}

@Suite struct WeightImagesTests {
    @Test func columnsBecomeImages() {
        var scalars = [Float](repeating: 0, count: 784 * 2)
        scalars[0 * 2 + 1] = 5  // pixel 0 of unit 1
        scalars[783 * 2 + 0] = -3  // last pixel of unit 0
        let images = WeightImages(weights: Tensor(shape: [784, 2], scalars: scalars), classNames: ["zero"])
        #expect(images.side == 28)
        #expect(images.names == ["zero", "unit 1"])
        #expect(images.images[1][0] == 5 && images.images[0][783] == -3)
        #expect(images.chart().images.count == 2)
    }
}
