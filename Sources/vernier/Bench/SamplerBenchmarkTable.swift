import Foundation

/// The peer figures `vernier bench samplers` prints beside its own, and the targets of issue 6.
///
/// Peer rows are copied from `shared/reference/hpo-peers.md` section 4.2 (measured with
/// `shared/peers/hpo_peers.py`, Optuna 5.0.0, scikit-optimize 0.10.2, hyperopt 0.3.0, on the project's 2-vCPU
/// machine, two worker processes side by side): median [q25, q75] regret at 50 and 100 evaluations, median
/// ms/suggestion in the 50- and 100-evaluation columns, and the marginal ms/suggestion of evaluations 51–100.
enum SamplerBenchmarkTable {
    struct Peer {
        var sampler: String
        var function: String
        var regret50: (Double, Double, Double)
        var regret100: (Double, Double, Double)
        var milliseconds50: Double
        var milliseconds100: Double
        var marginal: Double

        var line: String {
            "| \(sampler) (peer) | \(format(regret50)) | \(format(regret100)) | \(format(milliseconds50)) | "
                + "\(format(milliseconds100)) | \(format(marginal)) |"
        }
    }

    static let header = """
        | sampler | regret@50 median [q25, q75] | regret@100 median [q25, q75] | ms/suggestion @50 | \
        ms/suggestion @100 median [q25, q75] | marginal ms 51-100 |
        |---|---|---|---|---|---|
        """

    static func row(
        label: String, regret50: (q25: Double, median: Double, q75: Double),
        regret100: (q25: Double, median: Double, q75: Double), milliseconds50: Double,
        milliseconds100: (q25: Double, median: Double, q75: Double), marginal: Double
    ) -> String {
        "| \(label) | \(format((regret50.median, regret50.q25, regret50.q75))) | "
            + "\(format((regret100.median, regret100.q25, regret100.q75))) | \(format(milliseconds50)) | "
            + "\(format((milliseconds100.median, milliseconds100.q25, milliseconds100.q75))) | \(format(marginal)) |"
    }

    /// Targets: median regret@100 and ms per suggestion at n = 100 (CMA-ES: Optuna's `CmaEsSampler` figures).
    static let targets: [String: (regret: Double, milliseconds: Double?)] = [
        "gp_branin": (1.5e-5, 10), "tpe_branin": (0.019, 0.3),
        "gp_hartmann6": (1.0e-4, 10), "tpe_hartmann6": (0.12, 0.3),
        "gp_rosenbrock5": (120, 10), "tpe_rosenbrock5": (130, 0.3),
        "cmaes_branin": (0.0133, 0.768), "cmaes_hartmann6": (0.245, 1.2), "cmaes_rosenbrock5": (120, 0.953),
    ]

    static let peers: [Peer] = [
        Peer(
            sampler: "optuna_random", function: "branin", regret50: (0.884, 0.483, 1.54),
            regret100: (0.198, 0.131, 0.724), milliseconds50: 0.168, milliseconds100: 0.172, marginal: 0.169),
        Peer(
            sampler: "optuna_qmc", function: "branin", regret50: (0.708, 0.402, 1.41),
            regret100: (0.237, 0.0682, 0.482), milliseconds50: 0.668, milliseconds100: 0.677, marginal: 0.701),
        Peer(
            sampler: "optuna_tpe", function: "branin", regret50: (0.0667, 0.02, 0.142),
            regret100: (0.0186, 0.0105, 0.0229), milliseconds50: 2.3, milliseconds100: 2.59, marginal: 3.05),
        Peer(
            sampler: "optuna_tpe_indep", function: "branin", regret50: (0.426, 0.171, 1.01),
            regret100: (0.0457, 0.0207, 0.0958), milliseconds50: 3.52, milliseconds100: 4.44, marginal: 5.34),
        Peer(
            sampler: "hyperopt_tpe", function: "branin", regret50: (0.603, 0.511, 1.43),
            regret100: (0.266, 0.218, 0.349), milliseconds50: 3.18, milliseconds100: 4.1, marginal: 4.99),
        Peer(
            sampler: "optuna_cmaes", function: "branin", regret50: (1.13, 0.186, 2.3),
            regret100: (0.0133, 0.00466, 0.146), milliseconds50: 0.754, milliseconds100: 0.768, marginal: 0.795),
        Peer(
            sampler: "optuna_gp", function: "branin", regret50: (3.6e-05, 1.53e-05, 0.00012),
            regret100: (1.54e-05, 7.48e-06, 2.64e-05), milliseconds50: 71.2, milliseconds100: 98.9, marginal: 127),
        Peer(
            sampler: "skopt_gp", function: "branin", regret50: (0.00024, 8.96e-05, 0.00079),
            regret100: (3.71e-05, 7.24e-06, 6.4e-05), milliseconds50: 481, milliseconds100: 792, marginal: 1040),
        Peer(
            sampler: "optuna_random", function: "hartmann6", regret50: (1.74, 1.53, 2.05),
            regret100: (1.29, 1.19, 1.35), milliseconds50: 0.458, milliseconds100: 0.428, marginal: 0.395),
        Peer(
            sampler: "optuna_qmc", function: "hartmann6", regret50: (1.56, 1.34, 1.74),
            regret100: (1.39, 1.23, 1.54), milliseconds50: 1, milliseconds100: 1.03, marginal: 1.06),
        Peer(
            sampler: "optuna_tpe", function: "hartmann6", regret50: (0.245, 0.204, 0.431),
            regret100: (0.116, 0.0754, 0.189), milliseconds50: 3.12, milliseconds100: 3.84, marginal: 4.49),
        Peer(
            sampler: "optuna_tpe_indep", function: "hartmann6", regret50: (0.771, 0.501, 1.01),
            regret100: (0.307, 0.145, 0.492), milliseconds50: 9.79, milliseconds100: 11.4, marginal: 12.9),
        Peer(
            sampler: "hyperopt_tpe", function: "hartmann6", regret50: (1.32, 0.898, 1.4),
            regret100: (0.537, 0.443, 0.679), milliseconds50: 8.66, milliseconds100: 11.2, marginal: 13.5),
        Peer(
            sampler: "optuna_cmaes", function: "hartmann6", regret50: (0.922, 0.646, 1.06),
            regret100: (0.245, 0.152, 0.337), milliseconds50: 1.13, milliseconds100: 1.2, marginal: 1.27),
        Peer(
            sampler: "optuna_gp", function: "hartmann6", regret50: (0.0034, 0.0015, 0.107),
            regret100: (0.000102, 4.76e-05, 0.000255), milliseconds50: 72.3, milliseconds100: 94.1, marginal: 122),
        Peer(
            sampler: "skopt_gp", function: "hartmann6", regret50: (0.126, 0.0353, 0.177),
            regret100: (0.06, 0.000461, 0.122), milliseconds50: 508, milliseconds100: 743, marginal: 976),
        Peer(
            sampler: "optuna_random", function: "rosenbrock5", regret50: (9390, 3850, 13200),
            regret100: (3110, 1900, 3770), milliseconds50: 0.336, milliseconds100: 0.358, marginal: 0.369),
        Peer(
            sampler: "optuna_qmc", function: "rosenbrock5", regret50: (5610, 4630, 7020),
            regret100: (3180, 2160, 4550), milliseconds50: 0.964, milliseconds100: 0.901, marginal: 0.871),
        Peer(
            sampler: "optuna_tpe", function: "rosenbrock5", regret50: (506, 185, 1080),
            regret100: (130, 56.8, 285), milliseconds50: 3.33, milliseconds100: 4.36, marginal: 5.01),
        Peer(
            sampler: "optuna_tpe_indep", function: "rosenbrock5", regret50: (1040, 833, 1180),
            regret100: (352, 295, 535), milliseconds50: 6.65, milliseconds100: 8.79, marginal: 9.91),
        Peer(
            sampler: "hyperopt_tpe", function: "rosenbrock5", regret50: (3190, 1970, 6130),
            regret100: (1450, 868, 1890), milliseconds50: 7.34, milliseconds100: 8.7, marginal: 9.96),
        Peer(
            sampler: "optuna_cmaes", function: "rosenbrock5", regret50: (634, 169, 1550),
            regret100: (120, 55.7, 215), milliseconds50: 0.98, milliseconds100: 0.953, marginal: 0.961),
        Peer(
            sampler: "optuna_gp", function: "rosenbrock5", regret50: (628, 413, 1060),
            regret100: (190, 85.8, 251), milliseconds50: 81.2, milliseconds100: 109, marginal: 137),
        Peer(
            sampler: "skopt_gp", function: "rosenbrock5", regret50: (970, 452, 2780),
            regret100: (180, 124, 454), milliseconds50: 484, milliseconds100: 823, marginal: 1180),
    ]
}

/// Three significant digits, as the peer tables print.
private func format(_ value: Double) -> String {
    String(format: "%.3g", value)
}

/// `median [q25, q75]`.
private func format(_ triple: (Double, Double, Double)) -> String {
    "\(format(triple.0)) [\(format(triple.1)), \(format(triple.2))]"
}
