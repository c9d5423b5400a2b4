import Foundation
import Testing
import VernierTensor

/// Forward values against NumPy (Scripts/fixtures/tensor_fixtures.py → Fixtures/tensor_ops.json).
@Suite struct FixtureTests {
    struct Encoded: Decodable {
        var shape: [Int]
        var values: [Float]
        var tensor: Tensor { Tensor(shape: shape, scalars: values) }
    }

    struct Parameters: Decodable {
        var axes: [Int]?
        var axis: Int?
        var exponent: Float?
        var min: Float?
        var max: Float?
        var scalar: Float?
        var transposeA: Bool?
        var transposeB: Bool?
        var permutation: [Int]?
        var shape: [Int]?
        var lower: Int?
        var upper: Int?
        var indices: [Int]?
    }

    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        var name: String
        var op: String
        var inputs: [Encoded]
        var parameters: Parameters
        var output: Encoded
        var testDescription: String { name }
    }

    struct File: Decodable {
        var cases: [Case]
    }

    static let cases: [Case] = {
        guard let url = Bundle.module.url(forResource: "tensor_ops", withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url),
            let file = try? JSONDecoder().decode(File.self, from: data)
        else { return [] }
        return file.cases
    }()

    static func evaluate(_ c: Case) -> Tensor {
        let x = c.inputs.map(\.tensor)
        let p = c.parameters
        switch c.op {
        case "add": return x[0] + x[1]
        case "subtract": return x[0] - x[1]
        case "multiply": return x[0] * x[1]
        case "divide": return x[0] / x[1]
        case "maximum": return maximum(x[0], x[1])
        case "minimum": return minimum(x[0], x[1])
        case "negate": return -x[0]
        case "exp": return exp(x[0])
        case "log": return log(x[0])
        case "sqrt": return sqrt(x[0])
        case "square": return square(x[0])
        case "powScalar": return pow(x[0], p.exponent!)
        case "pow": return pow(x[0], x[1])
        case "abs": return abs(x[0])
        case "clamp": return clamp(x[0], min: p.min!, max: p.max!)
        case "relu": return relu(x[0])
        case "sigmoid": return sigmoid(x[0])
        case "tanh": return tanh(x[0])
        case "addScalar": return x[0] + p.scalar!
        case "multiplyScalar": return x[0] * p.scalar!
        case "scalarDivide": return p.scalar! / x[0]
        case "sum": return x[0].sum(alongAxes: p.axes!)
        case "mean": return x[0].mean(alongAxes: p.axes!)
        case "sumAll": return x[0].sum()
        case "meanAll": return x[0].mean()
        case "max": return x[0].max(alongAxis: p.axis!)
        case "maxAll": return x[0].max()
        case "argmax":
            var shape = x[0].shape
            shape.remove(at: p.axis!)
            return Tensor(shape: shape, scalars: x[0].argmax(alongAxis: p.axis!).map { Float($0) })
        case "logSumExp": return x[0].logSumExp(alongAxis: p.axis!)
        case "matmul": return matmul(x[0], x[1], transposeA: p.transposeA!, transposeB: p.transposeB!)
        case "transpose": return x[0].transposed(permutation: p.permutation!)
        case "broadcast": return x[0].broadcast(to: p.shape!)
        case "slice": return x[0].slice(p.lower!..<p.upper!, alongAxis: p.axis!)
        case "concatenate": return concatenate(x, alongAxis: p.axis!)
        case "stack": return stack(x, alongAxis: p.axis!)
        case "gather": return x[0].gathering(atIndices: p.indices!, alongAxis: p.axis!)
        case "picking": return x[0].picking(indices: p.indices!)
        default: preconditionFailure("unknown fixture op \(c.op)")
        }
    }

    @Test func fixturesAreLoaded() {
        #expect(Self.cases.count > 100)
    }

    @Test(arguments: cases)
    func matchesNumPy(_ c: Case) {
        let result = Self.evaluate(c)
        #expect(result.shape == c.output.shape)
        let tolerance: Float = c.op == "matmul" ? 1e-5 : 3e-6
        #expect(isClose(result.scalars, c.output.values, tolerance: tolerance), "\(result) vs \(c.output.values)")
    }
}
