extension Kernels {
    /// `x · weight (+ bias)` with `x` viewed as `[rows, in]`: bias rows are written first, then one `sgemm` with
    /// `beta = 1` adds the product. This and the two gradient products split their rows over both cores when they
    /// are large enough (``BLAS/gemmSplittingRows(transposeA:transposeB:m:n:k:a:b:beta:c:)``).
    static func linear(_ x: Tensor, _ weight: Tensor, bias: Tensor?, rows: Int, shape: [Int]) -> Tensor {
        let (inFeatures, outFeatures) = (weight.shape[0], weight.shape[1])
        let result = TensorStorage(uninitializedCount: rows * outFeatures)
        linear(
            x.storage.pointer, weight.storage.pointer, bias: bias.map { UnsafePointer($0.storage.pointer) },
            rows: rows, inFeatures: inFeatures, outFeatures: outFeatures, into: result.pointer)
        return Tensor(shape: shape, storage: result)
    }

    /// ``linear(_:_:bias:rows:shape:)`` on raw buffers, into `result` `[rows, outFeatures]`.
    static func linear(
        _ x: UnsafePointer<Float>, _ weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?, rows: Int,
        inFeatures: Int, outFeatures: Int, into result: UnsafeMutablePointer<Float>
    ) {
        if let bias {
            for r in 0..<rows { (result + r * outFeatures).update(from: bias, count: outFeatures) }
        }
        BLAS.gemmSplittingRows(
            transposeA: false, transposeB: false, m: rows, n: outFeatures, k: inFeatures, a: x, b: weight,
            beta: bias == nil ? 0 : 1, c: result)
    }

    /// `g · weightᵀ`, shaped like the input.
    static func linearInputGradient(_ gradient: Tensor, _ weight: Tensor, rows: Int, shape: [Int]) -> Tensor {
        let (inFeatures, outFeatures) = (weight.shape[0], weight.shape[1])
        let result = TensorStorage(uninitializedCount: rows * inFeatures)
        linearInputGradient(
            gradient.storage.pointer, weight.storage.pointer, rows: rows, inFeatures: inFeatures,
            outFeatures: outFeatures, into: result.pointer)
        return Tensor(shape: shape, storage: result)
    }

    /// ``linearInputGradient(_:_:rows:shape:)`` on raw buffers, into `result` `[rows, inFeatures]`.
    static func linearInputGradient(
        _ gradient: UnsafePointer<Float>, _ weight: UnsafePointer<Float>, rows: Int, inFeatures: Int,
        outFeatures: Int, into result: UnsafeMutablePointer<Float>
    ) {
        BLAS.gemmSplittingRows(
            transposeA: false, transposeB: true, m: rows, n: inFeatures, k: outFeatures, a: gradient, b: weight,
            c: result)
    }

    /// `xᵀ · g`, shaped like the weight.
    static func linearWeightGradient(_ x: Tensor, _ gradient: Tensor, rows: Int, weightShape: [Int]) -> Tensor {
        let (inFeatures, outFeatures) = (weightShape[0], weightShape[1])
        let result = TensorStorage(uninitializedCount: inFeatures * outFeatures)
        linearWeightGradient(
            x.storage.pointer, gradient.storage.pointer, rows: rows, inFeatures: inFeatures,
            outFeatures: outFeatures, into: result.pointer)
        return Tensor(shape: weightShape, storage: result)
    }

    /// ``linearWeightGradient(_:_:rows:weightShape:)`` on raw buffers, into `result` `[inFeatures, outFeatures]`.
    static func linearWeightGradient(
        _ x: UnsafePointer<Float>, _ gradient: UnsafePointer<Float>, rows: Int, inFeatures: Int, outFeatures: Int,
        into result: UnsafeMutablePointer<Float>
    ) {
        BLAS.gemmSplittingRows(
            transposeA: true, transposeB: false, m: inFeatures, n: outFeatures, k: rows, a: x, b: gradient,
            c: result)
    }

    /// The sums of the columns of `x` viewed as `[rows, columns]`, shaped `[columns]`.
    static func columnSums(_ x: Tensor, rows: Int, columns: Int) -> Tensor {
        let result = TensorStorage(uninitializedCount: columns)
        columnSums(x.storage.pointer, rows: rows, columns: columns, into: result.pointer)
        return Tensor(shape: [columns], storage: result)
    }

    /// ``columnSums(_:rows:columns:)`` on raw buffers: `result` `[columns]` is zeroed, then each row added in order.
    static func columnSums(
        _ x: UnsafePointer<Float>, rows: Int, columns: Int, into result: UnsafeMutablePointer<Float>
    ) {
        result.update(repeating: 0, count: columns)
        for r in 0..<rows { VectorLoops.add(UnsafePointer(result), x + r * columns, result, columns) }
    }
}
