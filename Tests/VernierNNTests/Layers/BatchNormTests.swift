import Testing
import VernierNN
import VernierRandom
import VernierTensor

@Suite struct BatchNormTests {
    let batch = Tensor([[1, 10], [3, 14], [5, 18], [7, 22]])

    @Test func trainingNormalizesEachChannel() {
        let norm = BatchNorm(featureCount: 2)
        var context = ForwardContext(isTraining: true)
        let y = norm(batch, context: &context)
        let means = y.mean(alongAxes: [0]).scalars
        let variances = square(y).mean(alongAxes: [0]).scalars
        expectClose(Tensor(means), [0, 0], absolute: 1e-6, "means")
        expectClose(Tensor(variances), [1, 1], relative: 1e-4, "variances")
    }

    @Test func runningStatisticsPersistThroughTheTrainingGradientCall() {
        var model = Sequential(BatchNorm(featureCount: 2), Tanh())
        var context = ForwardContext(isTraining: true)
        _ = valueAndGradient(at: &model, context: &context) { model, context in
            model(batch, context: &context).sum()
        }
        #expect(context.stateUpdates.isEmpty)
        let state = model.state
        #expect(state.count == 2)
        // mean [4, 16]; unbiased variance [20/3, 80/3]; momentum 0.1 from zeros and ones.
        expectClose(state[0], [0.4, 1.6], "running mean")
        expectClose(state[1], [0.9 + 2.0 / 3.0, 0.9 + 8.0 / 3.0], "running variance")
    }

    @Test func plainGradientCallLeavesStatisticsInTheContext() {
        var norm = BatchNorm(featureCount: 2)
        var context = ForwardContext(isTraining: true)
        _ = valueAndGradient(at: norm) { norm in norm(batch, context: &context).sum() }
        #expect(norm.runningMean.scalars == [0, 0])
        #expect(context.stateUpdates.count == 2)
        norm.applyStateUpdates(from: &context)
        expectClose(norm.runningMean, [0.4, 1.6], "after apply")
        #expect(context.stateUpdates.isEmpty)
    }

    @Test func copiesAreIndependentValues() {
        var original = BatchNorm(featureCount: 2)
        let snapshot = original
        var context = ForwardContext(isTraining: true)
        _ = original(batch, context: &context)
        original.applyStateUpdates(from: &context)
        #expect(snapshot.runningMean.scalars == [0, 0])
        #expect(original.runningMean.scalars != [0, 0])
    }

    @Test func layerUsedTwiceUpdatesSequentially() {
        var norm = BatchNorm(featureCount: 2, momentum: 0.5)
        var context = ForwardContext(isTraining: true)
        _ = norm(batch, context: &context)
        _ = norm(batch, context: &context)
        norm.applyStateUpdates(from: &context)
        // 0 → 2 → 3 for channel 0 (mean 4, momentum 0.5).
        expectClose(norm.runningMean, [3, 12], "two updates")
    }

    @Test func evaluationUsesRunningStatisticsAndFourDimensionalInputsWork() {
        var rng = Xoshiro256(seed: 4)
        var norm = BatchNorm(featureCount: 3)
        norm.runningMean = Tensor([1, 2, 3])
        norm.runningVariance = Tensor([4, 1, 0.25])
        let images = Tensor.randomNormal(shape: [2, 3, 2, 2], using: &rng)
        let y = norm(images)
        let expected = (0..<images.count).map { i -> Float in
            let channel = (i / 4) % 3
            let mean: Float = [1, 2, 3][channel]
            let variance: Float = [4, 1, 0.25][channel]
            return (images.scalars[i] - mean) / (variance + 1e-5).squareRoot()
        }
        expectClose(y, expected, shape: [2, 3, 2, 2], relative: 1e-5, absolute: 1e-6, "evaluation")
        var context = ForwardContext(isTraining: true)
        #expect(norm(images, context: &context).shape == [2, 3, 2, 2])
        #expect(norm.parameters.map(\.shape) == [[3], [3]])
    }
}
