import Testing
import VernierNN
import VernierOptimizers
import VernierTensor

/// Optimizers, schedules and clipping against PyTorch (fixtures written by Scripts/fixtures/torch_parity.py).
@Suite struct OptimizerParityTests {
    struct OptimizerCases: Decodable {
        struct Settings: Decodable {
            var learningRate: Float
            var momentum: Float?
            var dampening: Float?
            var nesterov: Bool?
            var weightDecay: Float?
            var alpha: Float?
            var centered: Bool?
            var beta1: Float?
            var beta2: Float?
            var learningRateDecay: Float?
            var initialAccumulatorValue: Float?
        }
        struct Case: Decodable {
            let optimizer: String
            let settings: Settings
            let losses: [Float]
            let weights, biases: [FixtureTensor]
        }
        let input, target, weight, bias: FixtureTensor
        let cases: [Case]
    }

    static func makeOptimizer(_ name: String, _ s: OptimizerCases.Settings) -> any Optimizer {
        switch name {
        case "sgd":
            SGD(
                learningRate: s.learningRate, momentum: s.momentum ?? 0, dampening: s.dampening ?? 0,
                nesterov: s.nesterov ?? false, weightDecay: s.weightDecay ?? 0)
        case "rmsprop":
            RMSProp(
                learningRate: s.learningRate, alpha: s.alpha ?? 0.99, momentum: s.momentum ?? 0,
                centered: s.centered ?? false, weightDecay: s.weightDecay ?? 0)
        case "adam":
            Adam(
                learningRate: s.learningRate, beta1: s.beta1 ?? 0.9, beta2: s.beta2 ?? 0.999,
                weightDecay: s.weightDecay ?? 0)
        case "adamw":
            AdamW(learningRate: s.learningRate, weightDecay: s.weightDecay ?? 0.01)
        case "adagrad":
            Adagrad(
                learningRate: s.learningRate, learningRateDecay: s.learningRateDecay ?? 0,
                weightDecay: s.weightDecay ?? 0, initialAccumulatorValue: s.initialAccumulatorValue ?? 0)
        default:
            preconditionFailure("unknown optimizer \(name) in fixture")
        }
    }

    @Test func threeStepsMatchPyTorch() throws {
        let fixture = try loadFixture("optimizers", as: OptimizerCases.self)
        #expect(fixture.cases.count == 15)
        let x = fixture.input.tensor
        let y = fixture.target.tensor
        for item in fixture.cases {
            var optimizer = Self.makeOptimizer(item.optimizer, item.settings)
            var parameters = [fixture.weight.tensor, fixture.bias.tensor]
            let label = "\(item.optimizer) \(item.settings)"
            for step in 0..<3 {
                let (loss, gradient) = valueAndGradient(at: parameters) { p in
                    square(x.matmul(p[0]) + p[1] - y).mean()
                }
                optimizer.update(&parameters, along: gradient)
                expectClose(loss, [item.losses[step]], "\(label) loss at step \(step)")
                expectClose(
                    parameters[0], item.weights[step].data, absolute: 1e-6, "\(label) weight after step \(step)")
                expectClose(parameters[1], item.biases[step].data, absolute: 1e-6, "\(label) bias after step \(step)")
            }
        }
    }

    struct ScheduleCases: Decodable {
        struct Settings: Decodable {
            var stepSize: Int?
            var gamma: Float?
            var period: Int?
            var minimumLearningRate: Float?
            var warmupSteps: Int?
            var startFactor: Float?
            var factor: Float?
            var patience: Int?
            var threshold: Float?
            var cooldown: Int?
        }
        struct Case: Decodable {
            let schedule: String
            let settings: Settings
            let rates: [Float]
            let metrics: [Float]?
        }
        struct Clipping: Decodable {
            let gradient, clippedByNorm, clippedByValue: [FixtureTensor]
            let maxNorm, norm, limit: Float
        }
        let initialLearningRate: Float
        let cases: [Case]
        let clipping: Clipping
    }

    @Test func schedulesMatchPyTorch() throws {
        let fixture = try loadFixture("schedules", as: ScheduleCases.self)
        let initial = fixture.initialLearningRate
        #expect(fixture.cases.count == 5)
        for item in fixture.cases {
            let s = item.settings
            var schedule: any LearningRateSchedule =
                switch item.schedule {
                case "step": StepDecay(initialLearningRate: initial, stepSize: s.stepSize!, gamma: s.gamma!)
                case "exponential": ExponentialDecay(initialLearningRate: initial, gamma: s.gamma!)
                case "cosine":
                    CosineAnnealing(
                        initialLearningRate: initial, period: s.period!, minimumLearningRate: s.minimumLearningRate!)
                case "linear-warmup":
                    LinearWarmup(learningRate: initial, warmupSteps: s.warmupSteps!, startFactor: s.startFactor!)
                default:
                    ReduceOnPlateau(
                        initialLearningRate: initial, factor: s.factor!, patience: s.patience!,
                        threshold: s.threshold!, cooldown: s.cooldown!, minimumLearningRate: s.minimumLearningRate!)
                }
            var rates = [schedule.learningRate(at: 0)]
            for index in 1..<item.rates.count {
                if let metrics = item.metrics { schedule.observe(metric: metrics[index - 1]) }
                rates.append(schedule.learningRate(at: index))
            }
            expectClose(Tensor(rates), item.rates, absolute: 1e-7, "\(item.schedule) rates")
        }
    }

    @Test func clippingMatchesPyTorch() throws {
        let clipping = try loadFixture("schedules", as: ScheduleCases.self).clipping
        var byNorm = clipping.gradient.map(\.tensor)
        let norm = clipByGlobalNorm(&byNorm, maxNorm: clipping.maxNorm)
        #expect(Swift.abs(norm - clipping.norm) <= 1e-5 * clipping.norm)
        for (clipped, expected) in zip(byNorm, clipping.clippedByNorm) { expectClose(clipped, expected.data, "norm") }
        var byValue = clipping.gradient.map(\.tensor)
        clipByValue(&byValue, limit: clipping.limit)
        for (clipped, expected) in zip(byValue, clipping.clippedByValue) {
            expectClose(clipped, expected.data, "value")
        }
    }
}
