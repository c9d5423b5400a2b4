import VernierTensor

/// Compares the tape gradient of `function` with central finite differences, for every element of every input.
///
/// The function may return a tensor of any shape: its output is contracted with a fixed pseudo-random cotangent
/// (the same for the analytic and the numeric side), so every output element and every pullback path is
/// exercised with a non-uniform incoming gradient. The numeric side perturbs each input element by
/// `±step · max(1, |x|)` (using the perturbation actually representable in `Float`) and accumulates the
/// contracted outputs in `Double`.
///
/// An element passes when `|analytic − numeric| ≤ absoluteTolerance + relativeTolerance · |numeric|`.
/// Inputs should stay away from kinks (ReLU at 0, ties of max) where the derivative is not defined.
///
/// ```swift
/// let check = checkGradient(of: { p in p[0].matmul(p[1]) }, at: [a, b])
/// #expect(check.passed, "\(check)")
/// ```
public func checkGradient(
    of function: ([Tensor]) -> Tensor, at inputs: [Tensor], step: Double = 1e-2,
    relativeTolerance: Double = 1e-2, absoluteTolerance: Double = 1e-3
) -> GradientCheckResult {
    precondition(!inputs.isEmpty, "checkGradient: needs at least one input")
    let probe = withoutGradient { function(inputs) }
    let cotangent = GradientCheckCotangent.make(shape: probe.shape)
    let analytic = valueAndGradient(at: inputs) { values in (function(values) * cotangent).sum() }.gradients
    func evaluate(_ values: [Tensor]) -> Double {
        let output = withoutGradient { function(values) }
        precondition(
            output.shape == probe.shape,
            "checkGradient: output shape changed from \(probe.shape) to \(output.shape)")
        var total = 0.0
        for (value, weight) in zip(output.scalars, cotangent.scalars) { total += Double(value) * Double(weight) }
        return total
    }
    var result = GradientCheckResult()
    for inputIndex in inputs.indices {
        let original = inputs[inputIndex]
        let analyticScalars = analytic[inputIndex].scalars
        precondition(
            analytic[inputIndex].shape == original.shape,
            "checkGradient: gradient of input \(inputIndex) has shape \(analytic[inputIndex].shape), "
                + "input has \(original.shape)")
        for element in 0..<original.count {
            let x = original.scalars[element]
            let h = step * Swift.max(1, Double(Swift.abs(x)))
            let plus = Float(Double(x) + h)
            let minus = Float(Double(x) - h)
            var values = inputs
            values[inputIndex] = replacing(original, element: element, with: plus)
            let high = evaluate(values)
            values[inputIndex] = replacing(original, element: element, with: minus)
            let low = evaluate(values)
            let numeric = (high - low) / (Double(plus) - Double(minus))
            result.record(
                input: inputIndex, element: element, analytic: Double(analyticScalars[element]), numeric: numeric,
                relativeTolerance: relativeTolerance, absoluteTolerance: absoluteTolerance)
        }
    }
    return result
}

/// Single-input form of ``checkGradient(of:at:step:relativeTolerance:absoluteTolerance:)-([Tensor],_,_,_,_)``.
///
/// ```swift
/// let check = checkGradient(of: { exp($0) }, at: Tensor([0.5, -1, 2]))
/// #expect(check.passed, "\(check)")
/// ```
public func checkGradient(
    of function: (Tensor) -> Tensor, at input: Tensor, step: Double = 1e-2,
    relativeTolerance: Double = 1e-2, absoluteTolerance: Double = 1e-3
) -> GradientCheckResult {
    checkGradient(
        of: { function($0[0]) }, at: [input], step: step, relativeTolerance: relativeTolerance,
        absoluteTolerance: absoluteTolerance)
}

private func replacing(_ tensor: Tensor, element: Int, with value: Float) -> Tensor {
    var copy = tensor.detached()
    copy.withUnsafeMutableBufferPointer { $0[element] = value }
    return copy
}

/// The fixed cotangent used to contract non-scalar outputs: values in [0.5, 1.5] with alternating signs,
/// from a tiny linear congruential sequence so that every check is reproducible.
enum GradientCheckCotangent {
    static func make(shape: [Int]) -> Tensor {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return Tensor(shape: shape) { buffer in
            for i in buffer.indices {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let unit = Float(state >> 40) / Float(1 << 24)
                buffer[i] = (0.5 + unit) * (i % 2 == 0 ? 1 : -1)
            }
        }
    }
}
