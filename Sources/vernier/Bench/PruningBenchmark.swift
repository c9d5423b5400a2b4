import Foundation
import VernierData
import VernierExperiments
import VernierNumerics
import VernierTune

/// `vernier bench pruning`: what pruning saves on real training. Studies of 30 random configurations (random
/// sampler; the same configurations for every pruner), the epoch budget being the resource:
/// - spirals: `vernier tune spirals`' search space without its `epochs` parameter (epochs are the resource), 30
///   epochs (the tuning default), for sampler seeds 0…24 (`--seeds N`: 0…N−1): one 30-configuration draw is a lottery
///   (whether its one or two ≈ 0.99 configurations survive an early rung decides the figure), so the spirals figures
///   are medians over the draws, each draw also reported on its own (`<pruner>_spirals_seed<k>_…`);
/// - Fashion-MNIST: `vernier tune fashion-mnist`'s space, 3,000 training images, 27 epochs (ASHA's rungs at 3 and 9,
///   Hyperband's three brackets at η = 4 with rungs from 1, 4 and 16; with 9 epochs Hyperband spends ≥ 55 % by
///   design); sampler seed 0 only (a study of 30 configurations takes a few minutes).
///
/// Each pruner is built exactly as `vernier tune --pruner NAME --max-epochs E` builds it (``PrunerSettings``
/// defaults): no pruning, the median rule (5 start-up trials, 1 warm-up epoch), ASHA and Hyperband. Reported per
/// study: the best validation accuracy of a complete trial and the epochs trained in total (medians over the seeds),
/// and, against no pruning on the same draw, the gap in percentage points and the share of its epochs (medians over
/// the seeds). Target (issue 7): ASHA / Hyperband within 0.5 percentage points of no pruning with ≤ 35 % of its
/// epochs.
enum PruningBenchmark: BenchmarkSuite {
    static let name = "pruning"
    static let summary = "none / median / ASHA / Hyperband on spirals and Fashion-MNIST: best val accuracy, epochs"

    /// One study of the benchmark.
    struct StudySetup {
        var name: String
        var experiment: any Experiment
        var tuning: ExperimentTuning
        var epochs: Int
        /// Sampler seeds: one study per seed and pruner.
        var seeds: [UInt64]
    }

    static let trials = 30

    /// The pruners as `vernier tune --pruner NAME --max-epochs maxEpochs` makes them.
    static func pruners(maxEpochs: Int) throws -> [(name: String, pruner: any Pruner)] {
        try [("none", "none"), ("median", "median"), ("asha", "sha"), ("hyperband", "hyperband")].map { name, kind in
            var settings = try PrunerSettings(name: kind)
            settings.maxEpochs = maxEpochs
            return (name, try settings.makePruner())
        }
    }

    /// Spirals draws (sampler seeds 0…n−1) when `--seeds` is not given.
    static let defaultSpiralsDraws = 25

    static func setups(spiralsDraws: Int = defaultSpiralsDraws) -> [StudySetup] {
        var spirals = ExperimentTuning.spirals
        spirals.settings["epochs"] = .integer(30)
        spirals.space = try! SearchSpace(spirals.space.parameters.filter { $0.name != "epochs" })
        var result = [
            StudySetup(
                name: "spirals", experiment: SupervisedExperiment.spirals, tuning: spirals, epochs: 30,
                seeds: (0..<spiralsDraws).map { UInt64($0) })
        ]
        if FileManager.default.fileExists(
            atPath: MNIST.fashionDirectory + "/train-images-idx3-ubyte.gz")
            || FileManager.default.fileExists(atPath: MNIST.fashionDirectory + "/train-images-idx3-ubyte")
        {
            var fashion = ExperimentTuning.images
            fashion.settings["epochs"] = .integer(27)
            fashion.settings["train-limit"] = .integer(3000)
            result.append(
                StudySetup(
                    name: "fashion", experiment: SupervisedExperiment.fashionMNIST, tuning: fashion, epochs: 27,
                    seeds: [0]))
        } else {
            print(
                "  skipping fashion: Fashion-MNIST not found in \(MNIST.fashionDirectory) (apt install dataset-fashion-mnist)"
            )
        }
        return result
    }

    /// Runs one study with one pruner and sampler seed; returns the best complete validation accuracy and the epochs
    /// trained.
    static func runStudy(_ setup: StudySetup, pruner: any Pruner, seed: UInt64) throws -> (best: Double, epochs: Int) {
        let objective = TunableObjective.experiment(setup.experiment, tuning: setup.tuning)
        // One study name per draw: Hyperband assigns trials to brackets by a hash of the study name and trial
        // number, so one name for every draw would give every draw the same assignment (a bias, not a draw). The
        // random configurations depend on the seed, the trial number and the parameter name only.
        let study = try Study(
            name: "bench-\(setup.name)-\(seed)", direction: objective.direction, storage: InMemoryStorage(),
            sampler: RandomSampler(seed: seed), pruner: pruner)
        let space = objective.searchSpace
        try study.optimizeObjectives(trials: trials) { trial in
            try objective.evaluate(trial, try space.suggest(in: trial), 0)
        }
        let all = try study.trials()
        guard let best = study.direction.best(of: all.filter { $0.state == .complete }.compactMap(\.value)) else {
            throw PruningBenchmarkError("bench pruning: no complete trial in \(setup.name)")
        }
        let failed = all.filter { $0.state == .failed }
        if !failed.isEmpty { print("  note: \(failed.count) failed trials in \(setup.name) (seed \(seed))") }
        let epochs = all.compactMap { $0.userAttributes[.epochs]?.intValue }.reduce(0, +)
        return (best, epochs)
    }

    static func run(options: BenchmarkOptions) throws -> [BenchmarkRecord] {
        var records: [BenchmarkRecord] = []
        for setup in setups(spiralsDraws: options.seeds ?? defaultSpiralsDraws) {
            // Pruners are values: the same ones serve every draw (their state lives in each study's storage).
            let studyPruners = try pruners(maxEpochs: setup.epochs)
            let names = studyPruners.map(\.name)
            // results[pruner][seed index]
            var results: [String: [(best: Double, epochs: Int)]] = [:]
            for seed in setup.seeds {
                for (prunerName, pruner) in studyPruners {
                    let start = Date()
                    let result = try runStudy(setup, pruner: pruner, seed: seed)
                    results[prunerName, default: []].append(result)
                    let baseline = results["none"]!.last!
                    let share = 100 * Double(result.epochs) / Double(baseline.epochs)
                    print(
                        "  \(setup.name) seed \(seed) \(prunerName): best val accuracy \(String(format: "%.4f", result.best)), "
                            + "\(result.epochs) epochs (\(String(format: "%.1f", share))% of none) in "
                            + "\(String(format: "%.1f", Date().timeIntervalSince(start))) s")
                }
            }
            let none = results["none"]!
            for prunerName in names {
                let runs = results[prunerName]!
                let gaps = zip(runs, none).map { 100 * ($0.best - $1.best) }
                let shares = zip(runs, none).map { 100 * Double($0.epochs) / Double($1.epochs) }
                if setup.seeds.count > 1 {
                    for (index, seed) in setup.seeds.enumerated() {
                        records += [
                            BenchmarkRecord(
                                name: "\(prunerName)_\(setup.name)_seed\(seed)_best_val_accuracy",
                                value: runs[index].best,
                                unit: "fraction"),
                            BenchmarkRecord(
                                name: "\(prunerName)_\(setup.name)_seed\(seed)_epochs",
                                value: Double(runs[index].epochs),
                                unit: "epochs"),
                        ]
                    }
                }
                let accuracy = BenchmarkRecord(
                    name: "\(prunerName)_\(setup.name)_best_val_accuracy", value: Quantiles.median(runs.map(\.best)),
                    unit: "fraction")
                let spent = BenchmarkRecord(
                    name: "\(prunerName)_\(setup.name)_epochs", value: Quantiles.median(runs.map { Double($0.epochs) }),
                    unit: "epochs")
                records += [accuracy, spent]
                guard prunerName != "none" else { continue }
                var gap = BenchmarkRecord(
                    name: "\(prunerName)_\(setup.name)_gap_pp", value: Quantiles.median(gaps), unit: "pp")
                gap.reference = -0.5
                gap.referenceLabel =
                    "target ≥ −0.5 pp" + (setup.seeds.count > 1 ? ", median of \(setup.seeds.count) seeds" : "")
                var share = BenchmarkRecord(
                    name: "\(prunerName)_\(setup.name)_epoch_share_percent", value: Quantiles.median(shares), unit: "%")
                share.reference = 35
                share.referenceLabel =
                    "target ≤ 35 %" + (setup.seeds.count > 1 ? ", median of \(setup.seeds.count) seeds" : "")
                records += [gap, share]
                if setup.seeds.count > 1 {
                    let met = zip(gaps, shares).filter { $0 >= -0.5 && $1 <= 35 }.count
                    records.append(
                        BenchmarkRecord(
                            name: "\(prunerName)_\(setup.name)_seeds_on_target", value: Double(met),
                            unit: "of \(setup.seeds.count)"))
                }
            }
        }
        return records
    }
}

/// A benchmark that could not produce its figures.
struct PruningBenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
