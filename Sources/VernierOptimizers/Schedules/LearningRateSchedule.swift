import Foundation

/// A learning rate as a function of the epoch (or step) index, optionally adapting to a monitored metric.
///
/// Stateless schedules (step, exponential, cosine, warm-up) only implement ``learningRate(at:)``; adaptive
/// ones (``ReduceOnPlateau``) also implement ``observe(metric:)``, which a training loop calls after each epoch
/// with the validation loss. Indices start at 0: `learningRate(at: 0)` is the initial learning rate.
///
/// ```swift
/// var schedule = CosineAnnealing(initialLearningRate: 0.1, period: 50)
/// for epoch in 0..<50 {
///     optimizer.learningRate = schedule.learningRate(at: epoch)
///     // ... train one epoch ...
///     schedule.observe(metric: validationLoss)
/// }
/// ```
public protocol LearningRateSchedule: Sendable {
    /// The learning rate for epoch (or step) `index`, counted from 0.
    func learningRate(at index: Int) -> Float

    /// Records the monitored metric at the end of an epoch (the default ignores it).
    mutating func observe(metric: Float)
}

extension LearningRateSchedule {
    /// Ignores the metric: the schedule depends only on the index.
    public mutating func observe(metric: Float) {}
}

/// A fixed learning rate.
///
/// ```swift
/// let schedule = ConstantLearningRate(0.01)
/// ```
public struct ConstantLearningRate: LearningRateSchedule {
    /// The learning rate.
    public var learningRate: Float

    /// Creates the schedule.
    public init(_ learningRate: Float) { self.learningRate = learningRate }

    /// Always ``learningRate``.
    public func learningRate(at index: Int) -> Float { learningRate }
}

/// Multiplies the learning rate by `gamma` every `stepSize` epochs (PyTorch's `StepLR`):
/// `initial · gamma^⌊index / stepSize⌋`.
///
/// ```swift
/// let schedule = StepDecay(initialLearningRate: 0.1, stepSize: 30, gamma: 0.1)
/// ```
public struct StepDecay: LearningRateSchedule {
    /// The learning rate at index 0.
    public var initialLearningRate: Float
    /// The number of epochs between decays.
    public var stepSize: Int
    /// The factor applied at each decay.
    public var gamma: Float

    /// Creates the schedule.
    public init(initialLearningRate: Float, stepSize: Int, gamma: Float = 0.1) {
        precondition(stepSize > 0, "StepDecay: stepSize must be positive, got \(stepSize)")
        self.initialLearningRate = initialLearningRate
        self.stepSize = stepSize
        self.gamma = gamma
    }

    /// `initial · gamma^⌊index / stepSize⌋`.
    public func learningRate(at index: Int) -> Float {
        Float(Double(initialLearningRate) * pow(Double(gamma), Double(Swift.max(index, 0) / stepSize)))
    }
}

/// Multiplies the learning rate by `gamma` every epoch (PyTorch's `ExponentialLR`): `initial · gammaⁱⁿᵈᵉˣ`.
///
/// ```swift
/// let schedule = ExponentialDecay(initialLearningRate: 0.1, gamma: 0.95)
/// ```
public struct ExponentialDecay: LearningRateSchedule {
    /// The learning rate at index 0.
    public var initialLearningRate: Float
    /// The factor applied every epoch.
    public var gamma: Float

    /// Creates the schedule.
    public init(initialLearningRate: Float, gamma: Float) {
        self.initialLearningRate = initialLearningRate
        self.gamma = gamma
    }

    /// `initial · gamma^index`.
    public func learningRate(at index: Int) -> Float {
        Float(Double(initialLearningRate) * pow(Double(gamma), Double(Swift.max(index, 0))))
    }
}

/// Cosine annealing from the initial rate down to `minimumLearningRate` over `period` epochs (Loshchilov and
/// Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR 2017; PyTorch's `CosineAnnealingLR`
/// closed form): `min + (initial − min) · (1 + cos(π · index / period)) / 2`. Past `period` it stays at the
/// minimum.
///
/// ```swift
/// let schedule = CosineAnnealing(initialLearningRate: 0.1, period: 100, minimumLearningRate: 1e-4)
/// ```
public struct CosineAnnealing: LearningRateSchedule {
    /// The learning rate at index 0.
    public var initialLearningRate: Float
    /// The number of epochs to reach the minimum (PyTorch's `T_max`).
    public var period: Int
    /// The final learning rate (PyTorch's `eta_min`).
    public var minimumLearningRate: Float

    /// Creates the schedule.
    public init(initialLearningRate: Float, period: Int, minimumLearningRate: Float = 0) {
        precondition(period > 0, "CosineAnnealing: period must be positive, got \(period)")
        self.initialLearningRate = initialLearningRate
        self.period = period
        self.minimumLearningRate = minimumLearningRate
    }

    /// The annealed rate at `index` (the minimum from `period` on).
    public func learningRate(at index: Int) -> Float {
        let t = Double(Swift.min(Swift.max(index, 0), period))
        let low = Double(minimumLearningRate)
        let high = Double(initialLearningRate)
        return Float(low + (high - low) * (1 + cos(Double.pi * t / Double(period))) / 2)
    }
}

/// A linear warm-up from `startFactor · base(0)` to `base(0)` over `warmupSteps` epochs (PyTorch's `LinearLR`
/// with `end_factor = 1`), then the `base` schedule, shifted so that it starts at its own index 0.
///
/// ```swift
/// let schedule = LinearWarmup(
///     warmupSteps: 5, startFactor: 0.1,
///     then: CosineAnnealing(initialLearningRate: 0.1, period: 95))
/// ```
public struct LinearWarmup: LearningRateSchedule {
    /// The number of warm-up epochs.
    public var warmupSteps: Int
    /// The fraction of the base rate used at index 0.
    public var startFactor: Float
    /// The schedule that follows the warm-up.
    public var base: any LearningRateSchedule

    /// Creates a warm-up into `base`.
    public init(warmupSteps: Int, startFactor: Float = 1.0 / 3.0, then base: any LearningRateSchedule) {
        precondition(warmupSteps >= 0, "LinearWarmup: warmupSteps must be non-negative, got \(warmupSteps)")
        precondition(startFactor > 0 && startFactor <= 1, "LinearWarmup: startFactor must be in (0, 1]")
        self.warmupSteps = warmupSteps
        self.startFactor = startFactor
        self.base = base
    }

    /// Creates a warm-up into a constant rate.
    ///
    /// ```swift
    /// let schedule = LinearWarmup(learningRate: 0.01, warmupSteps: 10, startFactor: 0.01)
    /// ```
    public init(learningRate: Float, warmupSteps: Int, startFactor: Float = 1.0 / 3.0) {
        self.init(warmupSteps: warmupSteps, startFactor: startFactor, then: ConstantLearningRate(learningRate))
    }

    /// The warm-up rate before `warmupSteps`, the base schedule after.
    public func learningRate(at index: Int) -> Float {
        guard index < warmupSteps else { return base.learningRate(at: index - warmupSteps) }
        let start = Double(startFactor)
        let factor = start + (1 - start) * Double(Swift.max(index, 0)) / Double(warmupSteps)
        return Float(Double(base.learningRate(at: 0)) * factor)
    }

    /// Forwards the metric to the base schedule.
    public mutating func observe(metric: Float) { base.observe(metric: metric) }
}
