import Foundation
import VernierCUDA
import VernierData
import VernierNN
import VernierOptimizers
import VernierRandom
import VernierTensor

/// `vernier bench gpu`: the CUDA backend on the first GPU: one Fashion-MNIST MLP epoch with ``CUDAMLPTrainer``,
/// and FP32 / TF32 GEMM through ``CUDADevice/gemm(transposeA:transposeB:m:n:k:alpha:a:aOffset:b:bOffset:beta:c:cOffset:)``
/// (the row-major wrapper) beside cuBLAS called directly, after the correctness checks of ``GPUChecks``. Without a
/// usable GPU it prints
/// "skipped: no CUDA device (reason)" and returns no figures.
enum GPUBenchmark: BenchmarkSuite {
    static let name = "gpu"
    static let summary = "CUDA: Fashion-MNIST MLP epoch, SGEMM 4096³/8192³ vs cuBLAS (skipped without a GPU)"

    static func run(options: BenchmarkOptions) throws -> [BenchmarkRecord] {
        let device: CUDADevice
        do {
            device = try CUDA.device()
        } catch {
            print("  skipped: no CUDA device (\(error))")
            return []
        }
        print(
            "  device: \(device.name), compute capability \(device.computeCapability), driver \(device.driverVersion)")
        if let reason = device.kernelsUnavailableReason { print("  kernels unavailable (GEMM only): \(reason)") }
        var records: [BenchmarkRecord] = []
        // A failing check or trainer is reported and the GEMM figures are still measured.
        do {
            records += try GPUChecks.run(device: device)
        } catch {
            print("  check FAILED with an error: \(error)")
        }
        do {
            records += try fashionEpoch(device: device)
        } catch {
            print("  cuda_fashion_mlp_epoch_s FAILED: \(error)")
        }
        for (size, tensorFloat32) in [(4096, false), (8192, false), (8192, true)] {
            records += try gemm(device: device, size: size, tensorFloat32: tensorFloat32)
        }
        return records
    }

    /// The median epoch (of epochs 2–4) of the 784-200-100-50-10 ReLU MLP, Adam 1e-3, batch 64, on the 50,000
    /// Fashion-MNIST training images kept on the GPU; the time includes the one download of the epoch's losses.
    static func fashionEpoch(device: CUDADevice) throws -> [BenchmarkRecord] {
        let fashion: MNIST
        do {
            fashion = try MNIST.fashion()
        } catch {
            print("  (cuda_fashion_mlp_epoch_s skipped: \(error))")
            return []
        }
        let sizes = [784, 200, 100, 50, 10]
        var rng = Xoshiro256(seed: 0)
        var model = MLP(sizes: sizes, activation: .relu, using: &rng)
        var loader = DataLoader(fashion.train, batchSize: 64, shuffle: true, using: &rng)
        var flat: [Float] = []
        model.updateParameters { flat += $0.scalars }
        let trainer = try CUDAMLPTrainer(
            device: device, sizes: sizes, parameters: flat, batchSize: 64, optimizer: .adam(learningRate: 1e-3))
        try trainer.setTrainingData(features: fashion.train.features, labels: fashion.train.targets)
        var seconds: [Double] = []
        var lastLoss = 0.0
        for _ in 0..<4 {
            _ = loader.epoch()
            let order = loader.currentOrder
            let start = DispatchTime.now().uptimeNanoseconds
            lastLoss = try trainer.trainEpoch(order: order).meanLoss
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let timed = seconds.dropFirst().sorted()
        return [
            BenchmarkRecord(
                name: "cuda_fashion_mlp_epoch_s", value: timed[timed.count / 2], unit: "s", reference: 0.1,
                referenceLabel: "target ≤ 0.1 on an H100; epoch-4 train loss \(String(format: "%.4f", lastLoss))")
        ]
    }

    /// `size³` SGEMM (row-major wrapper, then cuBLAS direct) on constant matrices, best of 5 after a warm-up, in
    /// TFLOP/s.
    static func gemm(device: CUDADevice, size: Int, tensorFloat32: Bool) throws -> [BenchmarkRecord] {
        let elements = size * size
        // Uploaded rather than filled by a kernel, so GEMM is measured even where NVRTC is missing.
        let a = try device.upload([Float](repeating: 0.5, count: elements))
        let b = try device.upload([Float](repeating: -0.25, count: elements))
        let c = try device.allocate(count: elements)
        try device.setTensorFloat32(tensorFloat32)
        defer { try? device.setTensorFloat32(false) }
        let flops = 2 * Double(size) * Double(size) * Double(size)
        func best(_ body: () throws -> Void) throws -> Double {
            try body()
            try device.synchronize()
            var fastest = Double.infinity
            for _ in 0..<5 {
                let start = DispatchTime.now().uptimeNanoseconds
                try body()
                try device.synchronize()
                fastest = Swift.min(fastest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            return flops / fastest / 1e12
        }
        let wrapped = try best { try device.gemm(m: size, n: size, k: size, a: a, b: b, c: c) }
        let n = Int32(size)
        let direct = try best {
            try device.columnMajorSgemm(
                transa: 0, transb: 0, m: n, n: n, k: n, alpha: 1, a: a.address(), lda: n, b: b.address(), ldb: n,
                beta: 0, c: c.address(), ldc: n)
        }
        let suffix = tensorFloat32 ? "_tf32" : ""
        return [
            BenchmarkRecord(
                name: "cuda_sgemm_\(size)\(suffix)_tflops", value: wrapped, unit: "TFLOP/s", reference: 0.9 * direct,
                referenceLabel: String(
                    format: "target ≥ 90%% of cuBLAS direct (%.1f); %.0f%%", direct, 100 * wrapped / direct)),
            BenchmarkRecord(
                name: "cublas_sgemm_\(size)\(suffix)_tflops", value: direct, unit: "TFLOP/s",
                referenceLabel: size != 8192
                    ? "cuBLAS called directly"
                    : tensorFloat32 ? "H100 reference 455 (TF32)" : "H100 reference 51.6 (FP32)"),
        ]
    }
}
