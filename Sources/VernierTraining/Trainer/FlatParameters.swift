import VernierNN
import VernierTensor

/// Copies between a model's parameter tensors and one flat buffer, in the order
/// ``VernierNN/ParameterContainer/updateParameters(_:)`` visits them (each layer's weight, then its bias): how a fused step loads
/// the model before training and writes the trained values back.
enum FlatParameters {
    /// Copies `model`'s parameters into `buffer`, which holds at least their total count.
    static func load<Model: Layer>(_ model: Model, into buffer: UnsafeMutablePointer<Float>) {
        var position = buffer
        var copy = model
        copy.updateParameters { parameter in
            parameter.withUnsafeBufferPointer { values in
                position.update(from: values.baseAddress!, count: values.count)
                position += values.count
            }
        }
    }

    /// Writes `buffer` back into `model`'s parameter tensors.
    static func store<Model: Layer>(_ buffer: UnsafePointer<Float>, into model: inout Model) {
        var position = buffer
        model.updateParameters { parameter in
            parameter.withUnsafeMutableBufferPointer { values in
                values.baseAddress!.update(from: position, count: values.count)
                position += values.count
            }
        }
    }
}
