import Foundation

/// Vectorized `exp`, `log`, `tanh` and the logistic function on `SIMD8<Float>`, after the single-precision
/// Cephes routines (S. L. Moshier, "Methods and Programs for Mathematical Functions", 1989): range reduction to a
/// small interval, a short minimax polynomial, and reconstruction by exponent arithmetic. Errors are within a few
/// ulp over the whole range; special values (NaN, ±∞, zero, subnormals) follow the C library.
@usableFromInline
enum VectorMath {
    typealias Vector = SIMD8<Float>
    typealias Bits = SIMD8<Int32>

    @inline(__always)
    static func bits(_ x: Vector) -> Bits { unsafeBitCast(x, to: Bits.self) }

    @inline(__always)
    static func float(_ x: Bits) -> Vector { unsafeBitCast(x, to: Vector.self) }

    /// e^x. Overflows to +∞ above 88.72, underflows to 0 below −87.34 (subnormal results are flushed to 0).
    @inline(__always)
    static func exp(_ x: Vector) -> Vector {
        let high = Vector(repeating: 88.72283)
        let low = Vector(repeating: -87.33654)
        // Clamp with masks (`clamped` is not inlined for SIMD8); NaN lanes pass through and are fixed below.
        var v = x
        v.replace(with: high, where: x .> high)
        v.replace(with: low, where: x .< low)
        // n = round(x / ln 2) with the 1.5·2²³ trick: the low mantissa bits of t hold n.
        let shifter = Vector(repeating: 12_582_912)
        let t = v * Vector(repeating: 1.442_695_04) + shifter
        let n = t - shifter
        v = v - n * Vector(repeating: 0.693_359_375)
        v = v - n * Vector(repeating: -2.121_944_4e-4)
        let z = v * v
        var p = Vector(repeating: 1.987_569_15e-4)
        p = p * v + Vector(repeating: 1.398_199_95e-3)
        p = p * v + Vector(repeating: 8.333_451_9e-3)
        p = p * v + Vector(repeating: 4.166_579_59e-2)
        p = p * v + Vector(repeating: 1.666_666_55e-1)
        p = p * v + Vector(repeating: 5.000_000_12e-1)
        p = p * z + v + Vector(repeating: 1)
        // 2^n from the exponent bits; n ∈ [-126, 128], so split 2^n = 2^(n/2) · 2^(n − n/2) to stay finite.
        let integer = bits(t) &- bits(shifter)
        let half = integer &>> 1
        let scaleA = float((half &+ 127) &<< 23)
        let scaleB = float((integer &- half &+ 127) &<< 23)
        var result = p * scaleA * scaleB
        result.replace(with: Vector(repeating: .infinity), where: x .> high)
        result.replace(with: Vector(repeating: 0), where: x .< low)
        result.replace(with: x, where: x .!= x)
        return result
    }

    /// The natural logarithm. Lanes that are not positive normal finite numbers go through `Foundation.log`.
    @inline(__always)
    static func log(_ x: Vector) -> Vector {
        let raw = bits(x)
        var exponent = Vector((raw &>> 23) &- 126)
        var m = float((raw & 0x007F_FFFF) | 0x3F00_0000)  // mantissa in [0.5, 1)
        let small = m .< Vector(repeating: 0.707_106_781)
        exponent.replace(with: exponent - 1, where: small)
        m.replace(with: m + m, where: small)
        m = m - 1
        let z = m * m
        var p = Vector(repeating: 7.037_683_629_2e-2)
        p = p * m - Vector(repeating: 1.151_461_031_0e-1)
        p = p * m + Vector(repeating: 1.167_699_874_0e-1)
        p = p * m - Vector(repeating: 1.242_014_084_6e-1)
        p = p * m + Vector(repeating: 1.424_932_278_7e-1)
        p = p * m - Vector(repeating: 1.666_805_766_5e-1)
        p = p * m + Vector(repeating: 2.000_071_476_5e-1)
        p = p * m - Vector(repeating: 2.499_999_399_3e-1)
        p = p * m + Vector(repeating: 3.333_333_117_4e-1)
        var y = p * m * z
        y = y + exponent * Vector(repeating: -2.121_944_4e-4)
        y = y - Vector(repeating: 0.5) * z
        var result = m + y
        result = result + exponent * Vector(repeating: 0.693_359_375)
        let regular = (x .>= Vector(repeating: Float.leastNormalMagnitude)) .& (x .< Vector(repeating: .infinity))
        if !all(regular) {
            for lane in 0..<8 where !regular[lane] { result[lane] = Foundation.log(x[lane]) }
        }
        return result
    }

    /// The hyperbolic tangent: an odd polynomial below |x| = 0.625, `1 − 2 / (e^{2|x|} + 1)` above.
    @inline(__always)
    static func tanh(_ x: Vector) -> Vector {
        let magnitude = abs(x)
        let z = x * x
        var p = Vector(repeating: -5.704_988_727_45e-3)
        p = p * z + Vector(repeating: 2.063_908_879_54e-2)
        p = p * z - Vector(repeating: 5.373_971_555_31e-2)
        p = p * z + Vector(repeating: 1.333_144_220_36e-1)
        p = p * z - Vector(repeating: 3.333_328_194_22e-1)
        let near = p * z * x + x
        let e = exp(magnitude + magnitude)
        var far = Vector(repeating: 1) - Vector(repeating: 2) / (e + Vector(repeating: 1))
        far.replace(with: -far, where: x .< Vector(repeating: 0))
        var result = far
        result.replace(with: near, where: magnitude .< Vector(repeating: 0.625))
        result.replace(with: x, where: x .!= x)
        return result
    }

    /// The logistic function 1 / (1 + e^−x) (saturates to exactly 0 or 1 far from the origin).
    @inline(__always)
    static func sigmoid(_ x: Vector) -> Vector {
        Vector(repeating: 1) / (Vector(repeating: 1) + exp(-x))
    }

    @inline(__always)
    static func abs(_ x: Vector) -> Vector { float(bits(x) & 0x7FFF_FFFF) }

    /// Applies a vector function over `n` contiguous elements; the tail is padded into one last vector.
    @inline(__always)
    static func map(
        _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ n: Int, _ body: (Vector) -> Vector
    ) {
        var i = 0
        while i + 8 <= n {
            VectorLoops.store(body(VectorLoops.load(x + i)), out + i)
            i += 8
        }
        if i < n {
            var tail = Vector(repeating: 1)
            for lane in 0..<(n - i) { tail[lane] = x[i + lane] }
            let result = body(tail)
            for lane in 0..<(n - i) { out[i + lane] = result[lane] }
        }
    }
}
