#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A shared library opened with `dlopen`, from the first of several candidate files that opens.
///
/// ```swift
/// let library = try DynamicLibrary.open(what: "CUDA driver", candidates: ["libcuda.so.1", "libcuda.so"])
/// let cuInit: CUDADriverFunctions.Init = try library.function("cuInit")
/// ```
public final class DynamicLibrary: @unchecked Sendable {
    /// The candidate that opened.
    public let path: String
    private let handle: UnsafeMutableRawPointer

    private init(path: String, handle: UnsafeMutableRawPointer) {
        self.path = path
        self.handle = handle
    }

    /// Opens the first candidate that `dlopen` accepts (`RTLD_NOW | RTLD_LOCAL`); throws
    /// ``CUDAError/libraryNotFound(what:tried:lastError:)`` naming every candidate when none does.
    ///
    /// ```swift
    /// let cublas = try DynamicLibrary.open(what: "cuBLAS", candidates: ["libcublas.so.12", "libcublas.so.11"])
    /// ```
    public static func open(what: String, candidates: [String]) throws(CUDAError) -> DynamicLibrary {
        var lastError = "no candidates"
        for candidate in candidates {
            if let handle = dlopen(candidate, RTLD_NOW | RTLD_LOCAL) {
                return DynamicLibrary(path: candidate, handle: handle)
            }
            lastError = dlerror().map { String(cString: $0) } ?? "dlopen failed"
        }
        throw .libraryNotFound(what: what, tried: candidates, lastError: lastError)
    }

    /// The function `name`, cast to the C function type `F`; throws ``CUDAError/symbolNotFound(symbol:library:)``.
    ///
    /// ```swift
    /// let create: CUBLASFunctions.Create = try cublas.function("cublasCreate_v2")
    /// ```
    public func function<F>(_ name: String) throws(CUDAError) -> F {
        guard let symbol = dlsym(handle, name) else { throw .symbolNotFound(symbol: name, library: path) }
        return unsafeBitCast(symbol, to: F.self)
    }

    /// Whether the library exports `name`.
    public func has(_ name: String) -> Bool { dlsym(handle, name) != nil }

    // The handle is never closed: CUDA libraries do not support being unloaded while contexts exist.
}

/// The file names tried for each CUDA library, in order.
///
/// `VERNIER_CUDA_PATH` (a folder, e.g. `/usr/local/cuda`) is tried first (`<folder>/lib64/<name>` and
/// `<folder>/<name>`), then the bare sonames (the loader's search path), then the usual toolkit folders.
///
/// ```swift
/// CUDALibraryCandidates.paths(for: ["libnvrtc.so.12"], environment: [:])
/// // ["libnvrtc.so.12", "/usr/local/cuda/lib64/libnvrtc.so.12", …]
/// ```
public enum CUDALibraryCandidates {
    /// The driver's sonames.
    public static let driver = ["libcuda.so.1", "libcuda.so"]
    /// cuBLAS sonames, newest first.
    public static let cublas = ["libcublas.so.13", "libcublas.so.12", "libcublas.so.11", "libcublas.so"]
    /// cuBLASLt sonames (cuBLAS's own dependency), newest first.
    public static let cublasLt = ["libcublasLt.so.13", "libcublasLt.so.12", "libcublasLt.so.11"]
    /// NVRTC sonames, newest first.
    public static let nvrtc = ["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so.11", "libnvrtc.so"]
    /// Toolkit folders searched after the loader path.
    public static let folders = [
        "/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib", "/usr/local/cuda/targets/sbsa-linux/lib",
        "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
    ]

    /// Every path to try for `names`, without duplicates.
    public static func paths(for names: [String], environment: [String: String]) -> [String] {
        var result: [String] = []
        if let root = environment["VERNIER_CUDA_PATH"], !root.isEmpty {
            for name in names { result += ["\(root)/lib64/\(name)", "\(root)/\(name)"] }
        }
        result += names
        for folder in folders {
            for name in names { result.append("\(folder)/\(name)") }
        }
        var seen = Set<String>()
        return result.filter { seen.insert($0).inserted }
    }
}
