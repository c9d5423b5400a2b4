#if canImport(Glibc)
import Glibc
#endif

// The C signatures of the few CUDA functions Vernier calls, declared by hand (no CUDA headers at build time).
// Handles (`CUcontext`, `CUmodule`, `CUfunction`, `CUstream`, `cublasHandle_t`, `nvrtcProgram`) are opaque
// pointers; `CUdeviceptr` is a 64-bit integer; enums (`CUresult`, `cublasStatus_t`, `nvrtcResult`) are C ints.

/// The CUDA driver API entry points (libcuda), loaded by name; `_v2` names where `cuda.h` maps to them.
public struct CUDADriverFunctions: @unchecked Sendable {
    typealias Init = @convention(c) (UInt32) -> Int32
    typealias DriverGetVersion = @convention(c) (UnsafeMutablePointer<Int32>) -> Int32
    typealias DeviceGetCount = @convention(c) (UnsafeMutablePointer<Int32>) -> Int32
    typealias DeviceGet = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    typealias DeviceGetName = @convention(c) (UnsafeMutablePointer<CChar>, Int32, Int32) -> Int32
    typealias DeviceGetAttribute = @convention(c) (UnsafeMutablePointer<Int32>, Int32, Int32) -> Int32
    typealias PrimaryCtxRetain = @convention(c) (UnsafeMutablePointer<OpaquePointer?>, Int32) -> Int32
    typealias CtxSetCurrent = @convention(c) (OpaquePointer?) -> Int32
    typealias MemAlloc = @convention(c) (UnsafeMutablePointer<UInt64>, Int) -> Int32
    typealias MemFree = @convention(c) (UInt64) -> Int32
    typealias MemcpyHtoD = @convention(c) (UInt64, UnsafeRawPointer?, Int) -> Int32
    typealias MemcpyDtoH = @convention(c) (UnsafeMutableRawPointer?, UInt64, Int) -> Int32
    typealias ModuleLoadData = @convention(c) (UnsafeMutablePointer<OpaquePointer?>, UnsafeRawPointer?) -> Int32
    typealias ModuleGetFunction =
        @convention(c) (UnsafeMutablePointer<OpaquePointer?>, OpaquePointer?, UnsafePointer<CChar>) -> Int32
    typealias LaunchKernel =
        @convention(c) (
            OpaquePointer?, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, OpaquePointer?,
            UnsafeMutablePointer<UnsafeMutableRawPointer?>?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?
        ) -> Int32
    typealias StreamCreate = @convention(c) (UnsafeMutablePointer<OpaquePointer?>, UInt32) -> Int32
    typealias StreamSynchronize = @convention(c) (OpaquePointer?) -> Int32
    typealias GetErrorName = @convention(c) (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>) -> Int32

    let library: DynamicLibrary
    let initialize: Init
    let driverGetVersion: DriverGetVersion
    let deviceGetCount: DeviceGetCount
    let deviceGet: DeviceGet
    let deviceGetName: DeviceGetName
    let deviceGetAttribute: DeviceGetAttribute
    let primaryCtxRetain: PrimaryCtxRetain
    let ctxSetCurrent: CtxSetCurrent
    let memAlloc: MemAlloc
    let memFree: MemFree
    let memcpyHtoD: MemcpyHtoD
    let memcpyDtoH: MemcpyDtoH
    let moduleLoadData: ModuleLoadData
    let moduleGetFunction: ModuleGetFunction
    let launchKernel: LaunchKernel
    let streamCreate: StreamCreate
    let streamSynchronize: StreamSynchronize
    let getErrorName: GetErrorName?

    /// Resolves every function from `library` (throws naming the first missing one).
    init(library: DynamicLibrary) throws(CUDAError) {
        self.library = library
        initialize = try library.function("cuInit")
        driverGetVersion = try library.function("cuDriverGetVersion")
        deviceGetCount = try library.function("cuDeviceGetCount")
        deviceGet = try library.function("cuDeviceGet")
        deviceGetName = try library.function("cuDeviceGetName")
        deviceGetAttribute = try library.function("cuDeviceGetAttribute")
        primaryCtxRetain = try library.function("cuDevicePrimaryCtxRetain")
        ctxSetCurrent = try library.function("cuCtxSetCurrent")
        memAlloc = try library.function("cuMemAlloc_v2")
        memFree = try library.function("cuMemFree_v2")
        memcpyHtoD = try library.function("cuMemcpyHtoD_v2")
        memcpyDtoH = try library.function("cuMemcpyDtoH_v2")
        moduleLoadData = try library.function("cuModuleLoadData")
        moduleGetFunction = try library.function("cuModuleGetFunction")
        launchKernel = try library.function("cuLaunchKernel")
        streamCreate = try library.function("cuStreamCreate")
        streamSynchronize = try library.function("cuStreamSynchronize")
        getErrorName = library.has("cuGetErrorName") ? try library.function("cuGetErrorName") : nil
    }

    /// Throws ``CUDAError/driver(call:code:name:)`` for a non-zero result.
    func check(_ result: Int32, _ call: String) throws(CUDAError) {
        guard result != 0 else { return }
        var name = CUDAResultNames.driver(result)
        if let getErrorName {
            var text: UnsafePointer<CChar>?
            if getErrorName(result, &text) == 0, let text { name = String(cString: text) }
        }
        throw .driver(call: call, code: result, name: name)
    }
}

/// The cuBLAS entry points (libcublas), loaded by name.
public struct CUBLASFunctions: @unchecked Sendable {
    typealias Create = @convention(c) (UnsafeMutablePointer<OpaquePointer?>) -> Int32
    typealias SetStream = @convention(c) (OpaquePointer?, OpaquePointer?) -> Int32
    typealias SetMathMode = @convention(c) (OpaquePointer?, Int32) -> Int32
    typealias Sgemm =
        @convention(c) (
            OpaquePointer?, Int32, Int32, Int32, Int32, Int32, UnsafePointer<Float>, UInt64, Int32, UInt64, Int32,
            UnsafePointer<Float>, UInt64, Int32
        ) -> Int32

    let library: DynamicLibrary
    let create: Create
    let setStream: SetStream
    let setMathMode: SetMathMode
    let sgemm: Sgemm

    init(library: DynamicLibrary) throws(CUDAError) {
        self.library = library
        create = try library.function("cublasCreate_v2")
        setStream = try library.function("cublasSetStream_v2")
        setMathMode = try library.function("cublasSetMathMode")
        sgemm = try library.function("cublasSgemm_v2")
    }

    /// Throws ``CUDAError/cublas(call:code:name:)`` for a non-zero status.
    func check(_ status: Int32, _ call: String) throws(CUDAError) {
        guard status != 0 else { return }
        throw .cublas(call: call, code: status, name: CUDAResultNames.cublas(status))
    }
}

/// The NVRTC entry points (libnvrtc), loaded by name.
public struct NVRTCFunctions: @unchecked Sendable {
    typealias CreateProgram =
        @convention(c) (
            UnsafeMutablePointer<OpaquePointer?>, UnsafePointer<CChar>, UnsafePointer<CChar>?, Int32,
            UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<UnsafePointer<CChar>?>?
        ) -> Int32
    typealias CompileProgram = @convention(c) (OpaquePointer?, Int32, UnsafePointer<UnsafePointer<CChar>?>?) -> Int32
    typealias GetSize = @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int>) -> Int32
    typealias GetText = @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>) -> Int32
    typealias DestroyProgram = @convention(c) (UnsafeMutablePointer<OpaquePointer?>) -> Int32
    typealias GetErrorString = @convention(c) (Int32) -> UnsafePointer<CChar>?
    typealias GetNumSupportedArchs = @convention(c) (UnsafeMutablePointer<Int32>) -> Int32
    typealias GetSupportedArchs = @convention(c) (UnsafeMutablePointer<Int32>) -> Int32

    let library: DynamicLibrary
    let createProgram: CreateProgram
    let compileProgram: CompileProgram
    let getPTXSize: GetSize
    let getPTX: GetText
    let getLogSize: GetSize
    let getLog: GetText
    let destroyProgram: DestroyProgram
    let getErrorString: GetErrorString
    let getNumSupportedArchs: GetNumSupportedArchs?
    let getSupportedArchs: GetSupportedArchs?
    let getCUBINSize: GetSize?
    let getCUBIN: GetText?

    init(library: DynamicLibrary) throws(CUDAError) {
        self.library = library
        createProgram = try library.function("nvrtcCreateProgram")
        compileProgram = try library.function("nvrtcCompileProgram")
        getPTXSize = try library.function("nvrtcGetPTXSize")
        getPTX = try library.function("nvrtcGetPTX")
        getLogSize = try library.function("nvrtcGetProgramLogSize")
        getLog = try library.function("nvrtcGetProgramLog")
        destroyProgram = try library.function("nvrtcDestroyProgram")
        getErrorString = try library.function("nvrtcGetErrorString")
        let hasArchs = library.has("nvrtcGetNumSupportedArchs") && library.has("nvrtcGetSupportedArchs")
        getNumSupportedArchs = hasArchs ? try library.function("nvrtcGetNumSupportedArchs") : nil
        getSupportedArchs = hasArchs ? try library.function("nvrtcGetSupportedArchs") : nil
        let hasCUBIN = library.has("nvrtcGetCUBINSize") && library.has("nvrtcGetCUBIN")
        getCUBINSize = hasCUBIN ? try library.function("nvrtcGetCUBINSize") : nil
        getCUBIN = hasCUBIN ? try library.function("nvrtcGetCUBIN") : nil
    }

    /// Whether this NVRTC can emit device code (CUBIN) directly, not only PTX.
    var canEmitCUBIN: Bool { getCUBINSize != nil }

    /// The architectures this NVRTC compiles for (e.g. `[50, 52, …, 90]`), or `[]` when it cannot say.
    func supportedArchitectures() -> [Int] {
        guard let getNumSupportedArchs, let getSupportedArchs else { return [] }
        var count: Int32 = 0
        guard getNumSupportedArchs(&count) == 0, count > 0 else { return [] }
        var values = [Int32](repeating: 0, count: Int(count))
        guard getSupportedArchs(&values) == 0 else { return [] }
        return values.map(Int.init)
    }

    /// Compiles CUDA C `source` with `options` to PTX (or, with `cubin`, to device code: then the options must name
    /// a real architecture, `sm_XY`); throws ``CUDAError/nvrtc(call:code:message:log:)`` with the compile log.
    func compile(source: String, name: String, options: [String], cubin: Bool = false) throws(CUDAError) -> [CChar] {
        var program: OpaquePointer?
        let created = source.withCString { src in name.withCString { createProgram(&program, src, $0, 0, nil, nil) } }
        guard created == 0 else { throw error(created, "nvrtcCreateProgram", log: "") }
        defer { _ = destroyProgram(&program) }
        let optionStrings = options.map { strdup($0) }
        defer { for option in optionStrings { free(option) } }
        let pointers = optionStrings.map { UnsafePointer($0) }
        let compiled = pointers.withUnsafeBufferPointer {
            compileProgram(program, Int32(options.count), $0.baseAddress)
        }
        guard compiled == 0 else { throw error(compiled, "nvrtcCompileProgram", log: log(program)) }
        let (sizeFunction, textFunction, label) =
            cubin ? (getCUBINSize!, getCUBIN!, "nvrtcGetCUBIN") : (getPTXSize, getPTX, "nvrtcGetPTX")
        var size = 0
        let sized = sizeFunction(program, &size)
        guard sized == 0 else { throw error(sized, label + "Size", log: "") }
        var code = [CChar](repeating: 0, count: Swift.max(size, 1))
        let got = textFunction(program, &code)
        guard got == 0 else { throw error(got, label, log: "") }
        return code
    }

    private func log(_ program: OpaquePointer?) -> String {
        var size = 0
        guard getLogSize(program, &size) == 0, size > 1 else { return "" }
        var text = [CChar](repeating: 0, count: size)
        guard getLog(program, &text) == 0 else { return "" }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func error(_ code: Int32, _ call: String, log: String) -> CUDAError {
        let message = getErrorString(code).map { String(cString: $0) } ?? "nvrtcResult \(code)"
        return .nvrtc(call: call, code: code, message: message, log: log)
    }
}
