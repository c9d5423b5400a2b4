import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `vernier train --device` and `VERNIER_DEVICE`: an unknown device and, on a machine without a CUDA driver,
/// `cuda` fail with a message naming what is missing (run against the built binary).
@Suite struct DeviceOptionTests {
    static let hasDriver = dlopen("libcuda.so.1", RTLD_NOW) != nil

    /// Runs the binary with extra environment variables; returns the status and the combined output.
    func run(_ binary: String, _ arguments: [String], environment: [String: String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func unknownDeviceIsRejected() throws {
        let binary = try #require(vernierBinary(), "build the vernier binary first (swift build)")
        let (status, output) = try run(binary, ["train", "iris", "--device", "tpu"], environment: [:])
        #expect(status != 0)
        #expect(output.contains("unknown device 'tpu' (from --device); valid devices: cpu, cuda"))
        let (envStatus, envOutput) = try run(binary, ["train", "iris"], environment: ["VERNIER_DEVICE": "metal"])
        #expect(envStatus != 0)
        #expect(envOutput.contains("unknown device 'metal' (from VERNIER_DEVICE)"))
    }

    @Test(.enabled(if: !hasDriver, "this machine has a CUDA driver"))
    func cudaWithoutDriverNamesTheMissingLibrary() throws {
        let binary = try #require(vernierBinary(), "build the vernier binary first (swift build)")
        let expected = "--device cuda: no usable CUDA device: CUDA driver not found: tried libcuda.so.1, libcuda.so"
        let (status, output) = try run(binary, ["train", "iris", "--device", "cuda", "--quiet"], environment: [:])
        #expect(status != 0)
        #expect(output.contains(expected))
        let (envStatus, envOutput) = try run(
            binary, ["train", "iris", "--quiet"], environment: ["VERNIER_DEVICE": "cuda"])
        #expect(envStatus != 0)
        #expect(envOutput.contains(expected))
        // --device cpu wins over the environment.
        let (cpuStatus, cpuOutput) = try run(
            binary, ["train", "iris", "--quiet", "--device", "cpu", "--set", "epochs=1"],
            environment: ["VERNIER_DEVICE": "cuda"])
        #expect(cpuStatus == 0)
        #expect(cpuOutput.contains("test_accuracy"))
    }

    /// The whole `--device cuda` path of the CLI (data, seed draws, epochs, validation, summary) on the host
    /// emulator of the device (`VERNIER_CUDA_EMULATOR=1`, testing only) against the CPU run of the same seed.
    @Test func cudaPathOnTheEmulatorMatchesTheCPURun() throws {
        let binary = try #require(vernierBinary(), "build the vernier binary first (swift build)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-device-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        func metrics(_ device: String) throws -> [String: Double] {
            let out = folder.appendingPathComponent(device).path
            let (status, output) = try run(
                binary,
                [
                    "train", "iris", "--quiet", "--device", device, "--seed", "3", "--set", "epochs=6",
                    "--set", "validation-fraction=0.2", "--out", out,
                ],
                environment: ["VERNIER_CUDA_EMULATOR": "1"])
            #expect(status == 0, "\(output)")
            let data = try Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))
            let summary = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            return (summary?["metrics"] as? [String: Double]) ?? [:]
        }
        let cpu = try metrics("cpu")
        let cuda = try metrics("cuda")
        #expect(Set(cuda.keys) == Set(cpu.keys))
        #expect(cpu["train_loss"] != nil && cpu["val_loss"] != nil && cpu["test_accuracy"] != nil)
        // Every metric agrees but the wall-clock training time.
        for (name, value) in cpu where name != "train_seconds" {
            #expect(abs((cuda[name] ?? .nan) - value) < 1e-4, "\(name)")
        }
    }

    @Test(.enabled(if: !hasDriver, "this machine has a CUDA driver"))
    func benchGPUSkipsWithoutADevice() throws {
        let binary = try #require(vernierBinary(), "build the vernier binary first (swift build)")
        let (status, output) = try run(binary, ["bench", "gpu"], environment: [:])
        #expect(status == 0)
        #expect(output.contains("skipped: no CUDA device (CUDA driver not found: tried libcuda.so.1"))
    }
}
