import Foundation
import VernierData
import VernierExperiments
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierReports
import VernierTensor

/// `vernier lab minibatch`: trains the same spirals MLP (2-32-32-1, tanh, SGD) with batch sizes from 1 to the full
/// set, each for the same wall-clock budget, and reports the training loss reached; then measures the time of
/// one forward+backward pass as a function of the number of samples N (median of repeats).
///
/// ```swift
/// let lab = MinibatchLab()
/// let result = try lab.run(try lab.configuration(["budget": "0.2"]))
/// result.batches.map(\.loss)   // loss reached per batch size
/// ```
public struct MinibatchLab: LabExperiment {
    /// One batch size under the budget.
    public struct Batch: Codable, Sendable {
        /// Samples per step.
        public var batchSize: Int
        /// Steps completed within the budget.
        public var steps: Int
        /// Samples processed.
        public var samples: Int
        /// Full training-set loss at the end.
        public var loss: Double
    }

    /// One cost measurement.
    public struct Cost: Codable, Sendable {
        /// Samples in the pass.
        public var samples: Int
        /// Median seconds of one forward+backward pass.
        public var seconds: Double
    }

    /// Both studies.
    public struct Result: Codable, Sendable {
        /// The budget per batch size, in seconds.
        public var budget: Double
        /// The loss before training.
        public var initialLoss: Double
        /// One entry per batch size.
        public var batches: [Batch]
        /// Forward+backward time per N.
        public var costs: [Cost]
    }

    /// Creates the experiment.
    public init() {}

    /// The name on the command line.
    public let name = "minibatch"
    /// One line for `vernier lab list`.
    public let summary = "fixed wall-clock budget, batch sizes 1…full: loss reached; forward/backward cost vs N"
    /// Every key with its default and meaning.
    public let keys = [
        ExperimentKey(
            "budget", default: "1", kind: .number(minimum: 0.001), help: "seconds of training per batch size"),
        ExperimentKey(
            "batch-sizes", default: "1,8,32,128,0", kind: .text, help: "batch sizes (0: the full training set)"),
        ExperimentKey("lr", default: "0.05", kind: .number(minimum: 0), help: "SGD learning rate"),
        ExperimentKey("train-size", default: "2000", kind: .integer(minimum: 1), help: "spirals training points"),
        ExperimentKey("sizes", default: "1,10,100,1000,2000", kind: .text, help: "N for the cost measurement"),
        ExperimentKey("repeats", default: "5", kind: .integer(minimum: 1), help: "repeats per N (median)"),
        ExperimentKey("seed", default: "0", kind: .integer(minimum: 0), help: "seed of initialization and shuffling"),
    ]

    /// The typed settings.
    public struct Settings: Sendable {
        /// Seconds of training per batch size.
        public var budget: Double
        /// The batch sizes, each in 1…``trainSize`` (0 in the key: the full training set).
        public var batchSizes: [Int]
        /// SGD's learning rate.
        public var rate: Float
        /// Spirals training points.
        public var trainSize: Int
        /// The N of the cost measurement.
        public var costSizes: [Int]
        /// Repeats per N (the median is kept).
        public var repeats: Int
        /// The seed of initialization and shuffling.
        public var seed: UInt64
    }

    /// Reads the keys once (`batch-sizes` and `sizes` as lists).
    public func settings(_ configuration: ExperimentConfiguration) throws(ConfigError) -> Settings {
        let trainSize = configuration.integer("train-size")
        let batchSizes = try LabSupport.numbers(configuration, "batch-sizes").map { value -> Int in
            value == 0 ? trainSize : min(max(Int(value), 1), trainSize)
        }
        return Settings(
            budget: configuration.double("budget"), batchSizes: batchSizes, rate: Float(configuration.double("lr")),
            trainSize: trainSize, costSizes: try LabSupport.integers(configuration, "sizes"),
            repeats: configuration.integer("repeats"), seed: UInt64(configuration.integer("seed")))
    }

    /// Runs the experiment.
    public func run(_ settings: Settings, progress: LabProgress) throws -> Result {
        let trainSize = settings.trainSize
        let train = Spirals(train: trainSize, validation: 0, test: 0, seed: 1234).train
        let features = train.features
        let targets = train.targets.reshaped(to: [trainSize, 1])
        let sizes = settings.batchSizes
        let seed = settings.seed
        var initialization = Xoshiro256(seed: seed)
        let initial = MLP(sizes: [2, 32, 32, 1], activation: .tanh, using: &initialization)
        func fullLoss(_ model: MLP) -> Double {
            withoutGradient { Double(binaryCrossEntropy(logits: model(features), labels: targets).item) }
        }
        let budget = Duration.milliseconds(Int64(settings.budget * 1000))
        let clock = ContinuousClock()
        var batches: [Batch] = []
        for size in sizes {
            var model = initial
            var optimizer = SGD(learningRate: settings.rate)
            var generator = Xoshiro256(seed: seed &+ 1)
            var order = Array(0..<trainSize)
            var position = trainSize
            var steps = 0
            let start = clock.now
            repeat {
                if position + size > trainSize {
                    order.shuffle(using: &generator)
                    position = 0
                }
                let indices = Array(order[position..<(position + size)])
                position += size
                let x = features.gathering(atIndices: indices)
                let y = targets.gathering(atIndices: indices)
                let (_, gradient) = valueAndGradient(at: model) { model in
                    binaryCrossEntropy(logits: model(x), labels: y)
                }
                optimizer.update(&model, along: gradient)
                steps += 1
            } while clock.now - start < budget
            batches.append(Batch(batchSize: size, steps: steps, samples: steps * size, loss: fullLoss(model)))
        }
        var costs: [Cost] = []
        for n in settings.costSizes where n <= trainSize {
            let x = features.slice(0..<n)
            let y = targets.slice(0..<n)
            var times: [Double] = []
            for _ in 0..<settings.repeats {
                let elapsed = clock.measure {
                    _ = valueAndGradient(at: initial) { model in binaryCrossEntropy(logits: model(x), labels: y) }
                }
                times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
            }
            costs.append(Cost(samples: n, seconds: times.sorted()[times.count / 2]))
        }
        return Result(
            budget: settings.budget, initialLoss: fullLoss(initial), batches: batches, costs: costs)
    }

    /// The text summary, CSV tables and report of a result.
    public func artifacts(of result: Result) -> LabArtifacts {
        let batches = LabSupport.table(
            ["batch_size", "steps", "samples", "loss"],
            result.batches.map {
                [String($0.batchSize), String($0.steps), String($0.samples), LabSupport.format($0.loss)]
            })
        let costs = LabSupport.table(
            ["samples", "seconds", "microseconds_per_sample"],
            result.costs.map {
                [
                    String($0.samples), LabSupport.format($0.seconds),
                    LabSupport.format($0.seconds * 1e6 / Double($0.samples), digits: 4),
                ]
            })
        var report = Report(
            title: "Mini-batch size under a fixed time budget",
            summary: [
                "budget \(LabSupport.format(result.budget)) s per batch size",
                "initial loss \(LabSupport.format(result.initialLoss))",
            ])
        var lossChart = LabSupport.lineChart(
            title: "training loss reached", x: "batch size", y: "loss",
            lines: [("loss", result.batches.map { (Double($0.batchSize), $0.loss) })])
        lossChart.xAxis.scale = .log
        report.sections.append(ReportSection(title: "Loss per budget", chart: lossChart, table: batches))
        var costChart = LabSupport.lineChart(
            title: "forward+backward time", x: "samples N", y: "seconds", logY: true,
            lines: [("measured", result.costs.map { (Double($0.samples), $0.seconds) })])
        costChart.xAxis.scale = .log
        report.sections.append(ReportSection(title: "Cost vs N", chart: costChart, table: costs))
        let text =
            "minibatch: loss after \(LabSupport.format(result.budget)) s per batch size (initial "
            + LabSupport.format(result.initialLoss) + ")\n" + batches.markdown() + "\nforward+backward cost\n"
            + costs.markdown()
        return LabArtifacts(text: text, tables: ["batches": batches, "costs": costs], report: report)
    }
}
