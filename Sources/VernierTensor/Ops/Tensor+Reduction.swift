import Foundation

/// Reductions. Axes may be negative (counted from the end).
extension Tensor {
    /// The sum of all elements, as a scalar tensor.
    ///
    /// ```swift
    /// Tensor([1, 2, 3]).sum().item   // 6
    /// ```
    public func sum() -> Tensor {
        let result = Tensor(shape: [], storage: TensorStorage(repeating: Kernels.sumAll(self), count: 1))
        let shape = self.shape
        return Tensor.record(result, input: self) { g in Tensor(repeating: g.item, shape: shape) }
    }

    /// Sums along the given axes.
    ///
    /// ```swift
    /// let columnTotals = m.sum(alongAxes: [0])                            // shape [n]
    /// let rowTotals = m.sum(alongAxes: [1], keepingDimensions: true)      // shape [m, 1]
    /// ```
    public func sum(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let normalized = Set(axes.map { normalizeAxis($0, rank: rank) }).sorted()
        var result = self.detached()
        for axis in normalized { result = Kernels.sum(result, axis: axis) }
        let keptShape = result.shape
        if !keepingDimensions {
            result.shape = shape.enumerated().filter { !normalized.contains($0.offset) }.map { $0.element }
        }
        let inputShape = shape
        return Tensor.record(result, input: self) { g in
            var kept = g
            kept.shape = keptShape
            return Kernels.broadcast(kept, to: inputShape)
        }
    }

    /// Sum along one axis.
    ///
    /// ```swift
    /// let perSample = losses.sum(alongAxis: 1)
    /// ```
    public func sum(alongAxis axis: Int, keepingDimensions: Bool = false) -> Tensor {
        sum(alongAxes: [axis], keepingDimensions: keepingDimensions)
    }

    /// The mean of all elements, as a scalar tensor.
    ///
    /// ```swift
    /// let loss = square(predicted - expected).mean()
    /// ```
    public func mean() -> Tensor {
        let scale = 1 / Float(Swift.max(count, 1))
        let result = Tensor(shape: [], storage: TensorStorage(repeating: Kernels.sumAll(self) * scale, count: 1))
        let shape = self.shape
        return Tensor.record(result, input: self) { g in Tensor(repeating: g.item * scale, shape: shape) }
    }

    /// The mean along the given axes.
    ///
    /// ```swift
    /// let featureMeans = x.mean(alongAxes: [0])
    /// ```
    public func mean(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let n = Set(axes.map { normalizeAxis($0, rank: rank) }).reduce(1) { $0 * shape[$1] }
        return sum(alongAxes: axes, keepingDimensions: keepingDimensions) * (1 / Float(Swift.max(n, 1)))
    }

    /// The maximum along one axis; the gradient flows to the first maximal element.
    ///
    /// ```swift
    /// let rowMax = logits.max(alongAxis: 1, keepingDimensions: true)
    /// ```
    public func max(alongAxis axis: Int, keepingDimensions: Bool = false) -> Tensor {
        let a = normalizeAxis(axis, rank: rank)
        var (values, indices) = Kernels.maxWithIndex(self, axis: a)
        if !keepingDimensions { values.shape.remove(at: a) }
        let inputShape = shape
        return Tensor.record(values, input: self) { g in
            let (outer, size, inner) = Kernels.split(inputShape, axis: a)
            return Tensor(shape: inputShape) { buffer in
                buffer.initialize(repeating: 0)
                g.withUnsafeBufferPointer { gradient in
                    for o in 0..<outer {
                        for i in 0..<inner {
                            let k = indices[o * inner + i]
                            buffer[(o * size + k) * inner + i] = gradient[o * inner + i]
                        }
                    }
                }
            }
        }
    }

    /// The maximum of all elements, as a scalar tensor.
    ///
    /// ```swift
    /// let largest = x.max().item
    /// ```
    public func max() -> Tensor {
        reshaped(to: [count]).max(alongAxis: 0)
    }

    /// The index of the maximum along one axis (the first one on ties), as integers.
    ///
    /// ```swift
    /// let predictedClasses = logits.argmax(alongAxis: 1)   // [Int], one per row
    /// ```
    public func argmax(alongAxis axis: Int) -> [Int] {
        Kernels.maxWithIndex(self, axis: normalizeAxis(axis, rank: rank)).indices
    }

    /// log(Σ exp(x)) along one axis, computed stably by subtracting the maximum first.
    ///
    /// ```swift
    /// let logProbabilities = logits - logits.logSumExp(alongAxis: 1, keepingDimensions: true)
    /// ```
    public func logSumExp(alongAxis axis: Int, keepingDimensions: Bool = false) -> Tensor {
        let a = normalizeAxis(axis, rank: rank)
        let input = detached()
        let (maxima, _) = Kernels.maxWithIndex(input, axis: a)
        let shifted = Kernels.binary(input, maxima, op: .subtract)
        let exponentials = Kernels.unary(shifted, .exp)
        let sums = Kernels.sum(exponentials, axis: a)
        var result = Kernels.binary(Kernels.unary(sums, .log), maxima, op: .add)
        let keptShape = result.shape
        if !keepingDimensions { result.shape.remove(at: a) }
        let saved = Kernels.binary(exponentials, sums, op: .divide)  // softmax
        return Tensor.record(result, input: self) { g in
            var kept = g
            kept.shape = keptShape
            return Kernels.binary(saved, kept, op: .multiply)
        }
    }
}
