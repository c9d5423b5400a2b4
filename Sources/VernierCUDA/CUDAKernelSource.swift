/// The element-wise and reduction kernels of the CUDA backend: CUDA C compiled once per device with NVRTC.
///
/// Each ``Kernel`` is one `extern "C" __global__` function (so its name is not mangled and
/// `cuModuleGetFunction` finds it by ``Kernel/rawValue``). All of them take one thread per element (or per row /
/// column) and check their bound, so ``LaunchDimensions`` covers any size.
///
/// ```swift
/// let source = CUDAKernelSource.source       // CUDA C for nvrtcCreateProgram
/// let names = CUDAKernelSource.Kernel.allCases.map(\.rawValue)
/// ```
public enum CUDAKernelSource {
    /// The kernels, by their C name.
    public enum Kernel: String, CaseIterable, Sendable {
        /// `x[i] = value` for `i < n`.
        case fill = "vernier_fill"
        /// `dst[r, c] = src[order[start + r], c]`: gathers a batch of rows in the epoch's sample order.
        case gatherRows = "vernier_gather_rows"
        /// `z[r, c] += bias[c]`, then `max(z, 0)` when `relu` is non-zero (in place).
        case biasActivation = "vernier_bias_activation"
        /// `delta[i] = 0` where `activated[i] <= 0` (the ReLU derivative, in place).
        case reluBackward = "vernier_relu_backward"
        /// Softmax cross-entropy per row against `labels[order[start + r]]`: writes `(softmax − onehot) / rows`,
        /// adds the row's loss / rows to `*loss` and counts correct argmax predictions in `*correct`.
        case softmaxCrossEntropy = "vernier_softmax_cross_entropy"
        /// `out[c] = Σ_r x[r, c]` (bias gradients).
        case columnSums = "vernier_column_sums"
        /// One Adam step (L2 weight decay added to the gradient) over a flat parameter vector.
        case adam = "vernier_adam"
    }

    /// One parameter of a kernel's C signature.
    public struct Parameter: Equatable, Sendable {
        /// The C type, e.g. `const float*` or `int`.
        public var type: String
        /// The parameter's name.
        public var name: String
        /// Whether it is a pointer (a device address, packed as 8 bytes).
        public var isPointer: Bool { type.hasSuffix("*") }
    }

    /// The parameter list of `kernel`, parsed from ``source`` (what `cuLaunchKernel`'s argument array must match).
    ///
    /// ```swift
    /// CUDAKernelSource.parameters(of: .fill).map(\.type)   // ["float*", "float", "int"]
    /// ```
    public static func parameters(of kernel: Kernel) -> [Parameter] {
        guard let declaration = source.range(of: "void \(kernel.rawValue)("),
            let close = source[declaration.upperBound...].firstIndex(of: ")")
        else { return [] }
        let list = source[declaration.upperBound..<close]
        return list.split(separator: ",").map { part in
            let words = part.split(whereSeparator: { $0 == " " || $0 == "\n" })
            let name = String(words.last ?? "")
            return Parameter(type: words.dropLast().joined(separator: " "), name: name)
        }
    }

    /// The CUDA C source of every kernel.
    public static let source = """
        // Vernier CUDA kernels (compiled at run time with NVRTC; see Sources/VernierCUDA/CUDAKernelSource.swift).
        extern "C" __global__ void vernier_fill(float* x, float value, int n) {
            int i = blockIdx.x * blockDim.x + threadIdx.x;
            if (i < n) x[i] = value;
        }

        extern "C" __global__ void vernier_gather_rows(
            const float* src, const int* order, int start, int rows, int width, float* dst) {
            long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
            long long total = (long long)rows * width;
            if (i >= total) return;
            int r = (int)(i / width);
            int c = (int)(i % width);
            dst[i] = src[(long long)order[start + r] * width + c];
        }

        extern "C" __global__ void vernier_bias_activation(float* z, const float* bias, int rows, int cols, int relu) {
            int i = blockIdx.x * blockDim.x + threadIdx.x;
            if (i >= rows * cols) return;
            float value = z[i] + bias[i % cols];
            z[i] = (relu && value < 0.0f) ? 0.0f : value;
        }

        extern "C" __global__ void vernier_relu_backward(float* delta, const float* activated, int n) {
            int i = blockIdx.x * blockDim.x + threadIdx.x;
            if (i < n && activated[i] <= 0.0f) delta[i] = 0.0f;
        }

        extern "C" __global__ void vernier_softmax_cross_entropy(
            const float* logits, const int* labels, const int* order, int start, int rows, int classes,
            float* delta, float* loss, unsigned int* correct) {
            int r = blockIdx.x * blockDim.x + threadIdx.x;
            if (r >= rows) return;
            const float* x = logits + (long long)r * classes;
            float* d = delta + (long long)r * classes;
            int label = labels[order[start + r]];
            float largest = x[0];
            int best = 0;
            for (int c = 1; c < classes; ++c) {
                if (x[c] > largest) { largest = x[c]; best = c; }
            }
            float sum = 0.0f;
            for (int c = 0; c < classes; ++c) sum += expf(x[c] - largest);
            float logSum = logf(sum);
            float scale = 1.0f / (float)rows;
            for (int c = 0; c < classes; ++c) {
                float p = expf(x[c] - largest - logSum);
                d[c] = (p - (c == label ? 1.0f : 0.0f)) * scale;
            }
            atomicAdd(loss, (logSum + largest - x[label]) * scale);
            if (best == label) atomicAdd(correct, 1u);
        }

        extern "C" __global__ void vernier_column_sums(const float* x, int rows, int cols, float* out) {
            int c = blockIdx.x * blockDim.x + threadIdx.x;
            if (c >= cols) return;
            float sum = 0.0f;
            for (int r = 0; r < rows; ++r) sum += x[(long long)r * cols + c];
            out[c] = sum;
        }

        extern "C" __global__ void vernier_adam(
            float* p, const float* g, float* m, float* v, int n, float stepSize, float beta1, float beta2,
            float epsilon, float correction2Root, float weightDecay) {
            int i = blockIdx.x * blockDim.x + threadIdx.x;
            if (i >= n) return;
            float value = p[i];
            float gradient = g[i] + weightDecay * value;
            float first = m[i] + (1.0f - beta1) * (gradient - m[i]);
            float second = v[i] * beta2 + (1.0f - beta2) * gradient * gradient;
            m[i] = first;
            v[i] = second;
            p[i] = value - stepSize * (first / (sqrtf(second) / correction2Root + epsilon));
        }
        """
}
