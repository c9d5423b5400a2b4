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
        guard let binary = vernierBinary() else {
            print("skipping: no vernier binary found (build it with `swift build`)")
            return
        }
        let (status, output) = try run(binary, ["train", "iris", "--device", "tpu"], environment: [:])
        #expect(status != 0)
        #expect(output.contains("unknown device 'tpu' (from --device); valid devices: cpu, cuda"))
        let (envStatus, envOutput) = try run(binary, ["train", "iris"], environment: ["VERNIER_DEVICE": "metal"])
        #expect(envStatus != 0)
        #expect(envOutput.contains("unknown device 'metal' (from VERNIER_DEVICE)"))
    }

    @Test(.enabled(if: !hasDriver, "this machine has a CUDA driver"))
    func cudaWithoutDriverNamesTheMissingLibrary() throws {
        guard let binary = vernierBinary() else {
            print("skipping: no vernier binary found (build it with `swift build`)")
            return
        }
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

    @Test func benchGPUSkipsWithoutADevice() throws {
        guard let binary = vernierBinary(), !Self.hasDriver else { return }
        let (status, output) = try run(binary, ["bench", "gpu"], environment: [:])
        #expect(status == 0)
        #expect(output.contains("skipped: no CUDA device (CUDA driver not found: tried libcuda.so.1"))
    }
}
