/// Why a CUDA operation failed: a library that could not be loaded, a missing symbol, no device, or an error
/// code returned by the driver, cuBLAS or NVRTC (with its name and number, and NVRTC's compile log).
///
/// ```swift
/// do { _ = try CUDADevice.open() } catch { print(error) }   // "CUDA driver not found: tried libcuda.so.1, …"
/// ```
public enum CUDAError: Error, Equatable, Sendable, CustomStringConvertible {
    /// None of the candidate files of a library could be opened (`what` is e.g. "CUDA driver").
    case libraryNotFound(what: String, tried: [String], lastError: String)
    /// A library was opened but lacks a function.
    case symbolNotFound(symbol: String, library: String)
    /// A driver API call returned an error (`CUresult`).
    case driver(call: String, code: Int32, name: String)
    /// A cuBLAS call returned an error (`cublasStatus_t`).
    case cublas(call: String, code: Int32, name: String)
    /// NVRTC failed (`nvrtcResult`); `log` holds the compiler's log when there is one.
    case nvrtc(call: String, code: Int32, message: String, log: String)
    /// The driver loaded but reports no CUDA device.
    case noDevice
    /// A request the backend does not support or that does not match the data (sizes, labels, …).
    case invalidArgument(String)

    /// The message, naming what was missing or which call failed.
    public var description: String {
        switch self {
        case .libraryNotFound(let what, let tried, let lastError):
            "\(what) not found: tried \(tried.joined(separator: ", ")) (last error: \(lastError))"
        case .symbolNotFound(let symbol, let library):
            "CUDA: function \(symbol) not found in \(library) (library too old?)"
        case .driver(let call, let code, let name):
            "CUDA driver: \(call) failed with \(name) (\(code))"
        case .cublas(let call, let code, let name):
            "cuBLAS: \(call) failed with \(name) (\(code))"
        case .nvrtc(let call, let code, let message, let log):
            "NVRTC: \(call) failed with \(message) (\(code))" + (log.isEmpty ? "" : "\n\(log)")
        case .noDevice:
            "CUDA: the driver reports no CUDA device"
        case .invalidArgument(let message):
            "CUDA: \(message)"
        }
    }
}

/// Names of result codes, for messages when the library's own name function is unavailable.
public enum CUDAResultNames {
    /// The `CUresult` enumerator name of a driver API result, e.g. `CUDA_ERROR_OUT_OF_MEMORY` for 2.
    ///
    /// ```swift
    /// CUDAResultNames.driver(100)   // "CUDA_ERROR_NO_DEVICE"
    /// ```
    public static func driver(_ code: Int32) -> String {
        switch code {
        case 0: "CUDA_SUCCESS"
        case 1: "CUDA_ERROR_INVALID_VALUE"
        case 2: "CUDA_ERROR_OUT_OF_MEMORY"
        case 3: "CUDA_ERROR_NOT_INITIALIZED"
        case 4: "CUDA_ERROR_DEINITIALIZED"
        case 34: "CUDA_ERROR_STUB_LIBRARY"
        case 46: "CUDA_ERROR_DEVICE_UNAVAILABLE"
        case 100: "CUDA_ERROR_NO_DEVICE"
        case 101: "CUDA_ERROR_INVALID_DEVICE"
        case 200: "CUDA_ERROR_INVALID_IMAGE"
        case 201: "CUDA_ERROR_INVALID_CONTEXT"
        case 209: "CUDA_ERROR_NO_BINARY_FOR_GPU"
        case 218: "CUDA_ERROR_INVALID_PTX"
        case 222: "CUDA_ERROR_UNSUPPORTED_PTX_VERSION"
        case 300: "CUDA_ERROR_INVALID_SOURCE"
        case 400: "CUDA_ERROR_INVALID_HANDLE"
        case 500: "CUDA_ERROR_NOT_FOUND"
        case 600: "CUDA_ERROR_NOT_READY"
        case 700: "CUDA_ERROR_ILLEGAL_ADDRESS"
        case 701: "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES"
        case 702: "CUDA_ERROR_LAUNCH_TIMEOUT"
        case 719: "CUDA_ERROR_LAUNCH_FAILED"
        case 803: "CUDA_ERROR_SYSTEM_NOT_READY"
        case 804: "CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE"
        case 999: "CUDA_ERROR_UNKNOWN"
        default: "CUresult \(code)"
        }
    }

    /// The `cublasStatus_t` enumerator name, e.g. `CUBLAS_STATUS_NOT_INITIALIZED` for 1.
    ///
    /// ```swift
    /// CUDAResultNames.cublas(3)   // "CUBLAS_STATUS_ALLOC_FAILED"
    /// ```
    public static func cublas(_ code: Int32) -> String {
        switch code {
        case 0: "CUBLAS_STATUS_SUCCESS"
        case 1: "CUBLAS_STATUS_NOT_INITIALIZED"
        case 3: "CUBLAS_STATUS_ALLOC_FAILED"
        case 7: "CUBLAS_STATUS_INVALID_VALUE"
        case 8: "CUBLAS_STATUS_ARCH_MISMATCH"
        case 11: "CUBLAS_STATUS_MAPPING_ERROR"
        case 13: "CUBLAS_STATUS_EXECUTION_FAILED"
        case 14: "CUBLAS_STATUS_INTERNAL_ERROR"
        case 15: "CUBLAS_STATUS_NOT_SUPPORTED"
        case 16: "CUBLAS_STATUS_LICENSE_ERROR"
        default: "cublasStatus_t \(code)"
        }
    }
}
