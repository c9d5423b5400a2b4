import Foundation
import VernierExperiments

/// What `vernier train --out DIR` writes as `summary.json` (DESIGN.md, "Machine-readable outputs").
struct TrainSummary: Encodable {
    /// A parameter value written with its JSON type.
    enum Value: Encodable {
        case number(Double)
        case integer(Int)
        case boolean(Bool)
        case text(String)

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .number(let value): try container.encode(value)
            case .integer(let value): try container.encode(value)
            case .boolean(let value): try container.encode(value)
            case .text(let value): try container.encode(value)
            }
        }
    }

    var experiment: String
    var parameters: [String: Value]
    var epochs: Int
    var metrics: [String: Double]

    /// Every setting of `configuration` with its JSON type, from its typed value.
    static func typedParameters(_ configuration: ExperimentConfiguration, keys: [ExperimentKey]) -> [String: Value] {
        var result: [String: Value] = [:]
        for key in keys {
            result[key.name] =
                switch configuration.values[key.name] {
                case .integer(let value): .integer(value)
                case .number(let value): .number(value)
                case .boolean(let value): .boolean(value)
                case let value: .text(value?.description ?? "")
                }
        }
        return result
    }

    func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        try encoder.encode(self).write(to: url)
    }

    /// The one-screen summary: changed settings, the last epoch's metrics, test metrics and timing.
    static func print(
        _ summary: TrainSummary, experiment: any Experiment, configuration: ExperimentConfiguration,
        run: ExperimentRun, seconds: Double
    ) {
        Swift.print("")
        Swift.print("== \(experiment.name): \(experiment.summary)")
        let settings = experiment.keys.map { key -> String in
            let value = configuration.values[key.name]
            let text = "\(key.name)=\(value?.description ?? "")"
            return value == key.defaultSetting ? text : text + " (changed)"
        }
        Swift.print("settings: " + settings.joined(separator: " "))
        Swift.print(
            "model: \(run.parameterCount) parameters; \(summary.epochs) epochs"
                + (run.history.stoppedEarly ? " (stopped early)" : "")
                + String(format: " in %.2f s", seconds))
        for name in summary.metrics.keys.sorted() {
            Swift.print(
                "  \(name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(String(format: "%.4f", summary.metrics[name]!))"
            )
        }
    }
}
