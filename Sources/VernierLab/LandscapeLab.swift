import Foundation
import VernierData
import VernierExperiments
import VernierNN
import VernierRandom
import VernierReports
import VernierTensor
import VernierTraining

/// `vernier lab landscape`: trains an MLP (spirals, or a Fashion-MNIST subset with `data=fashion-mnist`), then
/// evaluates the training loss around the trained weights θ: 1-D slices L(θ + αd) and a 2-D surface
/// L(θ + αd₁ + βd₂) along a random direction d₁ and a random or gradient direction d₂, both filter-normalized
/// (each unit's incoming weights of d scaled to the norm of that unit's weights in θ; biases not moved; Li et al.,
/// "Visualizing the loss landscape of neural nets", 2018).
///
/// ```swift
/// let lab = LandscapeLab()
/// let result = try lab.run(try lab.configuration(["resolution": "11"]))
/// result.slice1[result.alphas.count / 2]   // the trained loss, lowest along the slice
/// ```
public struct LandscapeLab: LabExperiment {
    /// The slices and the surface.
    public struct Result: Codable, Sendable {
        /// The data set used.
        public var data: String
        /// The step multipliers α (and β), from −span to span.
        public var alphas: [Double]
        /// L(θ + α d₁).
        public var slice1: [Double]
        /// L(θ + α d₂).
        public var slice2: [Double]
        /// L(θ + α d₁ + β d₂), row-major with β along rows.
        public var surface: [Double]
        /// The loss at the trained weights.
        public var trainedLoss: Double
        /// The kind of d₂ (`random` or `gradient`).
        public var secondDirection: String
    }

    /// Creates the experiment.
    public init() {}

    /// The name on the command line.
    public let name = "landscape"
    /// One line for `vernier lab list`.
    public let summary = "1-D slices and a 2-D surface of an MLP's loss around trained weights (filter-normalized)"
    /// Every key with its default and meaning.
    public let keys = [
        ExperimentKey("data", default: "spirals", kind: .choice(["spirals", "fashion-mnist"]), help: "data set"),
        ExperimentKey(
            "direction2", default: "random", kind: .choice(["random", "gradient"]), help: "second direction"),
        ExperimentKey("span", default: "1", kind: .number(minimum: 1e-6), help: "α and β range over ±span"),
        ExperimentKey("resolution", default: "15", kind: .integer(minimum: 3), help: "points per axis"),
        ExperimentKey("epochs", default: "30", kind: .integer(minimum: 1), help: "training epochs"),
        ExperimentKey("train-size", default: "500", kind: .integer(minimum: 10), help: "training samples"),
        ExperimentKey("seed", default: "0", kind: .integer(minimum: 0), help: "seed of training and directions"),
    ]

    /// The typed settings.
    public struct Settings: Sendable {
        /// The data set's name (`spirals` or `fashion-mnist`).
        public var data: String
        /// The experiment trained on it and its configuration (the MLP, epochs and training samples).
        public var experiment: SupervisedExperiment
        /// The configuration of ``experiment``.
        public var training: ExperimentConfiguration
        /// The second direction: the loss's gradient (`true`) or a random one.
        public var gradientDirection: Bool
        /// α and β range over ±span.
        public var span: Double
        /// Points per axis.
        public var resolution: Int
        /// The seed of training and directions.
        public var seed: UInt64
    }

    /// Reads the keys once; the training run becomes a configuration of the `spirals` or `fashion-mnist`
    /// experiment.
    public func settings(_ configuration: ExperimentConfiguration) throws(ConfigError) -> Settings {
        let data = configuration.string("data")
        let epochs = SettingValue.integer(configuration.integer("epochs"))
        let samples = SettingValue.integer(configuration.integer("train-size"))
        let experiment: SupervisedExperiment = data == "spirals" ? .spirals : .fashionMNIST
        let training =
            data == "spirals"
            ? try experiment.configuration(settings: [
                "layers": .layerSizes([.size(2), .size(32), .size(32), .size(1)]), "activation": .activation(.tanh),
                "output": .none, "loss": .loss(.binaryCrossEntropyWithLogits), "optimizer": .optimizer(.adam),
                "lr": .number(0.01), "batch-size": .integer(32), "epochs": epochs, "train-size": samples,
                "validation-size": .integer(200),
            ])
            : try experiment.configuration(settings: [
                "layers": .layerSizes([.size(784), .size(64), .size(10)]), "epochs": epochs, "train-limit": samples,
            ])
        return Settings(
            data: data, experiment: experiment, training: training,
            gradientDirection: configuration.string("direction2") == "gradient", span: configuration.double("span"),
            resolution: configuration.integer("resolution"), seed: UInt64(configuration.integer("seed")))
    }

    /// Runs the experiment.
    public func run(_ settings: Settings, progress: LabProgress) throws -> Result {
        let experiment = settings.experiment
        let run = try experiment.train(settings.training, seed: settings.seed, callbacks: [])
        let train = try experiment.prepare(settings.training).splits.train
        return try Self.landscape(
            model: run.model, train: train, loss: settings.training.loss("loss"), settings: settings)
    }

    /// Evaluates the slices and the surface around `model`'s weights.
    static func landscape(model: some Layer, train: TensorDataset, loss: Loss, settings: Settings) throws -> Result {
        var generator = Xoshiro256(seed: settings.seed &+ 99)
        let theta = model.parameters
        let first = normalized(theta.map { randomLike($0, using: &generator) }, like: theta)
        let secondKind = settings.gradientDirection ? "gradient" : "random"
        let second: [Tensor]
        if settings.gradientDirection {
            let (_, gradient) = valueAndGradient(at: model) { model in
                loss(model(train.features), train.targets)
            }
            second = normalized(gradient.parameters, like: theta)
        } else {
            second = normalized(theta.map { randomLike($0, using: &generator) }, like: theta)
        }
        let span = settings.span
        let resolution = settings.resolution
        let alphas = (0..<resolution).map { -span + 2 * span * Double($0) / Double(resolution - 1) }
        func lossAt(_ a: Double, _ b: Double) -> Double {
            var moved = model
            var index = 0
            moved.updateParameters { parameter in
                parameter = theta[index] + Float(a) * first[index] + Float(b) * second[index]
                index += 1
            }
            return evaluate(moved, on: train, loss: loss).loss
        }
        let slice1 = alphas.map { lossAt($0, 0) }
        let slice2 = alphas.map { lossAt(0, $0) }
        var surface: [Double] = []
        for b in alphas { for a in alphas { surface.append(lossAt(a, b)) } }
        return Result(
            data: settings.data, alphas: alphas, slice1: slice1, slice2: slice2, surface: surface,
            trainedLoss: lossAt(0, 0),
            secondDirection: secondKind)
    }

    /// A tensor of standard normal values shaped like `tensor`.
    static func randomLike(_ tensor: Tensor, using generator: inout Xoshiro256) -> Tensor {
        Tensor(shape: tensor.shape, scalars: (0..<tensor.count).map { _ in Float(generator.nextNormal()) })
    }

    /// Filter normalization: for a weight matrix `[in, out]` each column (one unit's incoming weights) of the
    /// direction is scaled to the norm of the same column of θ; biases (rank 1) get a zero direction.
    static func normalized(_ direction: [Tensor], like theta: [Tensor]) -> [Tensor] {
        zip(direction, theta).map { d, t in
            guard t.rank == 2 else { return Tensor.zeros(like: t) }
            let (rows, columns) = (t.shape[0], t.shape[1])
            var values = d.scalars
            let weights = t.scalars
            for column in 0..<columns {
                var dNorm: Float = 0
                var tNorm: Float = 0
                for row in 0..<rows {
                    dNorm += values[row * columns + column] * values[row * columns + column]
                    tNorm += weights[row * columns + column] * weights[row * columns + column]
                }
                let scale = dNorm > 0 ? (tNorm / dNorm).squareRoot() : 0
                for row in 0..<rows { values[row * columns + column] *= scale }
            }
            return Tensor(shape: t.shape, scalars: values)
        }
    }

    /// The text summary, CSV tables and report of a result.
    public func artifacts(of result: Result) -> LabArtifacts {
        let n = result.alphas.count
        let slices = LabSupport.table(
            ["alpha", "loss_d1", "loss_d2"],
            (0..<n).map {
                [
                    LabSupport.format(result.alphas[$0]), LabSupport.format(result.slice1[$0]),
                    LabSupport.format(result.slice2[$0]),
                ]
            })
        var surfaceRows: [[String]] = []
        for (row, b) in result.alphas.enumerated() {
            for (column, a) in result.alphas.enumerated() {
                surfaceRows.append([
                    LabSupport.format(a), LabSupport.format(b), LabSupport.format(result.surface[row * n + column]),
                ])
            }
        }
        let span = result.alphas.last!
        let step = n > 1 ? result.alphas[1] - result.alphas[0] : 1
        let heatmap = Heatmap(
            columns: n, rows: n, values: result.surface.map { log10(max($0, 1e-12)) }, palette: .sequential,
            xLow: -span - step / 2, xHigh: span + step / 2, yLow: -span - step / 2, yHigh: span + step / 2)
        let surface = Chart(
            title: "log10 loss around θ", xAxis: ChartAxis(label: "α (d₁, random)"),
            yAxis: ChartAxis(label: "β (d₂, \(result.secondDirection))"),
            series: [ChartSeries(name: "θ", style: .points, points: [ChartPoint(x: 0, y: 0)], colorIndex: 1)],
            heatmap: heatmap, note: "colour: log10 training loss (dark = low)")
        var report = Report(
            title: "Loss landscape (\(result.data))",
            summary: ["trained loss \(LabSupport.format(result.trainedLoss))", "filter-normalized directions"])
        report.sections.append(
            ReportSection(
                title: "1-D slices",
                chart: LabSupport.lineChart(
                    title: "L(θ + α d)", x: "α", y: "loss", logY: true,
                    lines: [
                        ("d₁ random", zip(result.alphas, result.slice1).map { ($0, $1) }),
                        ("d₂ \(result.secondDirection)", zip(result.alphas, result.slice2).map { ($0, $1) }),
                    ])))
        report.sections.append(ReportSection(title: "2-D surface", chart: surface))
        let text = """
            landscape (\(result.data)): trained loss \(LabSupport.format(result.trainedLoss))
            slice d₁: L(−span) = \(LabSupport.format(result.slice1.first!)), L(0) = \(LabSupport.format(result.slice1[n / 2])), \
            L(+span) = \(LabSupport.format(result.slice1.last!))
            slice d₂ (\(result.secondDirection)): L(−span) = \(LabSupport.format(result.slice2.first!)), \
            L(+span) = \(LabSupport.format(result.slice2.last!))
            surface: min \(LabSupport.format(result.surface.min()!)), max \(LabSupport.format(result.surface.max()!))
            """
        return LabArtifacts(
            text: text,
            tables: ["slices": slices, "surface": LabSupport.table(["alpha", "beta", "loss"], surfaceRows)],
            report: report)
    }
}
