/// Explicitly vectorized inner loops of the dense linear algebra (SIMD4 with two accumulators). The compiler does
/// not reorder floating-point reductions on its own, and cannot prove that rows of one buffer do not alias, so
/// these loops are written by hand. Results are deterministic: the summation order depends only on `count`.
enum VectorKernels {
    /// Σ a[i] b[i] for i < count.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
        var first = SIMD4<Double>(repeating: 0)
        var second = SIMD4<Double>(repeating: 0)
        var i = 0
        let rawA = UnsafeRawPointer(a)
        let rawB = UnsafeRawPointer(b)
        while i + 8 <= count {
            first +=
                rawA.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
                * rawB.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            second +=
                rawA.loadUnaligned(fromByteOffset: (i + 4) * 8, as: SIMD4<Double>.self)
                * rawB.loadUnaligned(fromByteOffset: (i + 4) * 8, as: SIMD4<Double>.self)
            i += 8
        }
        var sum = (first + second).sum()
        while i < count {
            sum += a[i] * b[i]
            i += 1
        }
        return sum
    }

    /// y[i] += scale · x[i] for i < count (x and y may be rows of the same buffer, but must not overlap).
    @inline(__always)
    static func addScaled(
        _ scale: Double, _ x: UnsafePointer<Double>, to y: UnsafeMutablePointer<Double>, count: Int
    ) {
        let factor = SIMD4<Double>(repeating: scale)
        var i = 0
        let rawX = UnsafeRawPointer(x)
        let rawY = UnsafeMutableRawPointer(y)
        while i + 4 <= count {
            let updated =
                rawY.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
                + factor * rawX.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            rawY.storeBytes(of: updated, toByteOffset: i * 8, as: SIMD4<Double>.self)
            i += 4
        }
        while i < count {
            y[i] += scale * x[i]
            i += 1
        }
    }
}
