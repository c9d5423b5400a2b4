import VernierNN
import VernierTensor

/// The structure of a convolutional network that the fused CNN step trains, read from a ``Sequential``: a
/// ``Reshape`` of each sample to `[channels, height, width]`, one or more ``Conv2D`` layers with a bias and fused
/// 2×2 max pooling (each one's activation fused too), ``Flatten``, then linear layers with a bias and ``ReLU``
/// between them (none after the last: the logits) — what ``ModelRecipe/cnn(channels:height:width:classes:activation:output:dropout:)``
/// builds with ReLU, even image sides, no dropout and no output activation.
struct FusedCNNLayout {
    /// The floats of one input sample (`channels · height · width`).
    let inputFloats: Int
    /// The pooled convolutions, first to last.
    let convolutions: [PooledConvolutionLayer]
    /// The linear layers' widths: the flattened features first, the classes last.
    let head: [Int]

    /// The layout of `model`, or the first thing in it the fused step does not run.
    static func read(_ model: Sequential) -> Result<FusedCNNLayout, FusedUnsupported> {
        var layers = model.layers[...]
        guard let reshape = layers.popFirst() as? Reshape, reshape.shape.count == 3,
            reshape.shape.allSatisfy({ $0 > 0 })
        else { return .failure(.layers("the first layer is not a Reshape to [channels, height, width]")) }
        var (channels, height, width) = (reshape.shape[0], reshape.shape[1], reshape.shape[2])
        let inputFloats = channels * height * width
        var convolutions: [PooledConvolutionLayer] = []
        while let conv = layers.first as? Conv2D {
            layers.removeFirst()
            guard conv.bias != nil else { return .failure(.layerWithoutBias) }
            guard conv.pooling == .max2x2 else {
                return .failure(.layers("a convolution without fused 2×2 max pooling"))
            }
            guard conv.inputChannels == channels,
                let layer = PooledConvolutionLayer(
                    channels: channels, height: height, width: width, outputs: conv.outputChannels,
                    kernelSize: conv.kernelSize, stride: conv.stride, padding: conv.padding,
                    activation: conv.activation)
            else {
                return .failure(
                    .layers("a convolution that does not fit [\(channels), \(height), \(width)] inputs"))
            }
            convolutions.append(layer)
            (channels, height, width) = (layer.outputs, layer.pooledSize.height, layer.pooledSize.width)
        }
        guard !convolutions.isEmpty else { return .failure(.layers("no pooled convolution after the Reshape")) }
        guard layers.popFirst() is Flatten else {
            return .failure(.layers("the convolutions are not followed by Flatten"))
        }
        var head = [channels * height * width]
        while let layer = layers.popFirst() {
            if let dropout = layer as? Dropout { return .failure(.dropout(dropout.probability)) }
            guard let linear = layer as? Linear else {
                return .failure(.layers("\(type(of: layer)) where a linear layer belongs"))
            }
            guard linear.bias != nil else { return .failure(.layerWithoutBias) }
            guard linear.inputSize == head[head.count - 1] else {
                return .failure(.layers("a linear layer of \(linear.inputSize) inputs after \(head.last!) features"))
            }
            head.append(linear.outputSize)
            guard let next = layers.first else { break }
            if let dropout = next as? Dropout { return .failure(.dropout(dropout.probability)) }
            guard next is ReLU else { return .failure(.layers("\(type(of: next)) after a linear layer (needs ReLU)")) }
            layers.removeFirst()
            guard !layers.isEmpty else { return .failure(.outputActivation(.relu)) }
        }
        guard head.count >= 2 else { return .failure(.layers("no linear layer after Flatten")) }
        return .success(FusedCNNLayout(inputFloats: inputFloats, convolutions: convolutions, head: head))
    }
}
