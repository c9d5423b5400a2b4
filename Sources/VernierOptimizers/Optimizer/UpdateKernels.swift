import CVernierKernels

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

    /// Adam/AdamW on `parameter.count` elements (moments at `first` and `second`): optional decoupled shrink,
    /// optional L2 term, moments by PyTorch's lerp, bias-corrected step.
    ///
    /// Runs in C (`vernier_adam_f32`) on the CPU's widest vector unit: Swift's `SIMD.squareRoot()` compiles to
    /// one scalar square root per lane on baseline x86-64, which made this loop as slow as the GEMMs of a
    /// Fashion-MNIST step. Every path (AVX2, SSE2, portable) rounds identically.
    static func adam(
        _ parameter: UnsafeMutableBufferPointer<Float>, _ gradient: UnsafeBufferPointer<Float>,
        _ first: UnsafeMutablePointer<Float>, _ second: UnsafeMutablePointer<Float>, _ c: AdamCoefficients
    ) {
        guard let pp = parameter.baseAddress, let gp = gradient.baseAddress else { return }
        vernier_adam_f32(
            pp, gp, first, second, parameter.count, c.fromFirst, c.keep, c.scale, c.beta2, 1 - c.beta2, c.epsilon,
            c.l2Decay, c.shrink, c.stepSize, c.correction2Root)
    }

    /// RMSProp with optional centering and momentum (in C, like ``adam(_:_:_:_:_:)``).
    static func rmsprop(
        _ parameter: UnsafeMutableBufferPointer<Float>, _ gradient: UnsafeBufferPointer<Float>,
        _ squares: UnsafeMutableBufferPointer<Float>, _ averages: UnsafeMutableBufferPointer<Float>,
        _ velocities: UnsafeMutableBufferPointer<Float>, rate: Float, alpha: Float, epsilon: Float, decay: Float,
        momentum: Float, centered: Bool
    ) {
        guard let pp = parameter.baseAddress, let gp = gradient.baseAddress, let sp = squares.baseAddress else {
            return
        }
        precondition(!centered || averages.count >= parameter.count, "rmsprop: centered needs the averages")
        precondition(momentum <= 0 || velocities.count >= parameter.count, "rmsprop: momentum needs velocities")
        let weight = 1 - alpha
        let fromAverage: Float = weight < 0.5 ? 1 : 0
        let scale: Float = weight < 0.5 ? weight : -alpha
        vernier_rmsprop_f32(
            pp, gp, sp, averages.baseAddress, velocities.baseAddress, parameter.count, rate, alpha, weight,
            fromAverage, 1 - fromAverage, scale, epsilon, decay, momentum, centered ? 1 : 0)
    }

    /// Adagrad: s ← s + g², θ ← θ − rate·g/(√s + ε) (in C, like the others with a square root).
    static func adagrad(
        _ parameter: UnsafeMutableBufferPointer<Float>, _ gradient: UnsafeBufferPointer<Float>,
        _ sums: UnsafeMutableBufferPointer<Float>, rate: Float, decay: Float, epsilon: Float
    ) {
        guard let pp = parameter.baseAddress, let gp = gradient.baseAddress, let sp = sums.baseAddress else { return }
        vernier_adagrad_f32(pp, gp, sp, parameter.count, rate, decay, epsilon)
    }
}
