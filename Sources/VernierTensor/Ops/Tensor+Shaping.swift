/// Shape manipulation: reshape, transpose, broadcast, concatenation and slicing.
extension Tensor {
    /// The same elements with a new shape (one dimension may be -1 and is inferred). Shares the buffer.
    ///
    /// ```swift
    /// let flat = images.reshaped(to: [batch, -1])
    /// ```
    public func reshaped(to newShape: [Int]) -> Tensor {
        if let message = ShapeCheck.reshape(shape, to: newShape) { preconditionFailure(message) }
        var resolved = newShape
        if let i = newShape.firstIndex(of: -1) {
            resolved[i] = count / newShape.filter { $0 != -1 }.reduce(1, *)
        }
        let result = Tensor(shape: resolved, storage: storage)
        let original = shape
        return Tensor.record(result, input: self) { g in Tensor(shape: original, storage: g.storage) }
    }

    /// The axes permuted: axis `i` of the result is axis `permutation[i]` of `self`.
    ///
    /// ```swift
    /// let nhwc = nchw.transposed(permutation: [0, 2, 3, 1])
    /// ```
    public func transposed(permutation: [Int]) -> Tensor {
        precondition(
            permutation.sorted() == Array(0..<rank),
            "transposed: \(permutation) is not a permutation of the \(rank) axes of \(shape)")
        let result = Kernels.permute(self, permutation)
        var inverse = [Int](repeating: 0, count: rank)
        for (i, p) in permutation.enumerated() { inverse[p] = i }
        return Tensor.record(result, input: self) { g in Kernels.permute(g, inverse) }
    }

    /// The matrix transpose (the last two axes swapped).
    ///
    /// ```swift
    /// let wt = w.transposed()
    /// ```
    public func transposed() -> Tensor {
        precondition(rank >= 2, "transposed(): needs rank ≥ 2, shape is \(shape)")
        var permutation = Array(0..<rank)
        permutation.swapAt(rank - 1, rank - 2)
        return transposed(permutation: permutation)
    }

    /// This tensor repeated along broadcast axes to `newShape` (NumPy rules); the gradient is summed back.
    ///
    /// ```swift
    /// let rows = bias.broadcast(to: [batch, features])
    /// ```
    public func broadcast(to newShape: [Int]) -> Tensor {
        let target = ShapeCheck.broadcast(shape, newShape).orFail()
        precondition(target == newShape, "broadcast: \(shape) cannot be broadcast to \(newShape)")
        let original = shape
        return Tensor.record(Kernels.broadcast(detached(), to: newShape), input: self) { g in
            Kernels.unbroadcast(g, to: original)
        }
    }

    /// A new axis of size 1 inserted at `axis`.
    ///
    /// ```swift
    /// let column = v.expandingShape(at: 1)   // [n] -> [n, 1]
    /// ```
    public func expandingShape(at axis: Int) -> Tensor {
        var newShape = shape
        let a = axis < 0 ? axis + rank + 1 : axis
        precondition(a >= 0 && a <= rank, "expandingShape: axis \(axis) out of range for rank \(rank)")
        newShape.insert(1, at: a)
        return reshaped(to: newShape)
    }

    /// The axes of size 1 removed (all of them, or only those given).
    ///
    /// ```swift
    /// let v = column.squeezingShape()   // [n, 1] -> [n]
    /// ```
    public func squeezingShape(at axes: [Int]? = nil) -> Tensor {
        let drop = Set((axes ?? shape.indices.filter { shape[$0] == 1 }).map { normalizeAxis($0, rank: rank) })
        for axis in drop {
            precondition(shape[axis] == 1, "squeezingShape: axis \(axis) of \(shape) has size \(shape[axis]), not 1")
        }
        return reshaped(to: shape.indices.filter { !drop.contains($0) }.map { shape[$0] })
    }

    /// The elements `range` along `axis` (a copy).
    ///
    /// ```swift
    /// let firstTen = x.slice(0..<10, alongAxis: 0)
    /// ```
    public func slice(_ range: Range<Int>, alongAxis axis: Int = 0) -> Tensor {
        let a = normalizeAxis(axis, rank: rank)
        precondition(
            range.lowerBound >= 0 && range.upperBound <= shape[a],
            "slice: range \(range) out of bounds for axis \(a) of size \(shape[a]) (shape \(shape))")
        let (outer, size, inner) = Kernels.split(shape, axis: a)
        var newShape = shape
        newShape[a] = range.count
        let input = storage.pointer
        let result = Tensor(shape: newShape) { buffer in
            guard let out = buffer.baseAddress else { return }
            for o in 0..<outer {
                (out + o * range.count * inner).update(
                    from: input + (o * size + range.lowerBound) * inner, count: range.count * inner)
            }
        }
        let original = shape
        return Tensor.record(result, input: self) { g in
            Tensor(shape: original) { buffer in
                buffer.initialize(repeating: 0)
                guard let out = buffer.baseAddress else { return }
                g.withUnsafeBufferPointer { source in
                    guard let source = source.baseAddress else { return }
                    for o in 0..<outer {
                        (out + (o * size + range.lowerBound) * inner).update(
                            from: source + o * range.count * inner, count: range.count * inner)
                    }
                }
            }
        }
    }

    /// Rows `range` of the first axis (`x[0..<10]` is `x.slice(0..<10)`).
    ///
    /// ```swift
    /// let batch = x[0..<32]
    /// ```
    public subscript(range: Range<Int>) -> Tensor { slice(range, alongAxis: 0) }
}

/// Joins tensors along an existing axis; all other dimensions must agree.
///
/// ```swift
/// let both = concatenate([a, b], alongAxis: 0)
/// ```
public func concatenate(_ tensors: [Tensor], alongAxis axis: Int = 0) -> Tensor {
    precondition(!tensors.isEmpty, "concatenate: needs at least one tensor")
    let first = tensors[0]
    let a = normalizeAxis(axis, rank: first.rank)
    for t in tensors {
        var expected = first.shape
        expected[a] = t.rank == first.rank ? t.shape[a] : -1
        precondition(
            t.shape == expected,
            "concatenate: shapes \(first.shape) and \(t.shape) differ outside axis \(a)")
    }
    let sizes = tensors.map { $0.shape[a] }
    var shape = first.shape
    shape[a] = sizes.reduce(0, +)
    let (outer, _, inner) = Kernels.split(shape, axis: a)
    let total = shape[a]
    let result = Tensor(shape: shape) { buffer in
        guard let out = buffer.baseAddress else { return }
        var offset = 0
        for t in tensors {
            let size = t.shape[a]
            t.withUnsafeBufferPointer { source in
                guard let source = source.baseAddress else { return }
                for o in 0..<outer {
                    (out + (o * total + offset) * inner).update(from: source + o * size * inner, count: size * inner)
                }
            }
            offset += size
        }
    }
    return Tensor.record(result, inputs: tensors) { g in
        var start = 0
        return sizes.map { size in
            defer { start += size }
            return g.slice(start..<(start + size), alongAxis: a)
        }
    }
}

/// Stacks same-shaped tensors along a new axis.
///
/// ```swift
/// let batch = stack([x0, x1, x2])   // [3, ...]
/// ```
public func stack(_ tensors: [Tensor], alongAxis axis: Int = 0) -> Tensor {
    concatenate(tensors.map { $0.expandingShape(at: axis) }, alongAxis: axis)
}

extension Kernels {
    /// A copy of `x` with its axes permuted.
    static func permute(_ x: Tensor, _ permutation: [Int]) -> Tensor {
        let rank = x.rank
        let newShape = permutation.map { x.shape[$0] }
        let count = x.count
        let result = TensorStorage(uninitializedCount: count)
        let input = x.storage.pointer
        let out = result.pointer
        if rank == 2 && permutation == [1, 0] {
            let rows = x.shape[0]
            let columns = x.shape[1]
            for r in 0..<rows {
                for c in 0..<columns { out[c * rows + r] = input[r * columns + c] }
            }
            return Tensor(shape: newShape, storage: result)
        }
        var inputStrides = [Int](repeating: 1, count: rank)
        for i in stride(from: rank - 2, through: 0, by: -1) { inputStrides[i] = inputStrides[i + 1] * x.shape[i + 1] }
        let strides = permutation.map { inputStrides[$0] }
        var index = [Int](repeating: 0, count: rank)
        var offset = 0
        for position in 0..<count {
            out[position] = input[offset]
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                offset += strides[axis]
                if index[axis] < newShape[axis] { break }
                offset -= strides[axis] * newShape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return Tensor(shape: newShape, storage: result)
    }
}
