import Testing

@testable import VernierCUDA

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
                "CUDA driver not found: tried libvernier-missing-cuda.so.1, /nonexistent/libcuda.so")
                && message.contains("last error:")
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
    }
}
