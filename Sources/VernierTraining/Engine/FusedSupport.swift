import VernierData
import VernierNN
import VernierOptimizers

/// Why the fused steps (the MLP's and the CNN's) cannot train a run; ``Trainer`` then uses the tape, a grouped run refuses to start,
/// and `vernier tune` trains the trial on its own.
///
/// ```swift
/// if case .failure(let reason) = FusedSupport.check(sizes: [2, 8, 1], activation: .gelu, output: nil,
///                                                   loss: .meanSquaredError, batchSize: 10) {
///     print(reason)   // "fused training: unsupported hidden activation gelu"
/// }
/// ```
public enum FusedUnsupported: Error, Sendable, Equatable, CustomStringConvertible {
    /// The trainer's ``Trainer/usesFusedStep`` is off.
    case turnedOff
    /// The model is neither an ``MLP`` nor a ``Sequential`` (its type is named).
    case model(String)
    /// A ``Sequential`` whose layers are not the CNN the fused step runs (``FusedCNNLayout``); what is named.
    case layers(String)
    /// Layer sizes that are not at least two positive widths.
    case layerSizes([Int])
    /// A batch size below one.
    case batchSize(Int)
    /// Dropout between layers.
    case dropout(Float)
    /// A linear layer without bias.
    case layerWithoutBias
    /// A hidden activation other than relu, tanh, sigmoid or identity.
    case hiddenActivation(Activation)
    /// An output activation the step does not apply (it applies the hidden ones).
    case outputActivation(Activation)
    /// A loss, or a loss after an output, the step does not compute (what is named).
    case loss(String)
    /// An optimizer without a flat-buffer update (Adagrad).
    case optimizer(String)
    /// Gradient clipping (the tape clips).
    case gradientClipping
    /// A data augmentation transform on an MLP (the tape applies it per batch; the CNN engine takes it).
    case augmentation
    /// Data that is not a ``TensorDataset`` of `[n, inputs]` features and matching targets.
    case data(String)
    /// A recipe for an accelerator (named), which trains with its own engine: the fused steps run on the CPU.
    case device(String)

    /// One line naming what is not supported.
    public var description: String {
        let what =
            switch self {
            case .turnedOff: "run (usesFusedStep is off)"
            case .model(let type): "model \(type) (needs an MLP or a Sequential CNN)"
            case .layers(let what): "CNN layers: \(what)"
            case .layerSizes(let sizes): "layer sizes \(sizes) (need at least two positive widths)"
            case .batchSize(let size): "batch size \(size)"
            case .dropout(let probability): "dropout \(probability)"
            case .layerWithoutBias: "linear layer without bias"
            case .hiddenActivation(let activation): "hidden activation \(activation)"
            case .outputActivation(let activation): "output activation \(activation)"
            case .loss(let what): what
            case .optimizer(let name): "optimizer \(name)"
            case .gradientClipping: "gradient clipping"
            case .augmentation: "augmentation"
            case .data(let what): "data: \(what)"
            case .device(let name): "device \(name) (the fused steps run on the CPU)"
            }
        return "fused training: unsupported \(what)"
    }
}

/// The one place that decides whether a fused step (``FusedMLPEngine``, ``FusedCNNEngine``) can train a
/// configuration.
public enum FusedSupport {
    /// Checks a network shape, its activations, the loss and the batch size (nothing is allocated).
    public static func check(
        sizes: [Int], activation: Activation, output: Activation?, loss: Loss, batchSize: Int
    ) -> Result<Void, FusedUnsupported> {
        guard sizes.count >= 2, sizes.allSatisfy({ $0 > 0 }) else { return .failure(.layerSizes(sizes)) }
        guard batchSize > 0 else { return .failure(.batchSize(batchSize)) }
        guard FusedMLPStep.pointwise(activation) != nil else { return .failure(.hiddenActivation(activation)) }
        guard let outputKind = FusedMLPStep.pointwise(output ?? .identity) else {
            return .failure(.outputActivation(output ?? .identity))
        }
        if case .failure(let reason) = FusedMLPStep.lossKind(
            loss, output: outputKind, outputWidth: sizes[sizes.count - 1])
        {
            return .failure(.loss(reason.what))
        }
        return .success(())
    }

    /// Checks `data` against a network of `sizes` trained with `loss`: `[n, inputs]` features and `[n, outputs]`
    /// targets (`[n]` class indices for cross-entropy), at least one sample.
    public static func check(data: TensorDataset, sizes: [Int], loss: Loss) -> Result<Void, FusedUnsupported> {
        let count = data.count
        guard count > 0 else { return .failure(.data("the training set is empty")) }
        guard data.features.shape == [count, sizes[0]] else {
            return .failure(
                .data("features have shape \(data.features.shape), the network expects [n, \(sizes[0])]"))
        }
        let outputs = sizes[sizes.count - 1]
        if loss == .crossEntropy {
            guard data.targets.count == count, data.targets.rank <= 2 else {
                return .failure(
                    .data("targets have shape \(data.targets.shape), cross-entropy needs [n] class indices"))
            }
        } else {
            guard data.targets.shape == [count, outputs] else {
                return .failure(.data("targets have shape \(data.targets.shape), the network needs [n, \(outputs)]"))
            }
        }
        return .success(())
    }

    /// The fused engine for `model` trained with `optimizer` on `data`, or why there is none.
    ///
    /// ```swift
    /// switch FusedSupport.engine(model: mlp, loss: .crossEntropy, batchSize: 64, optimizer: Adam(), data: train) {
    /// case .success(let engine): …
    /// case .failure(let reason): print(reason)
    /// }
    /// ```
    public static func engine(
        model: MLP, loss: Loss, batchSize: Int, optimizer: any FlatUpdatingOptimizer, data: TensorDataset
    ) -> Result<FusedMLPEngine, FusedUnsupported> {
        guard model.dropout == 0 else { return .failure(.dropout(model.dropout)) }
        guard model.linears.allSatisfy({ $0.bias != nil }) else { return .failure(.layerWithoutBias) }
        if case .failure(let reason) = check(
            sizes: model.sizes, activation: model.activation, output: model.output, loss: loss, batchSize: batchSize)
        {
            return .failure(reason)
        }
        if case .failure(let reason) = check(data: data, sizes: model.sizes, loss: loss) { return .failure(reason) }
        let step = FusedMLPStep(model: model, loss: loss, batchSize: batchSize)
        return .success(FusedMLPEngine(step: step, model: model, optimizer: optimizer, data: data))
    }
}
