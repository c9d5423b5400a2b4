import ArgumentParser
import Foundation
import VernierCUDA
import VernierData
import VernierExperiments
import VernierNN
import VernierRandom
import VernierTensor
import VernierTraining

/// Where `vernier train` runs: `--device`, else the `VERNIER_DEVICE` environment variable, else the CPU.
enum ComputeDevice: String, CaseIterable {
    case cpu
    case cuda

    /// The device named by `flag`, else by `environment["VERNIER_DEVICE"]`, else `.cpu`; a clear error for an
    /// unknown name (saying where it came from).
    static func resolve(flag: String?, environment: [String: String]) throws -> ComputeDevice {
        let (name, source): (String?, String) =
            flag.map { ($0, "--device") } ?? (environment["VERNIER_DEVICE"], "VERNIER_DEVICE")
        guard let name, !name.isEmpty else { return .cpu }
        guard let device = ComputeDevice(rawValue: name.lowercased()) else {
            throw ValidationError(
                "unknown device '\(name)' (from \(source)); valid devices: "
                    + allCases.map(\.rawValue).joined(separator: ", "))
        }
        return device
    }
}

/// `vernier train … --device cuda`: opens the device and trains a recipe with ``CUDAEngine`` (data, weights and
/// Adam state on the GPU) under the library's one epoch loop; what the engine supports is
/// ``CUDAEngine/support(_:)``'s decision.
enum CUDATraining {
    /// Why `--device cuda` cannot run: no usable GPU.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Opens the first CUDA device or throws naming what is missing (the library, the device, the failed call).
    /// For tests only, `VERNIER_CUDA_EMULATOR=1` runs the CUDA code path on the host emulator instead (slow; the
    /// kernels as Swift loops, see `HostEmulatorBackend`), so the whole `--device cuda` path can be checked
    /// without a GPU.
    static func openDevice(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> CUDADevice {
        if environment["VERNIER_CUDA_EMULATOR"] == "1" { return CUDADevice.hostEmulator() }
        do {
            return try CUDA.device()
        } catch {
            throw Failure(description: "--device cuda: no usable CUDA device: \(error)")
        }
    }

    /// Trains `recipe` on `device` (see ``CUDAEngine/train(_:on:callbacks:)``) and returns the same
    /// ``ExperimentRun`` as the CPU path.
    static func train(
        _ recipe: TrainingRecipe, callbacks: [any TrainingCallback], device: CUDADevice
    ) throws
        -> ExperimentRun
    {
        try CUDAEngine.support(recipe).get()
        print(
            device.computeCapability == 0
                ? "Training on the \(device.name) (VERNIER_CUDA_EMULATOR: the CUDA code path on the CPU, testing only)"
                : "Training on \(device.name) (CUDA, compute capability \(device.computeCapability / 10)."
                    + "\(device.computeCapability % 10))")
        let (model, history) = try CUDAEngine.train(recipe, on: device, callbacks: callbacks)
        return ExperimentRun(
            history: history, model: model, testEvaluation: SupervisedExperiment.testEvaluation(model, recipe))
    }

    /// The model's parameters as one vector in visiting order (the layout ``CUDAMLPTrainer`` uses).
    static func flatParameters(of model: inout MLP) -> [Float] {
        var flat: [Float] = []
        model.updateParameters { flat += $0.scalars }
        return flat
    }
}
