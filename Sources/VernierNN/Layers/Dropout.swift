import VernierRandom
import VernierTensor

/// Inverted dropout (Srivastava et al., "Dropout: A Simple Way to Prevent Neural Networks from Overfitting",
/// JMLR 2014): in a training forward each element is zeroed with `probability` and the survivors are scaled by
/// 1/(1 − probability); in evaluation it is the identity.
///
/// The mask is drawn from the context's generator, so a seeded context gives the same mask every run.
/// ```swift
/// var context = ForwardContext(isTraining: true, seed: 3)
/// let y = Dropout(probability: 0.5)(x, context: &context)
/// ```
public struct Dropout: ParameterlessLayer {
    /// The probability of zeroing an element, in [0, 1).
    public var probability: Float

    /// Creates the layer.
    public init(probability: Float) {
        precondition(probability >= 0 && probability < 1, "Dropout: probability must be in [0, 1), got \(probability)")
        self.probability = probability
    }

    /// Evaluation: the identity.
    public func callAsFunction(_ input: Tensor) -> Tensor { input }

    /// Training: multiplies by a random keep-mask scaled by 1/(1 − probability); evaluation: the identity.
    public func callAsFunction(_ input: Tensor, context: inout ForwardContext) -> Tensor {
        guard context.isTraining, probability > 0 else { return input }
        let keep = Double(1 - probability)
        let scale = 1 / Float(keep)
        let mask = Tensor(shape: input.shape) { buffer in
            for i in buffer.indices { buffer[i] = context.generator.nextUniform() < keep ? scale : 0 }
        }
        return input * mask
    }
}
