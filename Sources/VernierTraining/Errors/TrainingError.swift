/// Why training stopped with an error.
///
/// ```swift
/// do {
///     _ = try trainer.fit(&model, optimizer: &optimizer, on: train, using: &rng)
/// } catch let error as TrainingError {
///     print(error)   // "the loss became nan at epoch 3, step 120 (learning rate 10.0); lower the learning rate"
/// }
/// ```
public enum TrainingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The training loss was NaN or infinite at `step` (counted from 1 within `epoch`, epochs from 1).
    case nonFiniteLoss(value: Float, epoch: Int, step: Int, learningRate: Float)
    /// The data set has no samples.
    case emptyDataset(role: String)
    /// The model output and the targets do not fit the loss or the metric.
    case shapeMismatch(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .nonFiniteLoss(let value, let epoch, let step, let learningRate):
            "the loss became \(value) at epoch \(epoch), step \(step) (learning rate \(learningRate)); "
                + "lower the learning rate or standardize the inputs"
        case .emptyDataset(let role):
            "the \(role) data set is empty"
        case .shapeMismatch(let message):
            message
        }
    }
}
