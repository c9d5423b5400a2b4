import VernierRandom
import VernierTensor

/// The mode of a forward pass and what it needs beyond the input: whether it is training, a random number
/// generator (for dropout), and the state updates layers record (batch-norm running statistics).
///
/// Layers are values, and a gradient closure receives an immutable copy of the model, so a training forward
/// cannot write running statistics into the model itself. Instead a layer records its new state in the
/// context under a ``LayerStateKey``; ``Layer/applyStateUpdates(from:)`` writes it back into the model
/// afterwards (``valueAndGradient(at:context:_:)`` does both steps).
///
/// ```swift
/// var context = ForwardContext(isTraining: true, seed: 42)
/// let (loss, gradient) = valueAndGradient(at: &model, context: &context) { model, context in
///     crossEntropy(logits: model(x, context: &context), labels: y)
/// }
/// ```
public struct ForwardContext: Sendable {
    /// Whether layers behave as in training (dropout active, batch statistics used and running averages
    /// updated) or as in evaluation.
    public var isTraining: Bool
    /// The generator layers draw from (dropout masks).
    public var generator: Xoshiro256
    /// State recorded by training forwards, not yet written back into a model.
    public var stateUpdates: [LayerStateKey: Tensor]

    /// Creates a context with the given mode and generator.
    ///
    /// ```swift
    /// var context = ForwardContext(isTraining: true, generator: Xoshiro256(seed: 7))
    /// ```
    public init(isTraining: Bool, generator: Xoshiro256) {
        self.isTraining = isTraining
        self.generator = generator
        stateUpdates = [:]
    }

    /// Creates a context with the given mode and a generator seeded with `seed`.
    ///
    /// ```swift
    /// var context = ForwardContext(isTraining: true, seed: 7)
    /// ```
    public init(isTraining: Bool, seed: UInt64 = 0) {
        self.init(isTraining: isTraining, generator: Xoshiro256(seed: seed))
    }

    /// An evaluation context (no dropout, running statistics used, nothing recorded).
    ///
    /// ```swift
    /// var context = ForwardContext.evaluation
    /// let y = model(x, context: &context)   // same as model(x)
    /// ```
    public static var evaluation: ForwardContext { ForwardContext(isTraining: false) }

    /// The most recent recorded value of a state tensor, if a forward in this context updated it.
    ///
    /// ```swift
    /// let mean = context.recordedState(for: key) ?? runningMean
    /// ```
    public func recordedState(for key: LayerStateKey) -> Tensor? { stateUpdates[key] }

    /// Records the new value of a state tensor (detached from the gradient tape).
    ///
    /// ```swift
    /// context.record(newRunningMean, for: LayerStateKey(owner: identity, slot: 0))
    /// ```
    public mutating func record(_ state: Tensor, for key: LayerStateKey) {
        stateUpdates[key] = state.detached()
    }
}

/// Evaluates `function` on a model in the mode of `context`, returns the value and the gradient shaped like the
/// model, and then writes the state the forward recorded (batch-norm running statistics) back into `model`.
///
/// Use this for training steps; the plain `valueAndGradient(at:_:)` of VernierTensor drops recorded state.
/// ```swift
/// var context = ForwardContext(isTraining: true, seed: 1)
/// let (loss, gradient) = valueAndGradient(at: &model, context: &context) { model, context in
///     meanSquaredError(predicted: model(x, context: &context), expected: y)
/// }
/// optimizer.update(&model, along: gradient)
/// ```
public func valueAndGradient<Model: Layer>(
    at model: inout Model, context: inout ForwardContext,
    _ function: (Model, inout ForwardContext) throws -> Tensor
) rethrows -> (value: Tensor, gradient: Model) {
    let result = try valueAndGradient(at: model) { copy in try function(copy, &context) }
    model.applyStateUpdates(from: &context)
    return result
}
