/// Gathering by integer indices.
extension Tensor {
    /// The slices at `indices` along `axis`, in that order (PyTorch's `index_select`); repeated indices are
    /// allowed and their gradients add up.
    ///
    /// ```swift
    /// let batch = x.gathering(atIndices: [4, 0, 7], alongAxis: 0)   // three rows
    /// ```
    public func gathering(atIndices indices: [Int], alongAxis axis: Int = 0) -> Tensor {
        let a = normalizeAxis(axis, rank: rank)
        let (outer, size, inner) = Kernels.split(shape, axis: a)
        for index in indices {
            precondition(index >= 0 && index < size, "gathering: index \(index) out of range 0..<\(size) on axis \(a)")
        }
        var newShape = shape
        newShape[a] = indices.count
        let input = storage.pointer
        let n = indices.count
        let result = Tensor(shape: newShape) { buffer in
            guard let out = buffer.baseAddress else { return }
            for o in 0..<outer {
                for (j, index) in indices.enumerated() {
                    (out + (o * n + j) * inner).update(from: input + (o * size + index) * inner, count: inner)
                }
            }
        }
        let original = shape
        return Tensor.record(result, input: self) { g in
            Tensor(shape: original) { buffer in
                buffer.initialize(repeating: 0)
                g.withUnsafeBufferPointer { source in
                    for o in 0..<outer {
                        for (j, index) in indices.enumerated() {
                            for i in 0..<inner {
                                buffer[(o * size + index) * inner + i] += source[(o * n + j) * inner + i]
                            }
                        }
                    }
                }
            }
        }
    }

    /// For a matrix of shape `[n, c]`, the element `indices[i]` of each row `i`, as a vector of shape `[n]`
    /// (PyTorch's `gather` along the last axis, as cross-entropy uses it).
    ///
    /// ```swift
    /// let picked = logProbabilities.picking(indices: labels)   // log p(label) per sample
    /// ```
    public func picking(indices: [Int]) -> Tensor {
        precondition(rank == 2, "picking(indices:) needs a matrix, shape is \(shape)")
        let rows = shape[0]
        let columns = shape[1]
        precondition(indices.count == rows, "picking: \(indices.count) indices for \(rows) rows")
        for index in indices {
            precondition(index >= 0 && index < columns, "picking: index \(index) out of range 0..<\(columns)")
        }
        let input = storage.pointer
        let result = Tensor(shape: [rows]) { buffer in
            for r in 0..<rows { buffer[r] = input[r * columns + indices[r]] }
        }
        let original = shape
        return Tensor.record(result, input: self) { g in
            Tensor(shape: original) { buffer in
                buffer.initialize(repeating: 0)
                g.withUnsafeBufferPointer { source in
                    for r in 0..<rows { buffer[r * columns + indices[r]] = source[r] }
                }
            }
        }
    }
}
