import VernierData
import VernierNN
import VernierOptimizers

extension FusedSupport {
    /// The fused CNN engine for `model` trained with `loss` and `optimizer` on `data` in batches of `batchSize`, or
    /// why there is none: the layers must be a ``FusedCNNLayout``, the loss cross-entropy on class indices, and
    /// `data` `[n, channels · height · width]` (or any shape with that many floats per sample) features with `[n]`
    /// labels.
    ///
    /// ```swift
    /// switch FusedSupport.engine(model: cnn, loss: .crossEntropy, batchSize: 64, optimizer: Adam(), data: train) {
    /// case .success(let engine): …
    /// case .failure(let reason): print(reason)   // e.g. "fused training: unsupported dropout 0.5"
    /// }
    /// ```
    public static func engine(
        model: Sequential, loss: Loss, batchSize: Int, optimizer: any FlatUpdatingOptimizer, data: TensorDataset
    ) -> Result<FusedCNNEngine, FusedUnsupported> {
        guard batchSize > 0 else { return .failure(.batchSize(batchSize)) }
        let layout: FusedCNNLayout
        switch FusedCNNLayout.read(model) {
        case .success(let read): layout = read
        case .failure(let reason): return .failure(reason)
        }
        guard loss == .crossEntropy else { return .failure(.loss("loss \(loss) on a CNN (needs cross-entropy)")) }
        guard layout.head[layout.head.count - 1] > 1 else {
            return .failure(.loss("cross-entropy after an output activation or with one output"))
        }
        if case .failure(let reason) = check(data: data, inputFloats: layout.inputFloats) { return .failure(reason) }
        let step = FusedCNNStep(model: model, layout: layout, batchSize: batchSize)
        return .success(FusedCNNEngine(step: step, model: model, optimizer: optimizer, data: data))
    }

    /// Checks `data` for a network of `inputFloats` floats per sample trained with cross-entropy.
    static func check(data: TensorDataset, inputFloats: Int) -> Result<Void, FusedUnsupported> {
        let count = data.count
        guard count > 0 else { return .failure(.data("the training set is empty")) }
        guard data.features.rank >= 2, data.features.shape[0] == count, data.features.count == count * inputFloats
        else {
            return .failure(
                .data("features have shape \(data.features.shape), the network expects \(inputFloats) per sample"))
        }
        guard data.targets.count == count, data.targets.rank <= 2 else {
            return .failure(.data("targets have shape \(data.targets.shape), cross-entropy needs [n] class indices"))
        }
        return .success(())
    }
}
