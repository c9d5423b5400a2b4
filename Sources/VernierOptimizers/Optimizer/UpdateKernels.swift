/// The fused per-parameter update loops. Each is one pass over the parameter, its gradient and its state,
/// with every mode decision taken before the loop so that the compiler can vectorize it.
enum UpdateKernels {
    /// θ ← θ − rate·(g + decay·θ).
    static func sgd(
        _ parameter: UnsafeMutableBufferPointer<Float>, _ gradient: UnsafeBufferPointer<Float>, rate: Float,
        decay: Float
    ) {
        for i in 0..<parameter.count {
            let p = parameter[i]
            parameter[i] = p - rate * (gradient[i] + decay * p)
        }
    }

    /// SGD with momentum: b ← g (first step) or μb + (1 − dampening)g; step along b or g + μb (Nesterov).
    static func momentum(
        _ parameter: UnsafeMutableBufferPointer<Float>, _ gradient: UnsafeBufferPointer<Float>,
        _ buffer: UnsafeMutableBufferPointer<Float>, rate: Float, decay: Float, momentum: Float, dampening: Float,
        nesterov: Bool, isFirst: Bool
    ) {
        let keep: Float = isFirst ? 0 : momentum
        let add: Float = isFirst ? 1 : 1 - dampening
        // Nesterov steps along g + μb, plain momentum along b.
        let raw: Float = nesterov ? 1 : 0
        let look: Float = nesterov ? momentum : 1
        for i in 0..<parameter.count {
            let p = parameter[i]
            let g = gradient[i] + decay * p
            let b = keep * buffer[i] + add * g
            buffer[i] = b
            parameter[i] = p - rate * (raw * g + look * b)
        }
    }

    /// Adam/AdamW: optional decoupled shrink, optional L2 term, moments by PyTorch's lerp, bias-corrected step.
    static func adam(
        _ parameter: UnsafeMutableBufferPointer<Float>, _ gradient: UnsafeBufferPointer<Float>,
        _ first: UnsafeMutableBufferPointer<Float>, _ second: UnsafeMutableBufferPointer<Float>,
        beta1: Float, beta2: Float, epsilon: Float, l2Decay: Float, shrink: Float, stepSize: Float,
        correction2Root: Float
    ) {
        let weight = 1 - beta1
        let oneMinusBeta2 = 1 - beta2
        // torch.lerp(m, g, w) is m + w·(g − m) for w < 0.5 and g − (1 − w)·(g − m) otherwise.
        let fromFirst: Float = weight < 0.5 ? 1 : 0
        let scale: Float = weight < 0.5 ? weight : -beta1
        // SIMD4 (one SSE register on baseline x86-64): the SIMD8 chunk loop spilled registers there, and a scalar
        // loop does not vectorize (sqrt, division). Same operations in the same order in body and tail: same bits.
        guard let pp = parameter.baseAddress, let gp = gradient.baseAddress, let mp = first.baseAddress,
            let vp = second.baseAddress
        else { return }
        let keep = 1 - fromFirst
        let count = parameter.count
        var i = 0
        while i + 4 <= count {
            let p = UnsafeRawPointer(pp + i).loadUnaligned(as: SIMD4<Float>.self) * shrink
            let g = UnsafeRawPointer(gp + i).loadUnaligned(as: SIMD4<Float>.self) + l2Decay * p
            let m0 = UnsafeRawPointer(mp + i).loadUnaligned(as: SIMD4<Float>.self)
            let m = (fromFirst * m0 + keep * g) + scale * (g - m0)
            let v = UnsafeRawPointer(vp + i).loadUnaligned(as: SIMD4<Float>.self) * beta2 + oneMinusBeta2 * g * g
            UnsafeMutableRawPointer(mp + i).storeBytes(of: m, as: SIMD4<Float>.self)
            UnsafeMutableRawPointer(vp + i).storeBytes(of: v, as: SIMD4<Float>.self)
            let denominator = v.squareRoot() / correction2Root + epsilon
            UnsafeMutableRawPointer(pp + i).storeBytes(of: p - stepSize * (m / denominator), as: SIMD4<Float>.self)
            i += 4
        }
        while i < count {
            let p = pp[i] * shrink
            let g = gp[i] + l2Decay * p
            let m0 = mp[i]
            let m = (fromFirst * m0 + keep * g) + scale * (g - m0)
            let v = vp[i] * beta2 + oneMinusBeta2 * g * g
            mp[i] = m
            vp[i] = v
            let denominator = v.squareRoot() / correction2Root + epsilon
            pp[i] = p - stepSize * (m / denominator)
            i += 1
        }
    }

    /// RMSProp with optional centering and momentum.
    static func rmsprop(
        _ parameter: UnsafeMutableBufferPointer<Float>, _ gradient: UnsafeBufferPointer<Float>,
        _ squares: UnsafeMutableBufferPointer<Float>, _ averages: UnsafeMutableBufferPointer<Float>,
        _ velocities: UnsafeMutableBufferPointer<Float>, rate: Float, alpha: Float, epsilon: Float, decay: Float,
        momentum: Float, centered: Bool
    ) {
        let weight = 1 - alpha
        let fromAverage: Float = weight < 0.5 ? 1 : 0
        let scale: Float = weight < 0.5 ? weight : -alpha
        forEachChunk(parameter.count) { offset, lanes in
            let p = load(parameter, offset, lanes)
            let g = load(gradient, offset, lanes) + decay * p
            let square = load(squares, offset, lanes) * alpha + weight * g * g
            store(square, squares, offset, lanes)
            var variance = square
            if centered {
                let a0 = load(averages, offset, lanes)
                let average = (fromAverage * a0 + (1 - fromAverage) * g) + scale * (g - a0)
                store(average, averages, offset, lanes)
                variance = square - average * average
            }
            let denominator = variance.squareRoot() + epsilon
            if momentum > 0 {
                let velocity = load(velocities, offset, lanes) * momentum + g / denominator
                store(velocity, velocities, offset, lanes)
                store(p - rate * velocity, parameter, offset, lanes)
            } else {
                store(p - rate * (g / denominator), parameter, offset, lanes)
            }
        }
    }

    /// Adagrad: s ← s + g², θ ← θ − rate·g/(√s + ε).
    static func adagrad(
        _ parameter: UnsafeMutableBufferPointer<Float>, _ gradient: UnsafeBufferPointer<Float>,
        _ sums: UnsafeMutableBufferPointer<Float>, rate: Float, decay: Float, epsilon: Float
    ) {
        forEachChunk(parameter.count) { offset, lanes in
            let p = load(parameter, offset, lanes)
            let g = load(gradient, offset, lanes) + decay * p
            let s = load(sums, offset, lanes) + g * g
            store(s, sums, offset, lanes)
            store(p - rate * (g / (s.squareRoot() + epsilon)), parameter, offset, lanes)
        }
    }

    /// Calls `body` on successive chunks of 8 elements, the last one possibly shorter (`lanes` < 8).
    @inline(__always)
    private static func forEachChunk(_ count: Int, _ body: (_ offset: Int, _ lanes: Int) -> Void) {
        var offset = 0
        while offset + 8 <= count {
            body(offset, 8)
            offset += 8
        }
        if offset < count { body(offset, count - offset) }
    }

    /// Eight elements from `offset` (zeros past `lanes`).
    @inline(__always)
    private static func load(_ buffer: UnsafeBufferPointer<Float>, _ offset: Int, _ lanes: Int) -> SIMD8<Float> {
        guard let base = buffer.baseAddress else { return SIMD8(repeating: 0) }
        if lanes == 8 { return UnsafeRawPointer(base + offset).loadUnaligned(as: SIMD8<Float>.self) }
        var vector = SIMD8<Float>(repeating: 0)
        for lane in 0..<lanes { vector[lane] = base[offset + lane] }
        return vector
    }

    @inline(__always)
    private static func load(
        _ buffer: UnsafeMutableBufferPointer<Float>, _ offset: Int, _ lanes: Int
    )
        -> SIMD8<Float>
    {
        load(UnsafeBufferPointer(buffer), offset, lanes)
    }

    /// Writes the first `lanes` elements of `vector` at `offset`.
    @inline(__always)
    private static func store(
        _ vector: SIMD8<Float>, _ buffer: UnsafeMutableBufferPointer<Float>, _ offset: Int, _ lanes: Int
    ) {
        guard let base = buffer.baseAddress else { return }
        if lanes == 8 {
            UnsafeMutableRawPointer(base + offset).storeBytes(of: vector, as: SIMD8<Float>.self)
            return
        }
        for lane in 0..<lanes { base[offset + lane] = vector[lane] }
    }
}
