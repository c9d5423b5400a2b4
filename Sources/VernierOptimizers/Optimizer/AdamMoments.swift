import CVernierKernels
import Dispatch

/// The scalars of one Adam/AdamW step as the C kernels take them (`vernier_adam_f32`): the first moment moves by
/// PyTorch's `torch.lerp(m, g, 1 − β₁)`, which is `m + w·(g − m)` for `w < 0.5` and `g − (1 − w)·(g − m)`
/// otherwise, chosen here once per step.
struct AdamCoefficients {
    let fromFirst: Float
    let keep: Float
    let scale: Float
    let beta2: Float
    let epsilon: Float
    let l2Decay: Float
    let shrink: Float
    let stepSize: Float
    let correction2Root: Float

    init(
        beta1: Float, beta2: Float, epsilon: Float, l2Decay: Float, shrink: Float, stepSize: Float,
        correction2Root: Float
    ) {
        let weight = 1 - beta1
        fromFirst = weight < 0.5 ? 1 : 0
        keep = 1 - fromFirst
        scale = weight < 0.5 ? weight : -beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.l2Decay = l2Decay
        self.shrink = shrink
        self.stepSize = stepSize
        self.correction2Root = correction2Root
    }
}

/// Adam's moment estimates of every parameter of a model in two flat buffers, parameter `i`'s slice starting where
/// parameter `i − 1`'s ends (created as zeros on first use, in the model's visiting order), so that one kernel
/// call updates the whole model.
struct AdamMoments: Sendable {
    private var first: [Float] = []
    private var second: [Float] = []
    /// Where each parameter's slice starts, then the total (one more entry than parameters).
    private var offsets: [Int] = [0]

    /// Sequences of at least this many elements are updated as two halves at the same time: 2¹⁶ elements are
    /// about 50 µs of one core's work, against a few microseconds to hand a half to the second core. Every element
    /// gets the same operations wherever the split falls, so the result does not depend on it.
    static let splitThreshold = 1 << 16

    /// The number of parameters with a slice.
    var parameterCount: Int { offsets.count - 1 }

    /// Makes sure parameter `index` has a slice of `count` elements (zeros when new) and returns where it starts.
    mutating func slice(_ index: Int, count: Int) -> Int {
        if index == parameterCount {
            offsets.append(offsets[index] + count)
            first.append(contentsOf: repeatElement(0, count: count))
            second.append(contentsOf: repeatElement(0, count: count))
        }
        precondition(
            index < parameterCount && offsets[index + 1] - offsets[index] == count,
            "optimizer state for parameter \(index) does not match its size \(count): was the model changed?")
        return offsets[index]
    }

    /// Updates parameter `index` alone.
    mutating func update(
        _ index: Int, _ parameter: UnsafeMutableBufferPointer<Float>, _ gradient: UnsafeBufferPointer<Float>,
        _ c: AdamCoefficients
    ) {
        let start = slice(index, count: parameter.count)
        guard parameter.count > 0 else { return }
        first.withUnsafeMutableBufferPointer { m in
            second.withUnsafeMutableBufferPointer { v in
                UpdateKernels.adam(parameter, gradient, m.baseAddress! + start, v.baseAddress! + start, c)
            }
        }
    }

    /// Updates every parameter (`parameters[i]`, `gradients[i]`, `counts[i]` elements, each with a slice already)
    /// in one kernel over the whole sequence, as two halves at the same time from ``splitThreshold`` elements.
    mutating func update(
        parameters: UnsafeMutableBufferPointer<UnsafeMutablePointer<Float>?>,
        gradients: UnsafeMutableBufferPointer<UnsafePointer<Float>?>, counts: UnsafeMutableBufferPointer<Int>,
        _ c: AdamCoefficients
    ) {
        precondition(
            counts.count == parameterCount, "AdamMoments: \(counts.count) parameters, \(parameterCount) slices")
        let total = offsets[parameterCount]
        guard total > 0, let pp = parameters.baseAddress, let gp = gradients.baseAddress, let cp = counts.baseAddress
        else { return }
        let tensors = counts.count
        first.withUnsafeMutableBufferPointer { m in
            second.withUnsafeMutableBufferPointer { v in
                let (mp, vp) = (m.baseAddress!, v.baseAddress!)
                let run = { (begin: Int, end: Int) in
                    vernier_adam_many_f32(
                        pp, gp, cp, tensors, mp, vp, begin, end, c.fromFirst, c.keep, c.scale, c.beta2, 1 - c.beta2,
                        c.epsilon, c.l2Decay, c.shrink, c.stepSize, c.correction2Root)
                }
                guard total >= Self.splitThreshold else {
                    run(0, total)
                    return
                }
                let halves = UncheckedRun(run)
                DispatchQueue.concurrentPerform(iterations: 2) { half in
                    halves.body(half * total / 2, (half + 1) * total / 2)
                }
            }
        }
    }
}

/// Hands the kernel call to the second half's thread: each half writes a disjoint range of the buffers.
private struct UncheckedRun: @unchecked Sendable {
    let body: (Int, Int) -> Void
    init(_ body: @escaping (Int, Int) -> Void) { self.body = body }
}
