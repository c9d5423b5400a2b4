import Foundation

/// Element-wise binary operations with NumPy broadcasting.
@usableFromInline
enum BinaryOperation: Sendable {
    case add, subtract, multiply, divide, maximum, minimum, power
}

/// Element-wise unary operations.
@usableFromInline
enum UnaryOperation: Sendable {
    case negate, exp, log, sqrt, abs, tanh, sigmoid, relu, square, reciprocal, sign
}

/// The only code that touches raw tensor memory: element-wise loops, reductions and BLAS calls.
///
/// Loops run over contiguous `UnsafePointer<Float>` ranges so the optimizer vectorizes them; large
/// element-wise jobs are split across cores (``Parallel``), small ones never are.
@usableFromInline
enum Kernels {
    // MARK: Binary

    @inline(__always)
    static func apply(_ op: BinaryOperation, _ x: Float, _ y: Float) -> Float {
        switch op {
        case .add: return x + y
        case .subtract: return x - y
        case .multiply: return x * y
        case .divide: return x / y
        case .maximum: return Swift.max(x, y)
        case .minimum: return Swift.min(x, y)
        case .power: return Foundation.pow(x, y)
        }
    }

    /// `out[i] = a[i] op b[i]` over `count` contiguous elements, specialized per operation.
    static func binaryContiguous(
        _ op: BinaryOperation, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
        _ out: UnsafeMutablePointer<Float>, _ count: Int
    ) {
        switch op {
        case .add: VectorLoops.add(a, b, out, count)
        case .subtract: VectorLoops.subtract(a, b, out, count)
        case .multiply: VectorLoops.multiply(a, b, out, count)
        case .divide: VectorLoops.divide(a, b, out, count)
        case .maximum: for i in 0..<count { out[i] = Swift.max(a[i], b[i]) }
        case .minimum: for i in 0..<count { out[i] = Swift.min(a[i], b[i]) }
        case .power: for i in 0..<count { out[i] = Foundation.pow(a[i], b[i]) }
        }
    }

    /// `out[i] = a[i] op s` (or `s op a[i]` when `scalarOnLeft`).
    static func binaryScalar(
        _ op: BinaryOperation, _ a: UnsafePointer<Float>, _ s: Float, scalarOnLeft: Bool,
        _ out: UnsafeMutablePointer<Float>, _ count: Int
    ) {
        if scalarOnLeft {
            switch op {
            case .add: VectorLoops.addScalar(a, s, out, count)
            case .multiply: VectorLoops.multiplyScalar(a, s, out, count)
            case .subtract: for i in 0..<count { out[i] = s - a[i] }
            default: for i in 0..<count { out[i] = apply(op, s, a[i]) }
            }
        } else {
            switch op {
            case .add: VectorLoops.addScalar(a, s, out, count)
            case .subtract: VectorLoops.addScalar(a, -s, out, count)
            case .multiply: VectorLoops.multiplyScalar(a, s, out, count)
            case .divide: VectorLoops.multiplyScalar(a, 1 / s, out, count)
            default: for i in 0..<count { out[i] = apply(op, a[i], s) }
            }
        }
    }

    /// `a op b` with broadcasting; the result has the broadcast shape.
    static func binary(_ a: Tensor, _ b: Tensor, op: BinaryOperation) -> Tensor {
        let shape = broadcastShape(a.shape, b.shape)
        let count = shape.reduce(1, *)
        let result = TensorStorage(uninitializedCount: count)
        let pa = UnsafePointer(a.storage.pointer)
        let pb = UnsafePointer(b.storage.pointer)
        let out = result.pointer
        if a.count == count && b.count == count {
            Parallel.forChunks(count: count) { start, length in
                binaryContiguous(op, pa + start, pb + start, out + start, length)
            }
        } else if b.count == 1 && a.count == count {
            binaryScalar(op, pa, pb[0], scalarOnLeft: false, out, count)
        } else if a.count == 1 && b.count == count {
            binaryScalar(op, pb, pa[0], scalarOnLeft: true, out, count)
        } else if a.count == count, isSuffix(b.shape, of: shape) {
            // Row broadcast: b repeats every b.count elements (e.g. a bias added to each row).
            let inner = b.count
            for row in 0..<(count / Swift.max(inner, 1)) {
                binaryContiguous(op, pa + row * inner, pb, out + row * inner, inner)
            }
        } else if b.count == count, isSuffix(a.shape, of: shape) {
            let inner = a.count
            for row in 0..<(count / Swift.max(inner, 1)) {
                binaryContiguous(op, pa, pb + row * inner, out + row * inner, inner)
            }
        } else {
            generalBroadcast(op, a: a, b: b, shape: shape, out: out)
        }
        return Tensor(shape: shape, storage: result)
    }

    /// The broadcast shape of `a` and `b`, reusing one of the arrays (no allocation) in the common cases: equal
    /// shapes, a scalar-like operand, or an operand that is a suffix of the other (a bias row).
    @inline(__always)
    static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int] {
        if a == b { return a }
        if b.count <= a.count && isSuffix(b, of: a) { return a }
        if a.count <= b.count && isSuffix(a, of: b) { return b }
        return ShapeCheck.broadcast(a, b).orFail()
    }

    /// Whether `small`, with its leading ones dropped, equals the trailing dimensions of `shape` (so that `small`
    /// broadcasts to `shape` by repeating its elements as one block).
    static func isSuffix(_ small: [Int], of shape: [Int]) -> Bool {
        var start = 0
        while start < small.count && small[start] == 1 { start += 1 }
        let length = small.count - start
        guard length <= shape.count else { return false }
        let offset = shape.count - length
        for k in 0..<length where small[start + k] != shape[offset + k] { return false }
        return true
    }

    /// Strides of `shape` aligned to `rank` dimensions, with 0 where the dimension is broadcast.
    static func broadcastStrides(_ shape: [Int], rank: Int) -> [Int] {
        var strides = [Int](repeating: 0, count: rank)
        var step = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            let axis = rank - shape.count + i
            strides[axis] = shape[i] == 1 ? 0 : step
            step *= shape[i]
        }
        return strides
    }

    static func generalBroadcast(
        _ op: BinaryOperation, a: Tensor, b: Tensor, shape: [Int], out: UnsafeMutablePointer<Float>
    ) {
        let rank = shape.count
        let sa = broadcastStrides(a.shape, rank: rank)
        let sb = broadcastStrides(b.shape, rank: rank)
        let count = shape.reduce(1, *)
        guard count > 0 else { return }
        let pa = a.storage.pointer
        let pb = b.storage.pointer
        let last = rank - 1
        let inner = shape[last]
        let ia = sa[last]
        let ib = sb[last]
        var index = [Int](repeating: 0, count: rank)
        var offsetA = 0
        var offsetB = 0
        var position = 0
        while position < count {
            for k in 0..<inner {
                out[position + k] = apply(op, pa[offsetA + k * ia], pb[offsetB + k * ib])
            }
            position += inner
            // Advance the multi-index over all but the last axis.
            var axis = last - 1
            while axis >= 0 {
                index[axis] += 1
                offsetA += sa[axis]
                offsetB += sb[axis]
                if index[axis] < shape[axis] { break }
                offsetA -= sa[axis] * shape[axis]
                offsetB -= sb[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }

    // MARK: Unary

    static func unary(_ x: Tensor, _ op: UnaryOperation) -> Tensor {
        let count = x.count
        let result = TensorStorage(uninitializedCount: count)
        let input = UnsafePointer(x.storage.pointer)
        let out = result.pointer
        Parallel.forChunks(count: count, minimumChunk: op == .negate || op == .abs ? 1 << 18 : 1 << 15) {
            start, length in
            unaryContiguous(op, input + start, out + start, length)
        }
        return Tensor(shape: x.shape, storage: result)
    }

    static func unaryContiguous(
        _ op: UnaryOperation, _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int
    ) {
        switch op {
        case .negate: VectorLoops.multiplyScalar(x, -1, out, count)
        case .exp: VectorLoops.exp(x, out, count)
        case .log: VectorLoops.log(x, out, count)
        case .sqrt: for i in 0..<count { out[i] = x[i].squareRoot() }
        case .abs: for i in 0..<count { out[i] = Swift.abs(x[i]) }
        case .tanh: VectorLoops.tanh(x, out, count)
        case .sigmoid: VectorLoops.sigmoid(x, out, count)
        case .relu: for i in 0..<count { out[i] = Swift.max(x[i], 0) }
        case .square: for i in 0..<count { out[i] = x[i] * x[i] }
        case .reciprocal: for i in 0..<count { out[i] = 1 / x[i] }
        case .sign: for i in 0..<count { out[i] = x[i] > 0 ? 1 : (x[i] < 0 ? -1 : 0) }
        }
    }

    /// `out[i] = f(x[i])` for an arbitrary closure (used by less common ops and pullbacks).
    @inline(__always)
    static func map(_ x: Tensor, _ body: (Float) -> Float) -> Tensor {
        let count = x.count
        let result = TensorStorage(uninitializedCount: count)
        let input = x.storage.pointer
        let out = result.pointer
        for i in 0..<count { out[i] = body(input[i]) }
        return Tensor(shape: x.shape, storage: result)
    }

    /// `out[i] = f(x[i], y[i])` for same-shaped tensors.
    @inline(__always)
    static func zip(_ x: Tensor, _ y: Tensor, _ body: (Float, Float) -> Float) -> Tensor {
        precondition(x.count == y.count, "zip: \(x.shape) and \(y.shape) differ in size")
        let count = x.count
        let result = TensorStorage(uninitializedCount: count)
        let px = x.storage.pointer
        let py = y.storage.pointer
        let out = result.pointer
        for i in 0..<count { out[i] = body(px[i], py[i]) }
        return Tensor(shape: x.shape, storage: result)
    }

    /// `out[i] = f(x[i], y[i], z[i])` for same-shaped tensors.
    @inline(__always)
    static func zip3(_ x: Tensor, _ y: Tensor, _ z: Tensor, _ body: (Float, Float, Float) -> Float) -> Tensor {
        precondition(x.count == y.count && y.count == z.count, "zip3: sizes differ")
        let count = x.count
        let result = TensorStorage(uninitializedCount: count)
        let px = x.storage.pointer
        let py = y.storage.pointer
        let pz = z.storage.pointer
        let out = result.pointer
        for i in 0..<count { out[i] = body(px[i], py[i], pz[i]) }
        return Tensor(shape: x.shape, storage: result)
    }
}
