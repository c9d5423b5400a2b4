import Foundation
import VernierNN
import VernierTensor

/// Saves and restores a model's weights (and non-trainable state such as batch-norm statistics) as safetensors.
///
/// Tensors are named by position: `parameters.0`, `parameters.1`, … in ``ParameterContainer`` visiting order,
/// then `state.0`, … in ``Layer/updateState(_:)`` order. Loading checks that every tensor is present with the
/// model's shape.
///
/// ```swift
/// try Checkpoint.save(model, to: URL(fileURLWithPath: "out/model.safetensors"))
/// var restored = MLP(sizes: [2, 10, 1], using: &rng)
/// try Checkpoint.load(into: &restored, from: URL(fileURLWithPath: "out/model.safetensors"))
/// ```
public enum Checkpoint {
    /// Writes the model's parameters and state to `url`.
    public static func save<Model: Layer>(_ model: Model, metadata: [String: String] = [:], to url: URL) throws {
        var named: [(name: String, tensor: Tensor)] = []
        for (index, parameter) in model.parameters.enumerated() { named.append(("parameters.\(index)", parameter)) }
        for (index, state) in model.state.enumerated() { named.append(("state.\(index)", state)) }
        var fields = metadata
        fields["format"] = fields["format"] ?? "vernier"
        try SafeTensors.write(named, metadata: fields, to: url)
    }

    /// Replaces the model's parameters and state with those stored at `url`.
    public static func load<Model: Layer>(into model: inout Model, from url: URL) throws(CheckpointError) {
        let file = try SafeTensors.read(from: url)
        let path = url.path
        var failure: CheckpointError?
        var index = 0
        model.updateParameters { parameter in
            defer { index += 1 }
            guard failure == nil else { return }
            guard let stored = file["parameters.\(index)"] else {
                failure = .mismatch(path: path, reason: "no tensor 'parameters.\(index)'")
                return
            }
            guard stored.shape == parameter.shape else {
                failure = .mismatch(
                    path: path, reason: "'parameters.\(index)' has shape \(stored.shape), the model \(parameter.shape)")
                return
            }
            parameter = stored
        }
        var stateIndex = 0
        model.updateState { _, tensor in
            defer { stateIndex += 1 }
            guard failure == nil else { return }
            guard let stored = file["state.\(stateIndex)"], stored.shape == tensor.shape else {
                failure = .mismatch(path: path, reason: "'state.\(stateIndex)' is missing or has another shape")
                return
            }
            tensor = stored
        }
        if let failure { throw failure }
        let expected = index + stateIndex
        if file.tensors.count != expected {
            throw .mismatch(path: path, reason: "the file holds \(file.tensors.count) tensors, the model \(expected)")
        }
    }
}
