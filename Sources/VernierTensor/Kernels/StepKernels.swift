/// The raw-buffer entry points of the kernels behind the autograd ops of a linear layer, ReLU and softmax
/// cross-entropy, for the fused training steps of VernierTraining, which keep every buffer themselves. Each runs
/// the same code in the same order as the tensor op (the tensor ops call the same functions), so a fused step
/// computes the tape's bits.
///
/// ```swift
/// StepKernels.linear(x, weight, bias: bias, rows: 64, inFeatures: 128, outFeatures: 10, into: logits)
/// let loss = StepKernels.softmaxCrossEntropy(
///     logits: logits, labels: labels, rows: 64, classes: 10, gradient: delta, scratch: scratch)
/// ```
package enum StepKernels {
    /// `result = x · weight + bias` (`x` `[rows, in]`, `weight` `[in, out]`), as ``linear(_:weight:bias:)``.
    package static func linear(
        _ x: UnsafePointer<Float>, _ weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?, rows: Int,
        inFeatures: Int, outFeatures: Int, into result: UnsafeMutablePointer<Float>
    ) {
        Kernels.linear(
            x, weight, bias: bias, rows: rows, inFeatures: inFeatures, outFeatures: outFeatures, into: result)
    }

    /// `result = gradient · weightᵀ` (`[rows, in]`): the linear layer's input gradient.
    package static func linearInputGradient(
        _ gradient: UnsafePointer<Float>, _ weight: UnsafePointer<Float>, rows: Int, inFeatures: Int,
        outFeatures: Int, into result: UnsafeMutablePointer<Float>
    ) {
        Kernels.linearInputGradient(
            gradient, weight, rows: rows, inFeatures: inFeatures, outFeatures: outFeatures, into: result)
    }

    /// `result = xᵀ · gradient` (`[in, out]`): the linear layer's weight gradient.
    package static func linearWeightGradient(
        _ x: UnsafePointer<Float>, _ gradient: UnsafePointer<Float>, rows: Int, inFeatures: Int, outFeatures: Int,
        into result: UnsafeMutablePointer<Float>
    ) {
        Kernels.linearWeightGradient(
            x, gradient, rows: rows, inFeatures: inFeatures, outFeatures: outFeatures, into: result)
    }

    /// `result` `[columns]` = the column sums of `x` `[rows, columns]`: the linear layer's bias gradient.
    package static func columnSums(
        _ x: UnsafePointer<Float>, rows: Int, columns: Int, into result: UnsafeMutablePointer<Float>
    ) {
        Kernels.columnSums(x, rows: rows, columns: columns, into: result)
    }

    /// `out[i] = max(x[i], 0)`, as ``relu(_:)`` (`x` may be `out`).
    package static func relu(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) {
        Kernels.unaryContiguous(.relu, x, out, count)
    }

    /// `gradient[i] = activated[i] > 0 ? gradient[i] : 0`: ``relu(_:)``'s pullback in place, from its output.
    package static func reluGradient(
        _ gradient: UnsafeMutablePointer<Float>, activated: UnsafePointer<Float>, _ count: Int
    ) {
        for i in 0..<count { gradient[i] = activated[i] > 0 ? gradient[i] : 0 }
    }

    /// Softmax cross-entropy of `logits` `[rows, classes]` against class indices `labels` `[rows]` with mean
    /// reduction, as `crossEntropy(logits:labels:)` computes it on the tape (log-softmax as `x − (log Σ eˣ⁻ᵐ + m)`,
    /// the picked values negated and summed, times `1 / rows`): returns the loss and writes its gradient with
    /// respect to the logits, `softmax · (1/rows)` minus `1/rows` at each label, into `gradient` `[rows, classes]`.
    /// `scratch` holds `3 · rows` floats. A label that is not a class index stops the program, as on the tape.
    package static func softmaxCrossEntropy(
        logits: UnsafePointer<Float>, labels: UnsafePointer<Float>, rows: Int, classes: Int,
        gradient: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>
    ) -> Float {
        let (maxima, sums, picked) = (scratch, scratch + rows, scratch + 2 * rows)
        for r in 0..<rows {
            let x = logits + r * classes
            let e = gradient + r * classes
            var best = x[0]
            for k in 1..<classes where x[k] > best || (best.isNaN && !x[k].isNaN) { best = x[k] }
            maxima[r] = best
            for k in 0..<classes { e[k] = x[k] - best }
            VectorLoops.exp(e, e, classes)
            sums[r] = VectorLoops.sum(e, classes)
        }
        // picked holds log Σ eˣ⁻ᵐ first (the log of each row's sum), then the negated log-probability at the label.
        VectorLoops.log(sums, picked, rows)
        let scale = 1 / Float(Swift.max(rows, 1))
        for r in 0..<rows {
            let labelValue = labels[r]
            let label = Int(labelValue)
            precondition(
                Float(label) == labelValue && label >= 0 && label < classes,
                "negativeLogLikelihood: label \(labelValue) is not a class index in 0..<\(classes)")
            let logSumExp = picked[r] + maxima[r]
            picked[r] = -(logits[r * classes + label] - logSumExp)
            let e = gradient + r * classes
            let total = sums[r]
            for k in 0..<classes { e[k] = e[k] / total * scale }
            e[label] = e[label] + -scale
        }
        return VectorLoops.sum(picked, rows) * scale
    }
}
