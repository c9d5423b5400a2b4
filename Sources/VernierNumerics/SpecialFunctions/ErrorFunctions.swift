import Foundation

/// The scaled complementary error function erfcx(x) = exp(x²) erfc(x).
///
/// For x < 5 it is computed as `exp(x * x) * erfc(x)` (accurate to a few ulps); for larger x, where erfc
/// underflows, by the Laplace continued fraction erfc(x) = exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))),
/// evaluated bottom-up with enough terms for full double precision. erfcx(x) ≈ 1/(x√π) for large x.
///
/// ```swift
/// scaledComplementaryErrorFunction(10)   // 0.05614099274382259
/// ```
public func scaledComplementaryErrorFunction(_ x: Double) -> Double {
    if x.isNaN { return .nan }
    if x < 5 {
        if x < -26 { return .infinity }
        return Foundation.exp(x * x) * Foundation.erfc(x)
    }
    if x > 1e8 { return 0.564_189_583_547_756_3 / x }
    // More terms are needed close to 5; 80 is ample there and costs well under a microsecond.
    let terms = x < 10 ? 80 : 30
    var tail = x
    var k = terms
    while k >= 1 {
        tail = x + (Double(k) * 0.5) / tail
        k -= 1
    }
    return 0.564_189_583_547_756_3 / tail
}

/// log(1 - exp(x)) for x ≤ 0, accurate for x near 0 and for very negative x (Mächler, "Accurately computing
/// log(1 - exp(-|a|))", 2012).
///
/// ```swift
/// log1mexp(-1e-20)   // ≈ -46.05
/// log1mexp(-50)      // ≈ -1.93e-22
/// ```
public func log1mexp(_ x: Double) -> Double {
    precondition(!(x > 0), "log1mexp(_:) needs x ≤ 0, got \(x)")
    if x > -0.693_147_180_559_945_3 {
        return Foundation.log(-Foundation.expm1(x))
    }
    return Foundation.log1p(-Foundation.exp(x))
}

/// log(1 + exp(x)) (the softplus), without overflow for large x.
///
/// ```swift
/// log1pexp(800)   // 800
/// ```
public func log1pexp(_ x: Double) -> Double {
    if x > 36 { return x + Foundation.exp(-x) }
    if x < -36 { return Foundation.exp(x) }
    return Foundation.log1p(Foundation.exp(x))
}

/// log(Σ exp(xᵢ)) computed stably by factoring out the maximum; -∞ for an empty array.
///
/// The terms are added in order. A term more than 38 below the largest one added so far is skipped without
/// calling `exp`: it is below 2⁻⁵⁴ times the partial sum, so adding it could not change the sum (less than half
/// an ulp), and the result is the same bit for bit as adding every term.
///
/// ```swift
/// logSumExp([1000, 1000])   // 1000.6931471805599
/// ```
public func logSumExp(_ values: some Collection<Double>) -> Double {
    guard let maximum = values.max() else { return -.infinity }
    if maximum == -.infinity { return -.infinity }
    if maximum == .infinity { return .infinity }
    var sum = 0.0
    var largestAdded = -Double.infinity
    for value in values {
        // e^-38 ≈ 3.1e-17 < 2^-54 ≈ 5.6e-17, with room for exp's rounding.
        if value < largestAdded - 38 { continue }
        sum += Foundation.exp(value - maximum)
        largestAdded = max(largestAdded, value)
    }
    return maximum + Foundation.log(sum)
}

/// log(exp(a) + exp(b)), stably.
///
/// ```swift
/// logAddExp(-1000, -1000)   // -999.3068528194401
/// ```
public func logAddExp(_ a: Double, _ b: Double) -> Double {
    let maximum = max(a, b)
    if maximum == -.infinity { return -.infinity }
    return maximum + log1pexp(min(a, b) - maximum)
}
