/// The samplers a study file or `vernier tune --sampler` can name.
///
/// ```swift
/// SamplerKind(rawValue: "sensitivity")   // .sensitivity
/// SamplerKind(rawValue: "tpe")           // .tpe
/// ```
public enum SamplerKind: String, Sendable, CaseIterable, Codable {
    /// Every point of the grid once (``GridSampler``).
    case grid
    /// Independent uniform draws (``RandomSampler``).
    case random
    /// Scrambled Sobol points (``SobolSampler``).
    case sobol
    /// One-at-a-time around a baseline (``OneAtATimeSampler``).
    case sensitivity
    /// Gaussian-process Bayesian optimization with log expected improvement (``GPSampler``).
    case gp
    /// Tree-structured Parzen estimator (``TPESampler``; multi-objective TPE with several metrics).
    case tpe
    /// The elitist non-dominated sorting genetic algorithm (``NSGAIISampler``), for one metric or several.
    case nsga2
    /// Covariance matrix adaptation evolution strategy with IPOP restarts (``CMAESSampler``).
    case cmaes

    /// Whether this sampler serves a study of several metrics (the one rule the spec validation asks; the
    /// sampler ``StudyPlan/makeSampler()`` builds for each kind says the same through
    /// ``Sampler/supportsSeveralObjectives``, and a test holds them together). GP and CMA-ES model one objective.
    public var supportsSeveralObjectives: Bool {
        switch self {
        case .gp, .cmaes: false
        case .grid, .random, .sobol, .sensitivity, .tpe, .nsga2: true
        }
    }
}
