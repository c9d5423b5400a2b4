import VernierNN
import VernierTensor

/// A model of your own: any `Layer` that visits its parameters trains with every optimizer.
struct SpiralNet: Layer {
    var hidden: Linear
    var output: Linear

    init(width: Int, using generator: inout some RandomNumberGenerator) {
        hidden = Linear(inputSize: 2, outputSize: width, using: &generator)
        output = Linear(inputSize: width, outputSize: 1, using: &generator)
    }

    func callAsFunction(_ input: Tensor) -> Tensor {
        output(tanh(hidden(input)))
    }

    mutating func updateParameters(_ body: (inout Tensor) throws -> Void) rethrows {
        try hidden.updateParameters(body)
        try output.updateParameters(body)
    }
}
