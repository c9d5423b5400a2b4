/// The keys every supervised experiment shares, with per-experiment defaults.
///
/// ```swift
/// let keys = CommonKeys.model(layers: "2,10,1", activation: "relu", output: "auto", loss: "mse",
///                             optimizer: "sgd", learningRate: "0.01", batchSize: "10", epochs: "10")
/// ```
public enum CommonKeys {
    /// Model, loss, optimizer and loop keys.
    public static func model(
        layers: String, activation: String, output: String, loss: String, optimizer: String, learningRate: String,
        batchSize: String, epochs: String
    ) -> [ExperimentKey] {
        [
            ExperimentKey(
                "layers", default: layers, kind: .layerSizes,
                help: "layer sizes, input first and output last (auto: from the data)"),
            ExperimentKey(
                "activation", default: activation, kind: .activation(allowNone: false), help: "hidden activation"),
            ExperimentKey(
                "output", default: output, kind: .outputActivation,
                help: "output activation (auto: none for logits losses, sigmoid for bce and mse on classes, …)"),
            ExperimentKey("loss", default: loss, kind: .loss, help: "loss function"),
            ExperimentKey("optimizer", default: optimizer, kind: .optimizer, help: "optimizer"),
            ExperimentKey("lr", default: learningRate, kind: .number(minimum: 0), help: "learning rate"),
            ExperimentKey(
                "momentum", default: "auto", kind: .numberOrAuto(minimum: 0),
                help: "momentum (sgd, momentum, nesterov, rmsprop); auto: the optimizer's default"),
            ExperimentKey("weight-decay", default: "0", kind: .number(minimum: 0), help: "L2 weight decay"),
            ExperimentKey("batch-size", default: batchSize, kind: .integer(minimum: 1), help: "samples per step"),
            ExperimentKey("epochs", default: epochs, kind: .integer(minimum: 0), help: "passes over the training data"),
            ExperimentKey("dropout", default: "0", kind: .number(minimum: 0), help: "dropout after hidden layers"),
            ExperimentKey("seed", default: "0", kind: .integer(minimum: 0), help: "initialization and shuffle seed"),
        ]
    }

    /// Keys of the image experiments (Fashion-MNIST, MNIST).
    public static func image(data: String) -> [ExperimentKey] {
        [
            ExperimentKey(
                "model", default: "mlp", kind: .choice(["mlp", "cnn"]), help: "mlp (uses layers) or a small cnn"),
            ExperimentKey(
                "augment", default: "false", kind: .boolean,
                help: "random crop (padding 2), horizontal flip and small affine jitter on training images"),
            ExperimentKey("data", default: data, kind: .text, help: "directory of the four IDX files (raw or .gz)"),
        ]
    }
}
