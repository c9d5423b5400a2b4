import Foundation
import VernierNumerics

/// Constraints in ``GPSampler``: when completed trials carry constraint values (``Trial/setConstraints(_:)``),
/// each constraint gets its own process on those values, the acquisition adds log P(every constraint holds) to
/// log EI, and the incumbent of EI is the best *feasible* value; while no trial is feasible the acquisition is the
/// log probability of feasibility alone (Gardner et al., ICML 2014; Optuna's `GPSampler` with constraints).
extension GPSampler {
    /// The system attribute holding each trial's fitted log-hyperparameters of the constraints' processes (an array
    /// per constraint).
    static let constraintHyperparameterKey = "gp:constraint_log_hyperparameters"

    /// The processes of the constraints of `complete` (whose unit-cube points are `inputs`, row-major n × d), fitted
    /// on the trials that report the most constraints; `nil` when no trial reports any.
    func feasibilityModel(
        complete: [FrozenTrial], inputs: [Double], dimension d: Int, categorical: [Bool], history: [FrozenTrial],
        trial: FrozenTrial
    ) -> FeasibilityModel? {
        let count = complete.map { $0.constraints?.count ?? 0 }.max() ?? 0
        guard count > 0 else { return nil }
        let rows = complete.indices.filter { complete[$0].constraints?.count == count }
        var constraintInputs = [Double]()
        constraintInputs.reserveCapacity(rows.count * d)
        for row in rows { constraintInputs += inputs[(row * d)..<(row * d + d)] }
        let warmStarts = FeasibilityModel.latestHyperparameters(
            in: history, before: trial.number, dimension: d, count: count)
        return FeasibilityModel.fit(
            inputs: constraintInputs, values: rows.map { complete[$0].constraints! }, dimension: d,
            categoricalDimensions: categorical,
            options: GaussianProcessFitOptions(
                randomRestarts: fitRestarts, seed: seed &+ UInt64(truncatingIfNeeded: trial.number),
                maximumIterations: 60, gradientTolerance: 1e-3),
            warmStarts: warmStarts)
    }

    /// The incumbent of expected improvement among `complete` (whose standardized targets are `targets`): the best
    /// feasible target and its position, or, when no trial is feasible, no target and the least violating trial's
    /// position (a start of the local search). Without constraints every trial is feasible.
    static func incumbent(targets: [Double], complete: [FrozenTrial]) -> (best: Double?, index: Int) {
        var index: Int? = nil
        for position in complete.indices where complete[position].isFeasible {
            if index == nil || targets[position] > targets[index!] { index = position }
        }
        if let index { return (targets[index], index) }
        var leastViolating = 0
        for position in complete.indices where complete[position].violation < complete[leastViolating].violation {
            leastViolating = position
        }
        return (nil, leastViolating)
    }

    /// The feasibility term of the acquisition: `model` itself, or, while no incumbent exists (no trial feasible,
    /// no running trial probably feasible) and `pending` trials run, ``PendingFeasibility`` — the probability that a
    /// point is feasible while none of them is — from a random stream of its own (seed and trial number).
    func feasibilityTerm(
        _ model: FeasibilityModel?, incumbent: Double?, pending: [FrozenTrial], parameters: [EncodedParameter],
        trial: FrozenTrial
    ) -> (any FeasibilityTerm)? {
        guard let model, incumbent == nil, !pending.isEmpty else { return model }
        let points = pending.map { running in parameters.map { $0.unit(ofInternal: running.parameters[$0.name]!) } }
        var generator = decisionGenerator(seed: seed, trialNumber: trial.number, label: "gp:pending-feasibility")
        return PendingFeasibility.make(model: model, pending: points, generator: &generator) ?? model
    }

    /// Stores the constraints' fitted hyperparameters on `trial` for the next trial's warm start.
    func storeConstraintHyperparameters(_ model: FeasibilityModel, study: Study, trial: FrozenTrial) throws {
        try study.storage.setTrialAttribute(
            trialID: trial.trialID, key: GPSampler.constraintHyperparameterKey,
            value: .array(model.logHyperparameters.map { .array($0.map { .double($0) }) }), kind: .system)
    }
}
