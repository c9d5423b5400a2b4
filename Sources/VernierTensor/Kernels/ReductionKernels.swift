import Foundation

extension Kernels {
    /// Splits `shape` around `axis` into (outer, axis size, inner) element counts.
    static func split(_ shape: [Int], axis: Int) -> (outer: Int, size: Int, inner: Int) {
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        return (outer, shape[axis], inner)
    }

    /// Sum of every element.
    static func sumAll(_ x: Tensor) -> Float {
        VectorLoops.sum(x.storage.pointer, x.count)
    }

    /// Sums along one axis; the axis is kept with size 1.
    static func sum(_ x: Tensor, axis: Int) -> Tensor {
        let (outer, size, inner) = split(x.shape, axis: axis)
        var shape = x.shape
        shape[axis] = 1
        let result = TensorStorage(repeating: 0, count: outer * inner)
        let input = x.storage.pointer
        let out = result.pointer
        if inner == 1 {
            for o in 0..<outer { out[o] = VectorLoops.sum(input + o * size, size) }
        } else {
            for o in 0..<outer {
                let row = out + o * inner
                for k in 0..<size {
                    let source = UnsafePointer(input + (o * size + k) * inner)
                    VectorLoops.add(UnsafePointer(row), source, row, inner)
                }
            }
        }
        return Tensor(shape: shape, storage: result)
    }

    /// Maximum and its index along one axis; the axis is kept with size 1. The first maximum wins ties.
    static func maxWithIndex(_ x: Tensor, axis: Int) -> (values: Tensor, indices: [Int]) {
        let (outer, size, inner) = split(x.shape, axis: axis)
        precondition(size > 0, "max: axis \(axis) of shape \(x.shape) is empty")
        var shape = x.shape
        shape[axis] = 1
        let result = TensorStorage(uninitializedCount: outer * inner)
        var indices = [Int](repeating: 0, count: outer * inner)
        let input = x.storage.pointer
        let out = result.pointer
        for o in 0..<outer {
            for i in 0..<inner {
                var best = input[o * size * inner + i]
                var bestIndex = 0
                for k in 1..<size {
                    let v = input[(o * size + k) * inner + i]
                    if v > best || (best.isNaN && !v.isNaN) {
                        best = v
                        bestIndex = k
                    }
                }
                out[o * inner + i] = best
                indices[o * inner + i] = bestIndex
            }
        }
        return (Tensor(shape: shape, storage: result), indices)
    }

    /// Repeats `x` (which has size 1 on the broadcast axes) to `shape`.
    static func broadcast(_ x: Tensor, to shape: [Int]) -> Tensor {
        if x.shape == shape { return x }
        let zeros = TensorStorage(repeating: 0, count: shape.reduce(1, *))
        return binary(Tensor(shape: shape, storage: zeros), x, op: .add)
    }

    /// Sums `gradient` (of the broadcast shape) back down to `shape`: the one place where broadcasting is undone.
    static func unbroadcast(_ gradient: Tensor, to shape: [Int]) -> Tensor {
        if gradient.shape == shape { return gradient }
        if shape.reduce(1, *) == 1 {
            return Tensor(shape: shape, storage: TensorStorage(repeating: sumAll(gradient), count: 1))
        }
        if shape.count <= gradient.rank && isSuffix(shape, of: gradient.shape) {
            // The common bias case: the gradient is rows of `shape`; add the rows up.
            let columns = shape.reduce(1, *)
            var sums = columnSums(gradient, rows: gradient.count / Swift.max(columns, 1), columns: columns)
            sums.shape = shape
            return sums
        }
        var result = gradient
        // Sum away the extra leading axes.
        while result.rank > shape.count {
            result = sum(result, axis: 0)
            result.shape.removeFirst()
        }
        for axis in 0..<shape.count where shape[axis] == 1 && result.shape[axis] != 1 {
            result = sum(result, axis: axis)
        }
        return result
    }
}
