import ArgumentParser
import Foundation
import VernierCUDA
import VernierTraining

/// Where `vernier train` runs: `--device`, else the `VERNIER_DEVICE` environment variable, else the CPU.
enum ComputeDevice: String, CaseIterable {
    case cpu
    case cuda

    /// Why `--device cuda` cannot run: no usable GPU, or an experiment that is not supervised.
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

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

    /// The recipe's ``TrainingDevice``: the CPU, or the first CUDA device opened (the recipe then trains with
    /// ``CUDAEngine``, which decides what it supports). Throws naming what is missing (the library, the device, the
    /// failed call). For tests only, `VERNIER_CUDA_EMULATOR=1` runs the CUDA code path on the host emulator
    /// instead (slow; the kernels as Swift loops, see `HostEmulatorBackend`), so the whole `--device cuda` path can
    /// be checked without a GPU.
    func open(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> TrainingDevice {
        switch self {
        case .cpu:
            return .cpu
        case .cuda:
            if environment["VERNIER_CUDA_EMULATOR"] == "1" { return .accelerator(CUDADevice.hostEmulator()) }
            do {
                return .accelerator(try CUDA.device())
            } catch {
                throw Unavailable(description: "--device cuda: no usable CUDA device: \(error)")
            }
        }
    }
}
