import Testing
import VernierNN
import VernierRandom
import VernierTensor

/// Layers against PyTorch (fixtures written by Scripts/fixtures/torch_parity.py).
@Suite struct LayerParityTests {
    struct LinearCase: Decodable {
        let weight, bias, input, output, cotangent, weightGradient, biasGradient, inputGradient: FixtureTensor
    }

    @Test func linearMatchesPyTorch() throws {
        let fixture = try loadFixture("linear", as: LinearCase.self)
        // PyTorch stores [out, in]; Vernier stores [in, out].
        let layer = Linear(weight: fixture.weight.tensor.transposed(), bias: fixture.bias.tensor)
        let x = fixture.input.tensor
        expectClose(layer(x), fixture.output.data, shape: fixture.output.shape, "output")
        let cotangent = fixture.cotangent.tensor
        let (_, gradients) = valueAndGradient(at: [x, layer.weight, layer.bias!]) { p in
            (Linear(weight: p[1], bias: p[2])(p[0]) * cotangent).sum()
        }
        expectClose(gradients[0], fixture.inputGradient.data, "input gradient")
        expectClose(gradients[1].transposed(), fixture.weightGradient.data, "weight gradient")
        expectClose(gradients[2], fixture.biasGradient.data, "bias gradient")
    }

    struct MLPCases: Decodable {
        struct Case: Decodable {
            let sizes: [Int]
            let activation, output, loss: String
            let weights, biases, weightGradients, biasGradients: [FixtureTensor]
            let input, target, prediction: FixtureTensor
            let lossValue: Float
        }
        let cases: [Case]
    }

    @Test func mlpForwardLossAndGradientsMatchPyTorch() throws {
        for fixture in try loadFixture("mlp", as: MLPCases.self).cases {
            var rng = Xoshiro256(seed: 0)
            let output = try Activation(parsing: fixture.output)
            var model = MLP(
                sizes: fixture.sizes, activation: try Activation(parsing: fixture.activation),
                output: output == .identity ? nil : output, using: &rng)
            for index in model.linears.indices {
                model.linears[index] = Linear(
                    weight: fixture.weights[index].tensor.transposed(), bias: fixture.biases[index].tensor)
            }
            let loss = try Loss(parsing: fixture.loss)
            let x = fixture.input.tensor
            let target = fixture.target.tensor
            let label = "\(fixture.activation)/\(fixture.loss)"
            expectClose(model(x), fixture.prediction.data, shape: fixture.prediction.shape, "\(label) prediction")
            let (value, gradient) = valueAndGradient(at: model) { model in loss(model(x), target) }
            expectClose(value, [fixture.lossValue], "\(label) loss")
            for index in model.linears.indices {
                expectClose(
                    gradient.linears[index].weight.transposed(), fixture.weightGradients[index].data,
                    absolute: 1e-6, "\(label) weight gradient \(index)")
                expectClose(
                    gradient.linears[index].bias!, fixture.biasGradients[index].data, absolute: 1e-6,
                    "\(label) bias gradient \(index)")
            }
        }
    }

    struct ConvolutionCases: Decodable {
        struct Case: Decodable {
            let stride, padding, poolKernel, poolStride: Int
            let pool: String
            let weight, bias, input, output, cotangent, weightGradient, biasGradient, inputGradient: FixtureTensor
        }
        let cases: [Case]
    }

    @Test func convolutionAndPoolingMatchPyTorch() throws {
        for fixture in try loadFixture("conv_pool", as: ConvolutionCases.self).cases {
            let label = "stride \(fixture.stride) padding \(fixture.padding) \(fixture.pool)pool"
            // Conv2D then ReLU(), and Conv2D with the ReLU fused into it: the same function.
            for fused in [false, true] {
                let label = label + (fused ? " fused relu" : "")
                func model(_ weight: Tensor, _ bias: Tensor) -> Sequential {
                    let pool: any Layer =
                        fixture.pool == "max"
                        ? MaxPool2D(kernelSize: fixture.poolKernel, stride: fixture.poolStride)
                        : AvgPool2D(kernelSize: fixture.poolKernel, stride: fixture.poolStride)
                    if fused {
                        return Sequential(
                            Conv2D(
                                weight: weight, bias: bias, stride: fixture.stride, padding: fixture.padding,
                                activation: .relu), pool)
                    }
                    return Sequential(
                        Conv2D(weight: weight, bias: bias, stride: fixture.stride, padding: fixture.padding), ReLU(),
                        pool)
                }
                let x = fixture.input.tensor
                let weight = fixture.weight.tensor
                let bias = fixture.bias.tensor
                expectClose(model(weight, bias)(x), fixture.output.data, shape: fixture.output.shape, "\(label) output")
                let cotangent = fixture.cotangent.tensor
                let (_, gradients) = valueAndGradient(at: [x, weight, bias]) { p in
                    (model(p[1], p[2])(p[0]) * cotangent).sum()
                }
                expectClose(gradients[0], fixture.inputGradient.data, absolute: 1e-6, "\(label) input gradient")
                expectClose(gradients[1], fixture.weightGradient.data, absolute: 1e-6, "\(label) weight gradient")
                expectClose(gradients[2], fixture.biasGradient.data, absolute: 1e-6, "\(label) bias gradient")
            }
        }
    }

    struct BatchNormCases: Decodable {
        struct Case: Decodable {
            let scale, offset, input, output, cotangent, inputGradient, scaleGradient, offsetGradient: FixtureTensor
            let secondInput, secondOutput, runningMean, runningVariance, evaluationInput,
                evaluationOutput: FixtureTensor
        }
        let cases: [Case]
    }

    @Test func batchNormTrainingAndEvaluationMatchPyTorch() throws {
        for fixture in try loadFixture("batchnorm", as: BatchNormCases.self).cases {
            let label = "BatchNorm \(fixture.input.shape)"
            var norm = BatchNorm(featureCount: fixture.scale.data.count)
            norm.scale = fixture.scale.tensor
            norm.offset = fixture.offset.tensor
            let x = fixture.input.tensor
            let cotangent = fixture.cotangent.tensor
            var context = ForwardContext(isTraining: true)
            // Gradient with respect to the parameters, through the training forward; state written back.
            let (_, parameterGradient) = valueAndGradient(at: &norm, context: &context) { norm, context in
                (norm(x, context: &context) * cotangent).sum()
            }
            expectClose(parameterGradient.scale, fixture.scaleGradient.data, absolute: 1e-5, "\(label) scale gradient")
            expectClose(
                parameterGradient.offset, fixture.offsetGradient.data, absolute: 1e-5, "\(label) offset gradient")
            // Gradient with respect to the input (the state recorded by this probe is discarded).
            var probeContext = ForwardContext(isTraining: true)
            let inputGradient = gradient(at: x) { x in (norm(x, context: &probeContext) * cotangent).sum() }
            expectClose(
                inputGradient, fixture.inputGradient.data, relative: 1e-4, absolute: 1e-5, "\(label) input gradient")
            var training = ForwardContext(isTraining: true)
            // The first training forward above already updated the running statistics once.
            let second = norm(fixture.secondInput.tensor, context: &training)
            norm.applyStateUpdates(from: &training)
            expectClose(second, fixture.secondOutput.data, absolute: 1e-5, "\(label) second output")
            expectClose(norm.runningMean, fixture.runningMean.data, "\(label) running mean")
            expectClose(norm.runningVariance, fixture.runningVariance.data, "\(label) running variance")
            expectClose(
                norm(fixture.evaluationInput.tensor), fixture.evaluationOutput.data, absolute: 1e-5,
                "\(label) evaluation output")
        }
    }
}
