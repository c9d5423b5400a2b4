import Foundation
import Testing
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierTensor

@Suite struct OptimizerStepTests {
    @Test func plainSGDStepsAgainstTheGradient() {
        var parameters = [Tensor([1, -2]), Tensor([0.5])]
        var optimizer = SGD(learningRate: 0.1)
        optimizer.update(&parameters, along: [Tensor([2, 4]), Tensor([-1])])
        expectClose(parameters[0], [0.8, -2.4], "weight")
        expectClose(parameters[1], [0.6], "bias")
    }

    @Test func momentumAccumulatesVelocity() {
        var parameter = Tensor([1])
        var optimizer = SGD(learningRate: 0.1, momentum: 0.9)
        optimizer.update(&parameter, along: Tensor([1]))  // b = 1, θ = 0.9
        optimizer.update(&parameter, along: Tensor([1]))  // b = 1.9, θ = 0.71
        expectClose(parameter, [0.71], "momentum")
        var nesterov = SGD(learningRate: 0.1, momentum: 0.9, nesterov: true)
        var other = Tensor([1])
        nesterov.update(&other, along: Tensor([1]))  // b = 1, g = 1 + 0.9 = 1.9, θ = 0.81
        expectClose(other, [0.81], "nesterov")
    }

    @Test func adamFirstStepMovesByTheLearningRate() {
        // With bias correction the first Adam step is lr · g/|g| (up to ε).
        var parameter = Tensor([1, 1])
        var optimizer = Adam(learningRate: 0.01)
        optimizer.update(&parameter, along: Tensor([3, -0.5]))
        expectClose(parameter, [0.99, 1.01], relative: 1e-5, "adam")
        #expect(optimizer.step == 1)
    }

    @Test func adamWDecaysWeightsEvenWithZeroGradient() {
        var parameter = Tensor([2])
        var optimizer = AdamW(learningRate: 0.1, weightDecay: 0.5)
        optimizer.update(&parameter, along: Tensor([0]))
        expectClose(parameter, [2 * (1 - 0.05)], "adamw")
    }

    @Test func adagradAndRMSPropFirstSteps() {
        var a = Tensor([1])
        var adagrad = Adagrad(learningRate: 0.5)
        adagrad.update(&a, along: Tensor([2]))  // s = 4, θ = 1 − 0.5 · 2/2
        expectClose(a, [0.5], "adagrad")
        var r = Tensor([1])
        var rmsprop = RMSProp(learningRate: 0.01, alpha: 0.99)
        rmsprop.update(&r, along: Tensor([2]))  // s = 0.04, θ = 1 − 0.01 · 2/0.2
        expectClose(r, [0.9], "rmsprop")
    }

    @Test func optimizerKindsParseAndBuild() throws {
        for kind in OptimizerSettings.Name.allCases {
            #expect(try OptimizerSettings.Name(parsing: kind.rawValue.uppercased()) == kind)
            var optimizer = kind.settings(learningRate: 0.05).makeOptimizer()
            #expect(optimizer.learningRate == 0.05)
            var parameter = Tensor([1, 2])
            optimizer.update(&parameter, along: Tensor([1, 1]))
            #expect(parameter.scalars.allSatisfy { $0 < 2 } && parameter.scalars[0] < 1)
            optimizer.learningRate = 0.01
            #expect(optimizer.learningRate == 0.01)
        }
        #expect(throws: UnknownNameError.self) { try OptimizerSettings.Name(parsing: "lbfgs") }
    }

    @Test func vectorizedUpdatesMatchAScalarReferenceOnLongParameters() {
        // 19 elements: two full 8-wide chunks and a tail of 3.
        var rng = Xoshiro256(seed: 31)
        let start = Tensor.randomNormal(shape: [19], using: &rng)
        let gradients = (0..<3).map { _ in Tensor.randomNormal(shape: [19], using: &rng) }
        var parameter = start
        var optimizer = Adam(learningRate: 0.01, weightDecay: 0.1)
        for g in gradients { optimizer.update(&parameter, along: g) }
        var expected = start.scalars
        var m = [Float](repeating: 0, count: 19)
        var v = [Float](repeating: 0, count: 19)
        for (step, g) in gradients.enumerated() {
            let t = Double(step + 1)
            let stepSize = Float(0.01 / (1 - Foundation.pow(0.9, t)))
            let root = Float((1 - Foundation.pow(0.999, t)).squareRoot())
            for i in 0..<19 {
                let gi = g.scalars[i] + 0.1 * expected[i]
                m[i] = m[i] + 0.1 * (gi - m[i])
                v[i] = v[i] * 0.999 + 0.001 * gi * gi
                expected[i] -= stepSize * (m[i] / (v[i].squareRoot() / root + 1e-8))
            }
        }
        expectClose(parameter, expected, relative: 1e-6, "adam")
        var centered = start
        var rmsprop = RMSProp(learningRate: 0.01, momentum: 0.5, centered: true)
        var adagrad = Adagrad(learningRate: 0.1)
        var byAdagrad = start
        for g in gradients {
            rmsprop.update(&centered, along: g)
            adagrad.update(&byAdagrad, along: g)
        }
        #expect(centered.isFinite && byAdagrad.isFinite)
        // Every element moved, including the tail.
        #expect(zip(centered.scalars, start.scalars).allSatisfy { $0 != $1 })
        #expect(zip(byAdagrad.scalars, start.scalars).allSatisfy { $0 != $1 })
    }

    @Test func smallMLPTrainedWithSGDLowersItsLoss() {
        var rng = Xoshiro256(seed: 7)
        var model = MLP(sizes: [2, 10, 1], activation: .tanh, output: .sigmoid, using: &rng)
        // XOR-like quadrants.
        let x = Tensor.randomUniform(shape: [64, 2], in: -1...1, using: &rng)
        let labels = Tensor(shape: [64, 1], scalars: (0..<64).map { i in x[i, 0] * x[i, 1] > 0 ? 1 : 0 })
        var optimizer = SGD(learningRate: 0.5, momentum: 0.9)
        func loss(_ model: MLP) -> Float {
            binaryCrossEntropy(probabilities: model(x), labels: labels).item
        }
        let initial = loss(model)
        for _ in 0..<300 {
            let (_, gradient) = valueAndGradient(at: model) { model in
                binaryCrossEntropy(probabilities: model(x), labels: labels)
            }
            optimizer.update(&model, along: gradient)
        }
        let final = loss(model)
        #expect(final < 0.5 * initial, "loss \(initial) → \(final)")
    }
}
