import Foundation

/// The Optuna figures `vernier bench samplers` prints beside its multi-objective rows: Optuna 5.1.0's
/// `RandomSampler`, `TPESampler` and `NSGAIISampler` with their defaults, from
/// `benchmarks/peers/optuna_multiobjective.py` (same functions, reference points, 200 evaluations, seeds 0…9) on
/// the project's shared 2-vCPU machine with other builds running, 2026-12-06: random and NSGA-II at 11:33–11:40
/// UTC (load ≈ 15, alternating with Vernier's runs), TPE at 09:18–09:36 UTC. Hypervolumes are deterministic given
/// the seeds (every run agreed); the milliseconds per suggestion depend on the machine's load.
enum SamplerBenchmarkMultiObjectivePeers {
    struct Peer {
        var sampler: String
        var function: String
        /// Median, q25, q75 of the hypervolume at the function's reference point.
        var hypervolume: (Double, Double, Double)
        /// Median, q25, q75 of the hypervolume at the wide reference point.
        var wideHypervolume: (Double, Double, Double)
        /// Median milliseconds per suggestion.
        var milliseconds: Double
    }

    static let peers: [Peer] = [
        Peer(
            sampler: "random", function: "zdt1", hypervolume: (0, 0, 0), wideHypervolume: (9.3670, 9.3051, 9.5357),
            milliseconds: 4.19),
        Peer(
            sampler: "tpe", function: "zdt1", hypervolume: (0.0163, 0, 0.0753),
            wideHypervolume: (10.5529, 10.3564, 10.6067), milliseconds: 141),
        Peer(
            sampler: "nsgaii", function: "zdt1", hypervolume: (0, 0, 0), wideHypervolume: (9.6842, 9.5573, 9.8901),
            milliseconds: 7.11),
        Peer(
            sampler: "random", function: "zdt2", hypervolume: (0, 0, 0), wideHypervolume: (8.3083, 8.1688, 8.4386),
            milliseconds: 6.82),
        Peer(
            sampler: "tpe", function: "zdt2", hypervolume: (0, 0, 0), wideHypervolume: (9.5793, 9.3347, 9.7035),
            milliseconds: 143),
        Peer(
            sampler: "nsgaii", function: "zdt2", hypervolume: (0, 0, 0), wideHypervolume: (8.8234, 8.6908, 8.9730),
            milliseconds: 11.6),
        Peer(
            sampler: "random", function: "dtlz2", hypervolume: (0.0426, 0.0347, 0.0529),
            wideHypervolume: (53.8021, 53.4772, 53.9956), milliseconds: 8.37),
        Peer(
            sampler: "tpe", function: "dtlz2", hypervolume: (0.3697, 0.3292, 0.3962),
            wideHypervolume: (56.0150, 55.9215, 56.0446), milliseconds: 203),
        Peer(
            sampler: "nsgaii", function: "dtlz2", hypervolume: (0.0639, 0.0477, 0.0949),
            wideHypervolume: (53.7514, 53.6018, 54.2515), milliseconds: 13.9),
    ]

    /// The best Optuna median hypervolume (issue's reference point) per function: the target.
    static var bestHypervolume: [String: Double] {
        Dictionary(peers.map { ($0.function, $0.hypervolume.0) }, uniquingKeysWith: max)
    }

    /// The table rows of `function`'s peers.
    static func lines(function: String) -> [String] {
        peers.filter { $0.function == function }.map { peer in
            "| optuna_\(peer.sampler) (peer) | \(cell(peer.hypervolume)) | \(cell(peer.wideHypervolume)) | "
                + String(format: "%.3g", peer.milliseconds) + " |"
        }
    }

    private static func cell(_ triple: (Double, Double, Double)) -> String {
        String(format: "%.4f [%.4f, %.4f]", triple.0, triple.1, triple.2)
    }
}
