import Foundation
import Testing

@testable import VernierCUDA

#if canImport(Glibc)
import Glibc
#endif

/// CPU-side tests of the CUDA backend: library loading errors, kernel source, launch math, argument packing and
/// the row-major → cuBLAS GEMM mapping. They need no GPU.
@Suite struct CUDASupportTests {
    @Test func missingLibraryNamesEveryCandidate() {
        #expect {
            _ = try DynamicLibrary.open(
                what: "CUDA driver", candidates: ["libvernier-missing-cuda.so.1", "/nonexistent/libcuda.so"])
        } throws: { error in
            let message = "\(error)"
            return message.hasPrefix(
                "CUDA driver not found: tried libvernier-missing-cuda.so.1, /nonexistent/libcuda.so (last error: ")
                && message.contains("/nonexistent/libcuda.so")
        }
    }

    @Test func missingSymbolNamesFunctionAndLibrary() throws {
        let libc = try DynamicLibrary.open(what: "C library", candidates: ["libc.so.6"])
        #expect(libc.has("malloc"))
        #expect(throws: CUDAError.symbolNotFound(symbol: "cuInit", library: "libc.so.6")) {
            let _: CUDADriverFunctions.Init = try libc.function("cuInit")
        }
        #expect(throws: CUDAError.symbolNotFound(symbol: "cuInit", library: "libc.so.6")) {
            _ = try CUDADriverFunctions(library: libc)
        }
        #expect(throws: CUDAError.symbolNotFound(symbol: "cublasCreate_v2", library: "libc.so.6")) {
            _ = try CUBLASFunctions(library: libc)
        }
        #expect(throws: CUDAError.symbolNotFound(symbol: "nvrtcCreateProgram", library: "libc.so.6")) {
            _ = try NVRTCFunctions(library: libc)
        }
    }

    @Test func resolvedFunctionIsCallable() throws {
        // The same dlsym + unsafeBitCast path the CUDA entry points take, on a libc function.
        typealias Abs = @convention(c) (Int32) -> Int32
        let libc = try DynamicLibrary.open(what: "C library", candidates: ["libvernier-missing.so", "libc.so.6"])
        #expect(libc.path == "libc.so.6")
        let abs: Abs = try libc.function("abs")
        #expect(abs(-42) == 42)
    }

    @Test(.enabled(if: dlopen("libcuda.so.1", RTLD_NOW) == nil, "this machine has a CUDA driver"))
    func withoutDriverTheDeviceErrorNamesTheDriver() {
        #expect(!CUDA.isAvailable)
        let reason = CUDA.unavailableReason ?? ""
        #expect(reason.hasPrefix("CUDA driver not found: tried libcuda.so.1, libcuda.so"))
        #expect(throws: CUDAError.self) { _ = try CUDA.device() }
    }

    @Test func candidatePathsTryTheOverrideThenSonamesThenToolkitFolders() {
        let plain = CUDALibraryCandidates.paths(for: ["libnvrtc.so.12"], environment: [:])
        #expect(plain.first == "libnvrtc.so.12")
        #expect(plain.contains("/usr/local/cuda/lib64/libnvrtc.so.12"))
        #expect(Set(plain).count == plain.count)
        let custom = CUDALibraryCandidates.paths(
            for: ["libcublas.so.12", "libcublas.so.11"], environment: ["VERNIER_CUDA_PATH": "/opt/cuda"])
        #expect(
            Array(custom.prefix(6)) == [
                "/opt/cuda/lib64/libcublas.so.12", "/opt/cuda/libcublas.so.12", "/opt/cuda/lib64/libcublas.so.11",
                "/opt/cuda/libcublas.so.11", "libcublas.so.12", "libcublas.so.11",
            ])
    }

    @Test func errorMessagesNameTheCallAndCode() {
        #expect(CUDAResultNames.driver(2) == "CUDA_ERROR_OUT_OF_MEMORY")
        #expect(CUDAResultNames.driver(100) == "CUDA_ERROR_NO_DEVICE")
        #expect(CUDAResultNames.driver(12345) == "CUresult 12345")
        #expect(CUDAResultNames.cublas(13) == "CUBLAS_STATUS_EXECUTION_FAILED")
        #expect(
            CUDAError.driver(call: "cuMemAlloc_v2(16 bytes)", code: 2, name: "CUDA_ERROR_OUT_OF_MEMORY").description
                == "CUDA driver: cuMemAlloc_v2(16 bytes) failed with CUDA_ERROR_OUT_OF_MEMORY (2)")
        let compile = CUDAError.nvrtc(
            call: "nvrtcCompileProgram", code: 6, message: "NVRTC_ERROR_COMPILATION",
            log: "vernier_kernels.cu(3): error: identifier \"y\" is undefined")
        #expect(compile.description.contains("NVRTC_ERROR_COMPILATION (6)\nvernier_kernels.cu(3): error"))
    }

    @Test func kernelSourceDefinesEveryKernelOnceWithCLinkage() {
        let source = CUDAKernelSource.source
        for kernel in CUDAKernelSource.Kernel.allCases {
            let declaration = "extern \"C\" __global__ void \(kernel.rawValue)("
            #expect(source.components(separatedBy: declaration).count == 2, "\(kernel.rawValue)")
        }
        #expect(source.components(separatedBy: "__global__").count - 1 == CUDAKernelSource.Kernel.allCases.count)
        #expect(source.filter { $0 == "{" }.count == source.filter { $0 == "}" }.count)
        #expect(source.filter { $0 == "(" }.count == source.filter { $0 == ")" }.count)
        #expect(!source.contains("#include"))  // NVRTC compiles it without any header
    }

    @Test func launchDimensionsCoverEveryElement() {
        #expect(LaunchDimensions(count: 0).gridSize == 0)
        #expect(LaunchDimensions(count: 1) == LaunchDimensions(count: 256))
        #expect(LaunchDimensions(count: 1).gridSize == 1)
        #expect(LaunchDimensions(count: 257).gridSize == 2)
        #expect(LaunchDimensions(count: 50_000 * 784).gridSize == 153_125)
        for count in [1, 63, 64, 65, 1000, 12_345] {
            let launch = LaunchDimensions(count: count, blockSize: 64)
            #expect(launch.gridSize * launch.blockSize >= count)
            #expect((launch.gridSize - 1) * launch.blockSize < count)
        }
    }

    @Test func argumentsArePackedOnePointerPerSlot() {
        var arguments = KernelArguments()
        arguments.append(UInt64(0x7f00_1234_5678))
        arguments.append(Int32(-5))
        arguments.append(Float(1.5))
        arguments.append(UInt32(7))
        #expect(arguments.count == 4)
        arguments.withParameterPointers { pointers in
            guard let pointers else {
                Issue.record("no parameter array")
                return
            }
            #expect(pointers[0]!.load(as: UInt64.self) == 0x7f00_1234_5678)
            #expect(pointers[1]!.load(as: Int32.self) == -5)
            #expect(pointers[2]!.load(as: Float.self) == 1.5)
            #expect(pointers[3]!.load(as: UInt32.self) == 7)
            #expect(pointers[1]! - pointers[0]! == 8)
        }
    }

    /// Column-major reference SGEMM (the BLAS definition cuBLAS implements): C = op(A)·op(B), C is m×n.
    static func columnMajorGemm(
        _ plan: GemmPlan, first: [Float], second: [Float]
    ) -> [Float] {
        let (m, n, k) = (Int(plan.m), Int(plan.n), Int(plan.k))
        var c = [Float](repeating: 0, count: Int(plan.ldc) * n)
        for j in 0..<n {
            for i in 0..<m {
                var sum: Float = 0
                for p in 0..<k {
                    let a = plan.transa == 0 ? first[i + p * Int(plan.lda)] : first[p + i * Int(plan.lda)]
                    let b = plan.transb == 0 ? second[p + j * Int(plan.ldb)] : second[j + p * Int(plan.ldb)]
                    sum += a * b
                }
                c[i + j * Int(plan.ldc)] = sum
            }
        }
        return c
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func gemmPlanComputesTheRowMajorProduct(transposeA: Bool, transposeB: Bool) {
        let (m, n, k) = (3, 5, 4)
        // A stored m×k (k×m when transposed), B stored k×n (n×k when transposed), row-major.
        let a = (0..<(m * k)).map { Float($0 % 7) - 3 }
        let b = (0..<(k * n)).map { Float($0 % 5) * 0.5 - 1 }
        func aValue(_ i: Int, _ p: Int) -> Float { transposeA ? a[p * m + i] : a[i * k + p] }
        func bValue(_ p: Int, _ j: Int) -> Float { transposeB ? b[j * k + p] : b[p * n + j] }
        var expected = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                expected[i * n + j] = (0..<k).reduce(0) { $0 + aValue(i, $1) * bValue($1, j) }
            }
        }
        let plan = GemmPlan(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k)
        #expect(plan.m == Int32(n) && plan.n == Int32(m) && plan.k == Int32(k))
        // cuBLAS gets B as its first operand and A as its second.
        #expect(Self.columnMajorGemm(plan, first: b, second: a) == expected)
    }

    @Test func architectureFallsBackToTheNewestSupported() {
        #expect(NVRTCArchitecture.choose(device: 90, supported: [75, 80, 86, 89, 90]) == 90)
        #expect(NVRTCArchitecture.choose(device: 120, supported: [75, 80, 90]) == 90)
        #expect(NVRTCArchitecture.choose(device: 61, supported: [75, 80]) == nil)
        #expect(NVRTCArchitecture.choose(device: 86, supported: []) == 86)
        #expect(NVRTCArchitecture.options(architecture: 90).first == "--gpu-architecture=compute_90")
        #expect(NVRTCArchitecture.options(architecture: 90, realDevice: true).first == "--gpu-architecture=sm_90")
    }

    @Test func parameterLayoutFollowsTheMLPVisitingOrder() {
        let layout = CUDAMLPTrainer.layout(sizes: [2, 3, 1])
        #expect(layout.weights == [0, 9])
        #expect(layout.biases == [6, 12])
        #expect(layout.count == 13)
        #expect(CUDAMLPTrainer.layout(sizes: [784, 200, 100, 50, 10]).count == 182_660)
    }
}
