import Foundation
import VernierRandom
import VernierTensor

/// `vernier bench tensor`: matrix-product throughput, element-wise cost per element, and one training step of a
/// tiny MLP written with raw tensor operations.
///
/// Each figure is the median of several rounds; a round repeats the operation until about 40 ms have passed.
enum TensorBenchmark: BenchmarkSuite {
    static let name = "tensor"
    static let summary = "matmul GFLOP/s, element-wise ns/element, 2-10-1 MLP forward+backward µs"

    static func run(options: BenchmarkOptions) throws -> [BenchmarkRecord] {
        var records: [BenchmarkRecord] = []
        var rng = Xoshiro256(seed: 1)
        let products: [(String, Int, Int, Int, Double?)] = [
            ("matmul_1024_gflops", 1024, 1024, 1024, 120),
            ("matmul_64x784x200_gflops", 64, 784, 200, 80),
            ("matmul_256_gflops", 256, 256, 256, nil),
        ]
        for (name, m, k, n, target) in products {
            let a = Tensor.randomNormal(shape: [m, k], using: &rng)
            let b = Tensor.randomNormal(shape: [k, n], using: &rng)
            let seconds = measure { _ = matmul(a, b) }
            records.append(
                BenchmarkRecord(
                    name: name, value: 2 * Double(m * n * k) / seconds / 1e9, unit: "GFLOP/s", reference: target,
                    referenceLabel: target.map { "target ≥ \(Int($0))" }))
        }
        for count in [1_000_000, 1000] {
            let a = Tensor.randomNormal(shape: [count], using: &rng)
            let b = Tensor.randomNormal(shape: [count], using: &rng)
            let suffix = count == 1000 ? "1e3" : "1e6"
            let operations: [(String, () -> Tensor)] = [
                ("add", { a + b }), ("mul", { a * b }), ("exp", { exp(a) }),
            ]
            for (operation, body) in operations {
                let seconds = measure { _ = body() }
                let target: Double? = operation == "add" && count == 1_000_000 ? 1 : nil
                records.append(
                    BenchmarkRecord(
                        name: "\(operation)_\(suffix)_ns_per_element", value: seconds / Double(count) * 1e9,
                        unit: "ns/element", reference: target, referenceLabel: target.map { _ in "target ≤ 1" }))
            }
        }
        records.append(mlpStep(using: &rng))
        return records
    }

    /// One forward+backward pass of a 2-10-1 MLP (ReLU hidden layer, sigmoid output, MSE) on a batch of 10.
    static func mlpStep(using rng: inout Xoshiro256) -> BenchmarkRecord {
        let x = Tensor.randomNormal(shape: [10, 2], using: &rng)
        let y = Tensor.randomUniform(shape: [10, 1], using: &rng)
        let parameters = [
            Tensor.randomNormal(shape: [2, 10], standardDeviation: 0.5, using: &rng), Tensor.zeros([10]),
            Tensor.randomNormal(shape: [10, 1], standardDeviation: 0.5, using: &rng), Tensor.zeros([1]),
        ]
        let seconds = measure {
            _ = valueAndGradient(at: parameters) { p in
                let hidden = relu(x.matmul(p[0]) + p[1])
                let output = sigmoid(hidden.matmul(p[2]) + p[3])
                return square(output - y).mean()
            }
        }
        return BenchmarkRecord(
            name: "mlp_2_10_1_b10_fwd_bwd_us", value: seconds * 1e6, unit: "µs", reference: 10,
            referenceLabel: "target ≤ 10; PyTorch ~450")
    }

    /// The median over rounds of the seconds one call of `body` takes.
    static func measure(rounds: Int = 7, roundSeconds: Double = 0.04, _ body: () -> Void) -> Double {
        for _ in 0..<3 { body() }
        var iterations = 1
        while true {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<iterations { body() }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if elapsed >= roundSeconds / 4 || iterations >= 1 << 24 {
                iterations = Swift.max(1, Int(Double(iterations) * roundSeconds / Swift.max(elapsed, 1e-9)))
                break
            }
            iterations *= 4
        }
        var times: [Double] = []
        for _ in 0..<rounds {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<iterations { body() }
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(iterations))
        }
        return times.sorted()[rounds / 2]
    }
}
