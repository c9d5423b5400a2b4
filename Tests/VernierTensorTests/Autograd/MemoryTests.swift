import Foundation
import Testing
import VernierTensor

/// A long training loop must not grow: graphs are freed with their last tensor (no retain cycles).
@Suite struct MemoryTests {
    /// Resident set size in bytes from /proc/self/statm (Linux); nil elsewhere.
    static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    static func trainingStep(_ parameters: inout [Tensor], x: Tensor, y: Tensor) {
        let (_, gradients) = valueAndGradient(at: parameters) { p in
            let hidden = relu(x.matmul(p[0]) + p[1])
            let output = sigmoid(hidden.matmul(p[2]) + p[3])
            return square(output - y).mean()
        }
        withoutGradient {
            for i in parameters.indices { parameters[i] = parameters[i] - gradients[i] * 0.1 }
        }
    }

    @Test func residentMemoryStaysFlat() throws {
        guard Self.residentBytes() != nil else { return }
        let x = TestTensors.uniform([10, 2], seed: 1)
        let y = TestTensors.uniform([10, 1], in: 0...1, seed: 2)
        var parameters = [
            TestTensors.uniform([2, 10], seed: 3), Tensor.zeros([10]), TestTensors.uniform([10, 1], seed: 4),
            Tensor.zeros([1]),
        ]
        for _ in 0..<1000 { Self.trainingStep(&parameters, x: x, y: y) }
        // A leaked graph (a dozen tensors, a few kB) per step grows every round by well over 10 MB. Other tests
        // run in parallel in this process and move the resident size too, so the smallest growth of three rounds
        // is compared: a leak grows in every round, noise does not.
        var growths: [Int] = []
        for _ in 0..<3 {
            let before = try #require(Self.residentBytes())
            for _ in 0..<10_000 { Self.trainingStep(&parameters, x: x, y: y) }
            growths.append(try #require(Self.residentBytes()) - before)
        }
        #expect(growths.min()! < 8 << 20, "resident memory grew in every round: \(growths) bytes")
        #expect(parameters.allSatisfy { $0.isFinite && !$0.isTracked })
    }
}
