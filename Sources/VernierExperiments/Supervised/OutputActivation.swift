import VernierNN

/// The activation after a supervised model's last layer: the `output` setting resolved against the `loss`.
///
/// `output=auto` (every built-in experiment's default) picks what the loss expects: nothing for the losses that
/// take logits (`bce-logits`, `cross-entropy` apply the sigmoid or softmax themselves), a sigmoid for `bce` and for
/// `mse`/`mae`/`huber` on class labels, `log-softmax` for `nll`, and nothing for regression. An explicit output
/// that contradicts the loss is refused, naming both keys: an activation before a logits loss, something other
/// than probabilities before `bce`, something other than log-probabilities before `nll`, and a softmax before
/// `mse`/`mae`/`huber` on class labels.
///
/// ```swift
/// let output = try OutputActivation(setting: .auto, loss: .binaryCrossEntropyWithLogits, classLabels: true)
/// output.activation   // nil
/// output.note         // "output=auto: none (loss bce-logits takes logits)"
/// try OutputActivation(setting: .activation(.sigmoid), loss: .crossEntropy, classLabels: true)   // throws
/// ```
public struct OutputActivation: Sendable, Equatable {
    /// The activation after the last layer; `nil` for none.
    public let activation: Activation?
    /// Whether `output=auto` chose it.
    public let isAutomatic: Bool
    /// Why it fits the loss ("loss bce-logits takes logits").
    public let reason: String

    /// Resolves `setting` (``SettingValue/auto``, ``SettingValue/none`` or an ``SettingValue/activation(_:)``, as
    /// the `output` key holds it) for `loss`; `classLabels` says whether the targets are class labels
    /// (classification) rather than numbers (regression).
    public init(setting: SettingValue, loss: Loss, classLabels: Bool) throws(ConfigError) {
        let (preferred, reason) = Self.preferred(loss: loss, classLabels: classLabels)
        self.reason = reason
        switch setting {
        case .auto:
            activation = preferred
            isAutomatic = true
            return
        case .none:
            activation = nil
        case .activation(let parsed):
            activation = parsed == .identity ? nil : parsed
        default:
            throw ConfigError.invalidValue(
                key: "output", value: setting.description, expected: "auto, none or an activation name",
                location: nil)
        }
        isAutomatic = false
        if let problem = Self.conflict(activation, loss: loss, classLabels: classLabels) {
            throw ConfigError.inconsistent(
                "output=\(activation?.description ?? "none") does not fit loss=\(loss): \(problem)")
        }
    }

    /// The activation's name: "none", "sigmoid", …
    public var name: String { activation?.description ?? "none" }

    /// "output=auto: none (loss bce-logits takes logits)" when `auto` chose, `nil` for an explicit setting.
    public var note: String? { isAutomatic ? "output=auto: \(name) (\(reason))" : nil }

    /// What `auto` picks for `loss`, and why.
    static func preferred(loss: Loss, classLabels: Bool) -> (Activation?, String) {
        switch loss {
        case .binaryCrossEntropyWithLogits, .crossEntropy: (nil, "loss \(loss) takes logits")
        case .binaryCrossEntropy: (.sigmoid, "loss bce takes probabilities")
        case .negativeLogLikelihood: (.logSoftmax, "loss nll takes log-probabilities")
        case .meanSquaredError, .meanAbsoluteError, .huber:
            classLabels
                ? (.sigmoid, "loss \(loss) compares probabilities with 0/1 class targets")
                : (nil, "loss \(loss) on numeric targets")
        }
    }

    /// Why an explicit `activation` contradicts `loss`, or `nil` when it does not.
    static func conflict(_ activation: Activation?, loss: Loss, classLabels: Bool) -> String? {
        switch loss {
        case .binaryCrossEntropyWithLogits, .crossEntropy:
            guard let activation else { return nil }
            let applies = loss == .crossEntropy ? "a softmax" : "the sigmoid"
            let alternative =
                loss == .crossEntropy
                ? (activation == .logSoftmax ? "loss=nll" : "loss=mse")
                : (activation == .sigmoid ? "loss=bce" : "loss=mse")
            return "\(loss) takes logits and applies \(applies) itself, so a \(activation) output would be "
                + "squashed twice; set output=none (or auto), or use \(alternative) after output=\(activation)"
        case .binaryCrossEntropy:
            guard activation != .sigmoid && activation != .softmax else { return nil }
            return "bce takes probabilities (output=sigmoid or softmax, or auto); for raw scores use loss=bce-logits"
        case .negativeLogLikelihood:
            guard activation != .logSoftmax else { return nil }
            return "nll takes log-probabilities (output=log-softmax, or auto); for raw scores use "
                + "loss=cross-entropy"
        case .meanSquaredError, .meanAbsoluteError, .huber:
            guard classLabels && activation == .softmax else { return nil }
            return "on class labels \(loss) compares each output with a 0/1 target, and a softmax ties the outputs "
                + "together (one output is always 1); use output=sigmoid (or auto), or loss=cross-entropy with "
                + "output=none"
        }
    }
}
