import VernierData
import VernierNN
import VernierOptimizers
import VernierTensor

/// The general engine: each step records the forward pass on the autograd tape, takes the gradient, optionally
/// clips it to a global norm, and updates with any ``Optimizer``. Trains every ``Layer`` on every ``Dataset``
/// (dropout and batch-norm state through the ``ForwardContext``, augmentation through the loader).
///
/// ```swift
/// var engine = TapeEngine(model: model, optimizer: SGD(learningRate: 0.1), loss: .meanSquaredError, contextSeed: 7)
/// ```
public struct TapeEngine<Model: Layer, Data: Dataset, Opt: Optimizer>: TrainingEngine {
    /// The model being trained.
    public var current: Model
    /// The optimizer, with its state.
    public var optimizer: Opt
    /// The loss minimized.
    public let loss: Loss
    /// Clip the gradient to this global L2 norm before each update (`nil`: no clipping).
    public var gradientClipNorm: Float?
    private var context: ForwardContext

    /// Creates the engine; `contextSeed` seeds the forward context's generator (dropout masks).
    public init(model: Model, optimizer: Opt, loss: Loss, gradientClipNorm: Float? = nil, contextSeed: UInt64) {
        current = model
        self.optimizer = optimizer
        self.loss = loss
        self.gradientClipNorm = gradientClipNorm
        context = ForwardContext(isTraining: true, seed: contextSeed)
    }

    /// The optimizer's step size.
    public var learningRate: Float {
        get { optimizer.learningRate }
        set { optimizer.learningRate = newValue }
    }

    /// One epoch of tape steps (see ``TrainingEngine``).
    public mutating func trainEpoch(_ loader: inout DataLoader<Data>, recorder: inout StepRecorder) throws {
        let wantsOutputs = recorder.wantsOutputs
        let loss = self.loss
        for batch in loader.epoch() {
            var output: Tensor?
            let (value, gradient) = valueAndGradient(at: &current, context: &context) { model, context in
                let prediction = model(batch.features, context: &context)
                if wantsOutputs { output = prediction }
                return loss(prediction, batch.targets)
            }
            let lossValue = value.item
            if let output {
                try recorder.record(
                    loss: lossValue, rows: batch.count, output: output.detached(), targets: batch.targets)
            } else {
                try recorder.record(loss: lossValue, rows: batch.count)
            }
            if let gradientClipNorm {
                var clipped = gradient
                _ = clipByGlobalNorm(&clipped, maxNorm: gradientClipNorm)
                optimizer.update(&current, along: clipped)
            } else {
                optimizer.update(&current, along: gradient)
            }
        }
    }

    /// The model after the last step.
    public func model() -> Model { current }
}
