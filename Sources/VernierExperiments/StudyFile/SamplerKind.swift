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
}
