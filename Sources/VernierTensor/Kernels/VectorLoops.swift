import Foundation

/// Contiguous loops over `Float` buffers, written with `SIMD8<Float>` and a scalar tail.
@usableFromInline
enum VectorLoops {
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func lanes(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int,
        _ vector: (SIMD8<Float>, SIMD8<Float>) -> SIMD8<Float>, _ scalar: (Float, Float) -> Float
    ) {
        var i = 0
        while i + 8 <= count {
            store(vector(load(a + i), load(b + i)), out + i)
            i += 8
        }
        while i < count {
            out[i] = scalar(a[i], b[i])
            i += 1
        }
    }

    static func add(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ n: Int)
    {
        lanes(a, b, out, n, { $0 + $1 }, { $0 + $1 })
    }

    static func subtract(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ n: Int
    ) {
        lanes(a, b, out, n, { $0 - $1 }, { $0 - $1 })
    }

    static func multiply(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ n: Int
    ) {
        lanes(a, b, out, n, { $0 * $1 }, { $0 * $1 })
    }

    static func divide(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ n: Int
    ) {
        lanes(a, b, out, n, { $0 / $1 }, { $0 / $1 })
    }

    static func addScalar(_ a: UnsafePointer<Float>, _ s: Float, _ out: UnsafeMutablePointer<Float>, _ n: Int) {
        let v = SIMD8<Float>(repeating: s)
        var i = 0
        while i + 8 <= n {
            store(load(a + i) + v, out + i)
            i += 8
        }
        while i < n {
            out[i] = a[i] + s
            i += 1
        }
    }

    static func multiplyScalar(_ a: UnsafePointer<Float>, _ s: Float, _ out: UnsafeMutablePointer<Float>, _ n: Int) {
        let v = SIMD8<Float>(repeating: s)
        var i = 0
        while i + 8 <= n {
            store(load(a + i) * v, out + i)
            i += 8
        }
        while i < n {
            out[i] = a[i] * s
            i += 1
        }
    }

    static func exp(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ n: Int) {
        VectorMath.map(x, out, n) { VectorMath.exp($0) }
    }

    static func log(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ n: Int) {
        VectorMath.map(x, out, n) { VectorMath.log($0) }
    }

    static func tanh(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ n: Int) {
        VectorMath.map(x, out, n) { VectorMath.tanh($0) }
    }

    static func sigmoid(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ n: Int) {
        VectorMath.map(x, out, n) { VectorMath.sigmoid($0) }
    }

    /// Sum of `n` contiguous elements with eight independent accumulators.
    static func sum(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
        var accumulator = SIMD8<Float>(repeating: 0)
        var i = 0
        while i + 8 <= n {
            accumulator += load(x + i)
            i += 8
        }
        var total = accumulator.sum()
        while i < n {
            total += x[i]
            i += 1
        }
        return total
    }
}

/// Splits large element-wise jobs across the machine's cores; small jobs run inline.
@usableFromInline
enum Parallel {
    /// The number of worker chunks for large jobs.
    static let cores = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Calls `body(start, length)` over `0..<count`, in parallel when `count ≥ minimumChunk * 2`.
    @inline(__always)
    static func forChunks(count: Int, minimumChunk: Int = 1 << 18, _ body: (Int, Int) -> Void) {
        let chunks = Swift.min(cores, count / Swift.max(minimumChunk, 1))
        if chunks <= 1 {
            body(0, count)
            return
        }
        let size = (count + chunks - 1) / chunks
        withoutActuallyEscaping(body) { body in
            let transfer = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let start = chunk * size
                let length = Swift.min(size, count - start)
                if length > 0 { transfer.value(start, length) }
            }
        }
    }
}

/// Carries a value into a `@Sendable` closure when the caller guarantees the accesses are disjoint
/// (each parallel chunk writes its own range of the output).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
