extension Kernels {
    /// `x · weight (+ bias)` with `x` viewed as `[rows, in]`: bias rows are written first, then one `sgemm` with
    /// `beta = 1` adds the product. This and the two gradient products split their rows over both cores when they
    /// are large enough (``BLAS/gemmSplittingRows(transposeA:transposeB:m:n:k:a:b:beta:c:)``).
    static func linear(_ x: Tensor, _ weight: Tensor, bias: Tensor?, rows: Int, shape: [Int]) -> Tensor {
        let (inFeatures, outFeatures) = (weight.shape[0], weight.shape[1])
        let result = TensorStorage(uninitializedCount: rows * outFeatures)
        if let bias {
            let b = UnsafePointer(bias.storage.pointer)
            for r in 0..<rows { (result.pointer + r * outFeatures).initialize(from: b, count: outFeatures) }
        }
        BLAS.gemmSplittingRows(
            transposeA: false, transposeB: false, m: rows, n: outFeatures, k: inFeatures, a: x.storage.pointer,
            b: weight.storage.pointer, beta: bias == nil ? 0 : 1, c: result.pointer)
        return Tensor(shape: shape, storage: result)
    }

    /// `g · weightᵀ`, shaped like the input.
    static func linearInputGradient(_ gradient: Tensor, _ weight: Tensor, rows: Int, shape: [Int]) -> Tensor {
        let (inFeatures, outFeatures) = (weight.shape[0], weight.shape[1])
        let result = TensorStorage(uninitializedCount: rows * inFeatures)
        BLAS.gemmSplittingRows(
            transposeA: false, transposeB: true, m: rows, n: inFeatures, k: outFeatures, a: gradient.storage.pointer,
            b: weight.storage.pointer, c: result.pointer)
        return Tensor(shape: shape, storage: result)
    }

    /// `xᵀ · g`, shaped like the weight.
    static func linearWeightGradient(_ x: Tensor, _ gradient: Tensor, rows: Int, weightShape: [Int]) -> Tensor {
        let (inFeatures, outFeatures) = (weightShape[0], weightShape[1])
        let result = TensorStorage(uninitializedCount: inFeatures * outFeatures)
        BLAS.gemmSplittingRows(
            transposeA: true, transposeB: false, m: inFeatures, n: outFeatures, k: rows, a: x.storage.pointer,
            b: gradient.storage.pointer, c: result.pointer)
        return Tensor(shape: weightShape, storage: result)
    }

    /// The sums of the columns of `x` viewed as `[rows, columns]`, shaped `[columns]`.
    static func columnSums(_ x: Tensor, rows: Int, columns: Int) -> Tensor {
        let result = TensorStorage(repeating: 0, count: columns)
        let source = UnsafePointer(x.storage.pointer)
        for r in 0..<rows {
            VectorLoops.add(UnsafePointer(result.pointer), source + r * columns, result.pointer, columns)
        }
        return Tensor(shape: [columns], storage: result)
    }
}
