import Testing
import VernierNN
import VernierTensor

/// Activations and losses against PyTorch (fixtures written by Scripts/fixtures/torch_parity.py).
@Suite struct FunctionParityTests {
    struct ActivationCases: Decodable {
        struct Case: Decodable {
            let name: String
            let output, gradient: FixtureTensor
        }
        let input, cotangent: FixtureTensor
        let cases: [Case]
    }

    @Test func activationsMatchPyTorch() throws {
        let fixture = try loadFixture("activations", as: ActivationCases.self)
        let x = fixture.input.tensor
        let cotangent = fixture.cotangent.tensor
        #expect(fixture.cases.count == 10)
        for item in fixture.cases {
            let activation = try Activation(parsing: item.name)
            expectClose(activation(x), item.output.data, shape: item.output.shape, "\(item.name) output")
            let gradient = gradient(at: x) { x in (activation(x) * cotangent).sum() }
            expectClose(gradient, item.gradient.data, absolute: 1e-6, "\(item.name) gradient")
        }
    }

    struct LossCases: Decodable {
        struct Case: Decodable {
            let loss, reduction: String
            let output, target, value, cotangent, gradient: FixtureTensor
        }
        let cases: [Case]
    }

    @Test func lossesMatchPyTorch() throws {
        let fixture = try loadFixture("losses", as: LossCases.self)
        #expect(fixture.cases.count == 24)
        for item in fixture.cases {
            let loss = try Loss(parsing: item.loss)
            let reduction = try #require(LossReduction(rawValue: item.reduction))
            let label = "\(item.loss) (\(item.reduction))"
            let output = item.output.tensor
            let target = item.target.tensor
            let value = loss(output, target, reduction: reduction)
            expectClose(value, item.value.data, shape: item.value.shape, "\(label) value")
            let cotangent = item.cotangent.tensor
            let gradient = gradient(at: output) { output in
                (loss(output, target, reduction: reduction) * cotangent).sum()
            }
            expectClose(gradient, item.gradient.data, absolute: 1e-6, "\(label) gradient")
        }
    }
}
