import Foundation
import VernierNumerics
import VernierRandom

/// Bayesian optimization with a Gaussian process: a Matérn-5/2 ARD process on the unit-cube encoding of the
/// search space, fitted by maximum a posteriori, and log expected improvement maximized by a Sobol sweep of
/// `candidateCount` (2048) points plus `localSearchCount` (10) L-BFGS-B polishing runs — from the best candidate,
/// from further candidates drawn with probability ∝ EI, and from the incumbent — in length-scale-preconditioned
/// coordinates (the design of Optuna's `GPSampler`; log EI from Ament et al., NeurIPS 2023).
///
/// - The first `startupTrials` trials (and any parameter outside the jointly sampled space) are drawn like
///   ``RandomSampler``.
/// - The joint space is the intersection of the completed trials' distributions. Float and integer parameters
///   map to [0, 1] (log-scale ones through their logarithm; integers and stepped floats on an interval widened by
///   half a step, and every point proposed is snapped to a valid value); categorical parameters keep their index
///   and use a Hamming distance in the kernel.
/// - Objective values are turned into losses (negated when maximizing), warped by a Yeo–Johnson power transform
///   fitted by maximum likelihood with λ ≤ 1 (``YeoJohnsonTransform``; it compresses heavy upper tails such as
///   Rosenbrock's and never compresses the best values; `outputWarping: false` switches it off) and
///   standardized; the process models their negation. Hyperparameters (length scales, signal and noise
///   variance) maximize log marginal likelihood plus the weak priors of ``GaussianProcessPrior``, with ``LBFGSB``
///   from a warm start (the hyperparameters stored by the previous trial, in the system attribute
///   `gp:log_hyperparameters`), the default start and `fitRestarts` random starts.
/// - Running trials (parallel workers) are "fantasized": each is added at its parameters with the posterior
///   mean as its value (kriging believer, the fantasies counting towards the incumbent), which removes the
///   expected improvement there so that workers spread out.
/// - Constraints (``Trial/setConstraints(_:)``, study files' `constraints:`): each constraint gets its own process
///   on the completed trials' constraint values, the acquisition becomes log EI + log P(every constraint holds),
///   and the incumbent is the best feasible value; while no trial is feasible, the sampler maximizes the
///   probability of feasibility alone, and with running trials the probability that the new point is feasible
///   while none of them is, so that workers spread out (see `GPSampler+Constraints.swift`).
/// - All randomness depends only on `seed` and the trial number: one worker and one seed give the same trials.
///
/// ```swift
/// let study = try Study(name: "bo", direction: .minimize, storage: InMemoryStorage(), sampler: GPSampler(seed: 1))
/// try study.optimize(trials: 50) { trial in
///     let x = try trial.suggestFloat("x", in: -5...10)
///     let y = try trial.suggestFloat("y", in: 0...15)
///     return TestFunction.branin.evaluate([x, y])
/// }
/// ```
public struct GPSampler: RelativeSampler, RandomFallbackSampler {
    /// The seed of every random decision.
    public var seed: UInt64
    /// Completed trials needed before the process is used.
    public var startupTrials: Int
    /// Sobol candidates scored in the acquisition sweep.
    public var candidateCount: Int
    /// Best candidates polished by L-BFGS-B.
    public var localSearchCount: Int
    /// Random restarts of the hyperparameter fit in addition to the warm and default starts.
    public var fitRestarts: Int
    /// Warp losses with a fitted Yeo–Johnson power transform before standardizing them.
    public var outputWarping: Bool
    /// The system attribute holding each trial's fitted log-hyperparameters.
    static let hyperparameterKey = "gp:log_hyperparameters"

    /// Creates a GP sampler.
    ///
    /// ```swift
    /// let sampler = GPSampler(seed: 3, startupTrials: 5)
    /// ```
    public init(
        seed: UInt64 = 0, startupTrials: Int = 10, candidateCount: Int = 2048, localSearchCount: Int = 10,
        fitRestarts: Int = 0, outputWarping: Bool = true
    ) {
        precondition(candidateCount >= 1, "GPSampler: candidateCount must be at least 1")
        self.seed = seed
        self.startupTrials = startupTrials
        self.candidateCount = candidateCount
        self.localSearchCount = localSearchCount
        self.fitRestarts = fitRestarts
        self.outputWarping = outputWarping
    }

    /// The intersection of the completed trials' distributions, single-valued ones left out.
    public func inferRelativeSearchSpace(study: Study, trial: FrozenTrial) throws -> [String: Distribution] {
        try study.intersectionSearchSpace().filter { !$0.value.isSingleValue }
    }

    /// Joint values for `searchSpace` maximizing log EI; empty during start-up.
    public func sampleRelative(
        study: Study, trial: FrozenTrial, searchSpace: [String: Distribution]
    ) throws
        -> [String: Double]
    {
        guard !searchSpace.isEmpty else { return [:] }
        let parameters = searchSpace.keys.sorted().map { EncodedParameter(name: $0, distribution: searchSpace[$0]!) }
        let all = try study.modelTrials(for: trial)
        func hasAll(_ candidate: FrozenTrial) -> Bool {
            parameters.allSatisfy { candidate.parameters[$0.name] != nil }
        }
        let complete = all.filter { $0.state == .complete && ($0.value?.isFinite ?? false) && hasAll($0) }
        guard complete.count >= max(startupTrials, 1) else { return [:] }
        let d = parameters.count
        var inputs = [Double]()
        inputs.reserveCapacity(complete.count * d)
        for finished in complete {
            for parameter in parameters {
                inputs.append(parameter.unit(ofInternal: finished.parameters[parameter.name]!))
            }
        }
        // The process models the standardized negated loss (higher is better).
        let losses = complete.map { loss(of: $0.value!, direction: study.direction) }
        let warped =
            outputWarping ? YeoJohnsonTransform(fittedTo: losses, lambdaRange: -2...1).transform(losses) : losses
        let scores = warped.map { -$0 }
        let mean = scores.reduce(0, +) / Double(scores.count)
        var variance = 0.0
        for score in scores { variance += (score - mean) * (score - mean) }
        let scale = max((variance / Double(scores.count)).squareRoot(), 1e-12)
        let targets = scores.map { ($0 - mean) / scale }
        let categorical = parameters.map(\.isCategorical)
        let warmStart = latestHyperparameters(in: all, before: trial.number, dimension: d)
        let hyperparameters = GaussianProcessRegressor.fitHyperparameters(
            inputs: inputs, targets: targets, dimension: d, categoricalDimensions: categorical,
            options: GaussianProcessFitOptions(
                randomRestarts: warmStart == nil ? max(fitRestarts, 1) : fitRestarts,
                seed: seed &+ UInt64(truncatingIfNeeded: trial.number), maximumIterations: 60,
                gradientTolerance: 1e-3),
            warmStart: warmStart)
        guard
            var process = try? GaussianProcessRegressor(
                inputs: inputs, targets: targets, dimension: d, hyperparameters: hyperparameters,
                categoricalDimensions: categorical)
        else { return [:] }
        // With constraints: one process per constraint, and the incumbent is the best feasible trial.
        let feasibility = feasibilityModel(
            complete: complete, inputs: inputs, dimension: d, categorical: categorical, history: all, trial: trial)
        let constrained = complete.contains { !($0.constraints ?? []).isEmpty }
        var best: Double?
        let bestIndex: Int
        if constrained {
            let incumbent = Self.incumbent(targets: targets, complete: complete)
            best = incumbent.best
            bestIndex = incumbent.index
        } else {
            let maximum = targets.max()!
            best = maximum
            bestIndex = targets.firstIndex(of: maximum)!
        }
        let bestPoint = Array(inputs[(bestIndex * d)..<(bestIndex * d + d)])
        // Kriging believer for running trials.
        let pending = all.filter { $0.state == .running && $0.number != trial.number && hasAll($0) }
        if !pending.isEmpty {
            var augmentedInputs = inputs
            var augmentedTargets = targets
            var fantasies: [(point: [Double], value: Double)] = []
            for running in pending {
                let point = parameters.map { $0.unit(ofInternal: running.parameters[$0.name]!) }
                augmentedInputs += point
                augmentedTargets.append(process.predict(at: point).mean)
                fantasies.append((point, augmentedTargets.last!))
            }
            if let augmented = try? GaussianProcessRegressor(
                inputs: augmentedInputs, targets: augmentedTargets, dimension: d, hyperparameters: hyperparameters,
                categoricalDimensions: categorical)
            {
                process = augmented
                // A fantasized observation counts as observed, so EI vanishes at the pending point; under
                // constraints only where they probably hold (an infeasible value is no incumbent).
                if !constrained {
                    best = augmentedTargets.max()!
                } else if let feasibility {
                    for fantasy in fantasies where feasibility.logProbability(at: fantasy.point) >= Foundation.log(0.5)
                    {
                        best = max(best ?? fantasy.value, fantasy.value)
                    }
                }
            }
        }
        var generator = decisionGenerator(seed: seed, trialNumber: trial.number, label: "gp:acquisition")
        let maximizer = AcquisitionMaximizer(
            process: process, parameters: parameters, best: best,
            feasibility: feasibilityTerm(
                feasibility, incumbent: best, pending: pending, parameters: parameters, trial: trial))
        let point = maximizer.maximize(
            candidateCount: candidateCount, localSearchCount: localSearchCount, extraStarts: [bestPoint],
            scrambleSeed: generator.next(), generator: &generator)
        try study.storage.setTrialAttribute(
            trialID: trial.trialID, key: GPSampler.hyperparameterKey,
            value: .array(hyperparameters.logParameters.map { .double($0) }), kind: .system)
        if let feasibility { try storeConstraintHyperparameters(feasibility, study: study, trial: trial) }
        var values: [String: Double] = [:]
        for (k, parameter) in parameters.enumerated() {
            values[parameter.name] =
                parameter.isCategorical
                ? parameter.internalValue(fromTransformed: point[k])
                : parameter.internalValue(fromUnit: point[k])
        }
        return values
    }

    /// The log-hyperparameters stored by the latest earlier trial for a space of the same dimension.
    private func latestHyperparameters(
        in trials: [FrozenTrial], before number: Int, dimension: Int
    )
        -> GaussianProcessHyperparameters?
    {
        var latest: (number: Int, values: [Double])? = nil
        for candidate in trials where candidate.number < number {
            guard case .array(let items)? = candidate.systemAttributes[GPSampler.hyperparameterKey] else { continue }
            let values = items.compactMap(\.doubleValue)
            guard values.count == dimension + 2, values.allSatisfy(\.isFinite) else { continue }
            if latest == nil || candidate.number > latest!.number { latest = (candidate.number, values) }
        }
        guard let latest else { return nil }
        return GaussianProcessHyperparameters(logParameters: latest.values)
    }

    /// `false`: it models one objective; a study with several refuses it.
    public var supportsSeveralObjectives: Bool { false }
}
