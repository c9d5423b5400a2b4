import Foundation
import VernierData
import VernierExperiments
import VernierTune

/// `vernier bench pruning`: what pruning saves on real training. Two studies of 30 random configurations (random
/// sampler, seed 0, the same configurations for every pruner), the epoch budget being the resource:
/// - spirals: `vernier tune spirals`' search space without its `epochs` parameter (epochs are the resource), 30
///   epochs (the tuning default);
/// - Fashion-MNIST: `vernier tune fashion-mnist`'s space, 3,000 training images, 27 epochs (= η³ with η = 3, so that
///   Hyperband from 1 epoch has its four brackets; with 9 epochs it has three and by design spends ≥ 55 %).
///
/// Each pruner is built exactly as `vernier tune --pruner NAME --max-epochs E` builds it (``PrunerSettings``
/// defaults): no pruning, the median rule (5 start-up trials, 1 warm-up epoch), ASHA and Hyperband. Reported: the best
/// validation accuracy of a complete trial and the epochs trained in total. Target (issue 7): ASHA / Hyperband within
/// 0.5 percentage points of no pruning with ≤ 35 % of its epochs.
enum PruningBenchmark: BenchmarkSuite {
    static let name = "pruning"
    static let summary = "none / median / ASHA / Hyperband on spirals and Fashion-MNIST: best val accuracy, epochs"

    /// One study of the benchmark.
    struct StudySetup {
        var name: String
        var experiment: any Experiment
        var tuning: ExperimentTuning
        var epochs: Int
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

    static func setups() -> [StudySetup] {
        var spirals = ExperimentTuning.spirals
        spirals.settings["epochs"] = "30"
        spirals.space = try! SearchSpace(spirals.space.parameters.filter { $0.name != "epochs" })
        var result = [
            StudySetup(name: "spirals", experiment: SupervisedExperiment.spirals, tuning: spirals, epochs: 30)
        ]
        if FileManager.default.fileExists(
            atPath: MNIST.fashionDirectory + "/train-images-idx3-ubyte.gz")
            || FileManager.default.fileExists(atPath: MNIST.fashionDirectory + "/train-images-idx3-ubyte")
        {
            var fashion = ExperimentTuning.images
            fashion.settings["epochs"] = "27"
            fashion.settings["train-limit"] = "3000"
            result.append(
                StudySetup(name: "fashion", experiment: SupervisedExperiment.fashionMNIST, tuning: fashion, epochs: 27))
        } else {
            print(
                "  skipping fashion: Fashion-MNIST not found in \(MNIST.fashionDirectory) (apt install dataset-fashion-mnist)"
            )
        }
        return result
    }

    /// Runs one study with one pruner; returns the best complete validation accuracy and the epochs trained.
    static func runStudy(_ setup: StudySetup, pruner: any Pruner) throws -> (best: Double, epochs: Int) {
        let objective = TunableObjective.experiment(setup.experiment, tuning: setup.tuning)
        let study = try Study(
            name: "bench-\(setup.name)", direction: objective.direction, storage: InMemoryStorage(),
            sampler: RandomSampler(seed: 0), pruner: pruner)
        let space = objective.searchSpace
        try study.optimize(trials: trials) { trial in
            try objective.evaluate(trial, try space.suggest(in: trial), 0)
        }
        let all = try study.trials()
        guard let best = study.direction.best(of: all.filter { $0.state == .complete }.compactMap(\.value)) else {
            throw PruningBenchmarkError("bench pruning: no complete trial in \(setup.name)")
        }
        let failed = all.filter { $0.state == .failed }
        if !failed.isEmpty { print("  note: \(failed.count) failed trials in \(setup.name)") }
        let epochs = all.compactMap { $0.userAttributes["epochs"]?.intValue }.reduce(0, +)
        return (best, epochs)
    }

    static func run(options: BenchmarkOptions) throws -> [BenchmarkRecord] {
        var records: [BenchmarkRecord] = []
        for setup in setups() {
            var baseline: (best: Double, epochs: Int)?
            for (prunerName, pruner) in try pruners(maxEpochs: setup.epochs) {
                let start = Date()
                let (best, epochs) = try runStudy(setup, pruner: pruner)
                if prunerName == "none" { baseline = (best, epochs) }
                let share = baseline.map { 100 * Double(epochs) / Double($0.epochs) } ?? 100
                print(
                    "  \(setup.name) \(prunerName): best val accuracy \(String(format: "%.4f", best)), \(epochs) epochs "
                        + "(\(String(format: "%.1f", share))% of none) in \(String(format: "%.1f", Date().timeIntervalSince(start))) s"
                )
                var accuracy = BenchmarkRecord(
                    name: "\(prunerName)_\(setup.name)_best_val_accuracy", value: best, unit: "fraction")
                var spent = BenchmarkRecord(
                    name: "\(prunerName)_\(setup.name)_epochs", value: Double(epochs), unit: "epochs")
                if let baseline, prunerName != "none" {
                    accuracy.reference = baseline.best - 0.005
                    accuracy.referenceLabel = "target ≥ none − 0.5 pp"
                    spent.reference = 0.35 * Double(baseline.epochs)
                    spent.referenceLabel = "target ≤ 35% of none"
                }
                records += [accuracy, spent]
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
