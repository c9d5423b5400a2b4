import VernierNN
import VernierOptimizers
import VernierTune

/// How a built-in experiment is tuned by default: the settings every trial starts from (which may differ from
/// `vernier train`'s defaults, e.g. a test split so the chosen configuration can be scored) and the search space.
///
/// A parameter's name is an experiment key (`lr`, `batch-size`, `layers`, …); `_` may stand for `-`
/// (`batch_size`), and `hidden: "200,100"` is short for `layers: auto,200,100,auto`. A trial's parameter values
/// reach the experiment's configuration as typed values (``setting(name:value:)``), never as text.
///
/// ```swift
/// let tuning = ExperimentTuning(
///     settings: ["epochs": .integer(30), "optimizer": .optimizer(.adam)],
///     space: try SearchSpace([ParameterSpec(name: "lr", distribution: .float(try FloatDistribution(low: 1e-3, high: 10, log: true)))]))
/// TunableObjectiveRegistry.register(.experiment(SupervisedExperiment.spirals, tuning: tuning))
/// ```
public struct ExperimentTuning: Sendable {
    /// Settings applied before the trial's parameters, as typed values (an activation, a loss, an optimizer are
    /// their enums, so a misspelt name does not compile). The experiment's keys check them once when the objective
    /// is built: an unknown key or a value out of bounds is a programming error and stops the process.
    public var settings: [String: SettingValue]
    /// The default search space.
    public var space: SearchSpace
    /// Settings that follow from a trial's others (e.g. spirals: the output activation from the loss), applied
    /// after the parameters unless a parameter sets the key itself.
    public var derive: (@Sendable ([String: SettingValue]) -> [String: SettingValue])?

    /// Creates a tuning default.
    public init(
        settings: [String: SettingValue], space: SearchSpace,
        derive: (@Sendable ([String: SettingValue]) -> [String: SettingValue])? = nil
    ) {
        self.settings = settings
        self.space = space
        self.derive = derive
    }

    /// The experiment key a parameter name stands for (`batch_size` → `batch-size`, `hidden` → `layers`).
    ///
    /// ```swift
    /// ExperimentTuning.key(forParameter: "learning_rate")   // "lr"
    /// ```
    public static func key(forParameter name: String) -> String {
        switch StudySpec.settingKey(name) {
        case "hidden", "hidden-sizes": "layers"
        case "learning-rate": "lr"
        case "batch": "batch-size"
        case let key: key
        }
    }

    /// The experiment key a parameter name stands for, and the typed value to give it, without text: an integer
    /// stays an integer, a float a number, a categorical choice its value (typed by the key); `hidden` sizes
    /// become `layers` with `auto` input and output sizes.
    ///
    /// ```swift
    /// ExperimentTuning.setting(name: "batch_size", value: .int(32))   // ("batch-size", .integer(32))
    /// ExperimentTuning.setting(name: "hidden", value: "64,32")        // ("layers", .layerSizes([.auto, .size(64), .size(32), .auto]))
    /// ```
    public static func setting(name: String, value: ParameterValue) -> (key: String, value: SettingValue) {
        let key = key(forParameter: name)
        guard key == "layers", StudySpec.settingKey(name) != "layers" else { return (key, SettingValue(value)) }
        let inner: [SettingValue.LayerSize]? =
            switch value {
            case .int(let size): [.size(size)]
            case .double(let size) where size.rounded() == size && abs(size) < 1e15: [.size(Int(size))]
            case .string(let text): ExperimentKey.layerSizes(text)
            default: nil
            }
        return (key, inner.map { .layerSizes([.auto] + $0 + [.auto]) } ?? .choice("auto,\(value),auto"))
    }
}

extension ExperimentTuning {
    private static func float(_ name: String, _ low: Double, _ high: Double, log: Bool = false) throws -> ParameterSpec
    {
        ParameterSpec(name: name, distribution: .float(try FloatDistribution(low: low, high: high, log: log)))
    }

    private static func choice(_ name: String, _ choices: [ParameterValue]) throws -> ParameterSpec {
        ParameterSpec(name: name, distribution: .categorical(try CategoricalDistribution(choices: choices)))
    }

    /// Spirals: around the workshop's good configuration (tanh 2×32, BCE with logits, Adam, lr 0.01, batch 10,
    /// 30 epochs), varying the workshop's list: learning rate 0.001…10, batch size 5…400, activation, optimizer,
    /// depth and width, loss (MSE on a sigmoid output vs BCE with logits) and epochs; 1000 test points.
    public static let spirals = ExperimentTuning(
        settings: [
            "layers": .layerSizes([.size(2), .size(32), .size(32), .size(1)]), "activation": .activation(.tanh),
            "output": .none, "loss": .loss(.binaryCrossEntropyWithLogits), "optimizer": .optimizer(.adam),
            "lr": .number(0.01), "batch-size": .integer(10), "epochs": .integer(30), "test-size": .integer(1000),
        ],
        space: try! SearchSpace([
            try! float("lr", 1e-3, 10, log: true),
            try! choice("batch-size", [5, 10, 20, 50, 100, 400]),
            try! choice("activation", ["relu", "sigmoid", "tanh"]),
            try! choice("optimizer", ["sgd", "momentum", "rmsprop", "adam"]),
            try! choice("layers", ["2,8,8,1", "2,32,1", "2,32,32,1", "2,64,64,64,1"]),
            try! choice("loss", ["mse", "bce-logits"]),
            try! choice("epochs", [10, 30, 60]),
        ]),
        derive: { values in
            // BCE with logits takes raw scores; MSE and BCE compare probabilities from a sigmoid output.
            ["output": values["loss"] == .loss(.binaryCrossEntropyWithLogits) ? .none : .activation(.sigmoid)]
        })

    /// Iris: seed 001's grid, learning rate {0.01, 0.001} × batch size {16, 32} × epochs {50, 100} (8 points with
    /// `--sampler grid`; `--sampler random --trials 5` is its random search), with a 20% validation and a 20% test
    /// split. `examples/iris-hyperband.yaml` tunes hidden size, learning rate and batch size with Hyperband.
    public static let iris = ExperimentTuning(
        settings: ["validation-fraction": .number(0.2), "test-fraction": .number(0.2), "epochs": .integer(15)],
        space: try! SearchSpace([
            try! choice("lr", [0.01, 0.001]),
            try! choice("batch-size", [16, 32]),
            try! choice("epochs", [50, 100]),
        ]))

    /// Cubic: width and learning rate of the 1-h-1 network, scored on 40 validation points.
    public static let cubic = ExperimentTuning(
        settings: ["validation-size": .integer(40), "epochs": .integer(500)],
        space: try! SearchSpace([
            try! choice("hidden", [10, 30, 100, 300]),
            try! float("lr", 1e-3, 1e-1, log: true),
            try! choice("activation", ["relu", "tanh"]),
        ]))

    /// Fashion-MNIST / MNIST: the MLP's learning rate, batch size, hidden layers and activation (a few epochs).
    public static let images = ExperimentTuning(
        settings: ["epochs": .integer(3)],
        space: try! SearchSpace([
            try! float("lr", 1e-4, 1e-1, log: true),
            try! choice("batch-size", [32, 64, 128]),
            try! choice("hidden", ["200,100,50", "256,128", "512"]),
            try! choice("activation", ["relu", "gelu", "tanh"]),
        ]))

    /// Your CSV file (`vernier tune csv --file F --label y`, or `experiment: csv` with `set: {file: F, label: y}`):
    /// learning rate, batch size, hidden layers and activation of the MLP, 30 epochs; every `vernier train csv` key
    /// (`label-kind`, `validation-fraction`, `test-fraction`, `data-seed`, `standardize`, …) can be fixed with
    /// `--set` / `set:` or searched.
    public static let csv = ExperimentTuning(
        settings: ["epochs": .integer(30)],
        space: try! SearchSpace([
            try! float("lr", 1e-3, 1e-1, log: true),
            try! choice("batch-size", [16, 32, 64]),
            try! choice("hidden", ["16", "32", "64", "32,32"]),
            try! choice("activation", ["relu", "tanh"]),
        ]))

    /// The objectives of spirals, iris, cubic, csv, fashion-mnist and mnist with their tuning defaults (already in
    /// ``TunableObjectiveRegistry``).
    ///
    /// ```swift
    /// ExperimentTuning.builtInObjectives.map(\.name)   // ["spirals", "cubic", "iris", "csv", "fashion-mnist", …]
    /// ```
    public static var builtInObjectives: [TunableObjective] {
        let defaults: [String: ExperimentTuning] = [
            "spirals": .spirals, "iris": .iris, "cubic": .cubic, "csv": .csv, "fashion-mnist": .images,
            "mnist": .images,
        ]
        return ExperimentRegistry.all.compactMap { experiment in
            defaults[experiment.name].map { TunableObjective.experiment(experiment, tuning: $0) }
        }
    }
}
