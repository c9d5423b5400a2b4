import CVernierKernels
import Testing
import VernierTestSupport

@testable import VernierOptimizers

/// The C update kernels give the same bits on every instruction-set path (AVX2, SSE2, portable) and agree with a
/// scalar Swift transcription of the rule, including the tail that does not fill a vector.
@Suite(.serialized)
struct UpdateKernelPathTests {
    /// Deterministic pseudo-random floats in [-scale, scale].
    private func values(_ count: Int, seed: UInt32, scale: Float) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 1_664_525 &+ 1_013_904_223
            return (Float(state >> 8) / Float(1 << 24) * 2 - 1) * scale
        }
    }

    private func onEveryPath<T>(_ body: () -> T) -> [T] { KernelPaths.onEveryPath(body) }

    #if arch(x86_64)
    /// On x86-64 Adam flushes subnormal moments to 0 (MXCSR's DAZ/FTZ, on every path, the tail included) and
    /// restores the caller's mode: subnormal arithmetic after the call still gives subnormals.
    @Test func adamFlushesSubnormalMomentsAndRestoresTheMode() {
        let count = 11
        let tiny = [Float](repeating: Float.leastNormalMagnitude / 4, count: count)
        let moments = onEveryPath { () -> [[Float]] in
            var parameter = [Float](repeating: 1, count: count)
            let gradient = [Float](repeating: 0, count: count)
            var (first, second) = (tiny, tiny)
            parameter.withUnsafeMutableBufferPointer { p in
                gradient.withUnsafeBufferPointer { g in
                    first.withUnsafeMutableBufferPointer { m in
                        second.withUnsafeMutableBufferPointer { v in
                            UpdateKernels.adam(
                                p, g, m.baseAddress!, v.baseAddress!,
                                AdamCoefficients(
                                    beta1: 0.9, beta2: 0.999, epsilon: 1e-8, l2Decay: 0, shrink: 1, stepSize: 0.01,
                                    correction2Root: 1))
                        }
                    }
                }
            }
            #expect(parameter == [Float](repeating: 1, count: count))
            return [first, second]
        }
        for pair in moments {
            #expect(pair[0] == [Float](repeating: 0, count: count))
            #expect(pair[1] == [Float](repeating: 0, count: count))
        }
        let halved = tiny.map { $0 * 0.5 }
        #expect(halved.allSatisfy { $0 > 0 && $0.isSubnormal })
    }
    #endif

    @Test func adamIsBitIdenticalOnEveryPathAndMatchesTheScalarRule() {
        let count = 1003
        let gradient = values(count, seed: 1, scale: 0.5)
        let results = onEveryPath { () -> [[Float]] in
            var parameter = values(count, seed: 2, scale: 1)
            var first = values(count, seed: 3, scale: 0.1)
            var second = values(count, seed: 4, scale: 0.1).map { $0 * $0 }
            for _ in 0..<3 {
                parameter.withUnsafeMutableBufferPointer { p in
                    gradient.withUnsafeBufferPointer { g in
                        first.withUnsafeMutableBufferPointer { m in
                            second.withUnsafeMutableBufferPointer { v in
                                UpdateKernels.adam(
                                    p, g, m.baseAddress!, v.baseAddress!,
                                    AdamCoefficients(
                                        beta1: 0.9, beta2: 0.999, epsilon: 1e-8, l2Decay: 0.01, shrink: 0.999,
                                        stepSize: 0.01, correction2Root: 0.3))
                            }
                        }
                    }
                }
            }
            return [parameter, first, second]
        }
        #expect(results.count >= 1)
        for result in results.dropFirst() {
            #expect(result.map { $0.map(\.bitPattern) } == results[0].map { $0.map(\.bitPattern) })
        }
        // Scalar transcription (weight 0.1 < 0.5: m + w·(g − m)).
        var parameter = values(count, seed: 2, scale: 1)
        var first = values(count, seed: 3, scale: 0.1)
        var second = values(count, seed: 4, scale: 0.1).map { $0 * $0 }
        let (one, zero, w, b2): (Float, Float, Float, Float) = (1, 0, 1 - 0.9, 0.999)
        for _ in 0..<3 {
            for i in 0..<count {
                let p = parameter[i] * 0.999
                let g = gradient[i] + 0.01 * p
                let m = (one * first[i] + zero * g) + w * (g - first[i])
                let v = second[i] * b2 + (1 - b2) * g * g
                first[i] = m
                second[i] = v
                parameter[i] = p - 0.01 * (m / (v.squareRoot() / 0.3 + 1e-8))
            }
        }
        #expect(results[0][0].map(\.bitPattern) == parameter.map(\.bitPattern))
        #expect(results[0][1].map(\.bitPattern) == first.map(\.bitPattern))
        #expect(results[0][2].map(\.bitPattern) == second.map(\.bitPattern))
    }

    @Test(arguments: [(false, Float(0)), (true, Float(0)), (false, Float(0.9)), (true, Float(0.9))])
    func rmspropIsBitIdenticalOnEveryPath(centered: Bool, momentum: Float) {
        let count = 517
        let gradient = values(count, seed: 5, scale: 0.5)
        let results = onEveryPath { () -> [[Float]] in
            var parameter = values(count, seed: 6, scale: 1)
            var squares = values(count, seed: 7, scale: 0.3).map { $0 * $0 + 0.5 }
            var averages = centered ? values(count, seed: 8, scale: 0.1) : []
            var velocities = momentum > 0 ? values(count, seed: 9, scale: 0.1) : []
            for _ in 0..<3 {
                parameter.withUnsafeMutableBufferPointer { p in
                    gradient.withUnsafeBufferPointer { g in
                        squares.withUnsafeMutableBufferPointer { s in
                            averages.withUnsafeMutableBufferPointer { a in
                                velocities.withUnsafeMutableBufferPointer { b in
                                    UpdateKernels.rmsprop(
                                        p, g, s, a, b, rate: 0.01, alpha: 0.99, epsilon: 1e-8, decay: 0.001,
                                        momentum: momentum, centered: centered)
                                }
                            }
                        }
                    }
                }
            }
            return [parameter, squares, averages, velocities]
        }
        #expect(results[0][0].allSatisfy { $0.isFinite })
        #expect(results[0][0] != values(count, seed: 6, scale: 1))
        for result in results.dropFirst() {
            #expect(result.map { $0.map(\.bitPattern) } == results[0].map { $0.map(\.bitPattern) })
        }
    }

    @Test func adagradIsBitIdenticalOnEveryPath() {
        let count = 301
        let gradient = values(count, seed: 10, scale: 0.5)
        let results = onEveryPath { () -> [[Float]] in
            var parameter = values(count, seed: 11, scale: 1)
            var sums = values(count, seed: 12, scale: 0.3).map { $0 * $0 }
            for _ in 0..<3 {
                parameter.withUnsafeMutableBufferPointer { p in
                    gradient.withUnsafeBufferPointer { g in
                        sums.withUnsafeMutableBufferPointer { s in
                            UpdateKernels.adagrad(p, g, s, rate: 0.1, decay: 0.01, epsilon: 1e-10)
                        }
                    }
                }
            }
            return [parameter, sums]
        }
        #expect(results[0][0] != values(count, seed: 11, scale: 1))
        for result in results.dropFirst() {
            #expect(result.map { $0.map(\.bitPattern) } == results[0].map { $0.map(\.bitPattern) })
        }
    }
}
