import Foundation

/// The real backend: a GPU through the CUDA driver API, cuBLAS and the NVRTC-compiled kernels.
final class CUDADriverBackend: DeviceBackend, @unchecked Sendable {
    let libraries: CUDALibraries
    let name: String
    let computeCapability: Int
    let driverVersion: Int
    let context: OpaquePointer?
    let stream: OpaquePointer?
    let cublasHandle: OpaquePointer?
    private var functions: [CUDAKernelSource.Kernel: OpaquePointer?] = [:]
    /// Why the kernels are unavailable (NVRTC missing or the compile failed); GEMM works regardless.
    private(set) var kernelError: CUDAError?

    var driver: CUDADriverFunctions { libraries.driver }

    /// Initializes the driver and opens device `ordinal`: retains its primary context, creates a stream and a
    /// cuBLAS handle bound to it and compiles the kernels with NVRTC.
    init(libraries: CUDALibraries, ordinal: Int) throws(CUDAError) {
        self.libraries = libraries
        let driver = libraries.driver
        try driver.check(driver.initialize(0), "cuInit")
        var version: Int32 = 0
        try driver.check(driver.driverGetVersion(&version), "cuDriverGetVersion")
        driverVersion = Int(version)
        var count: Int32 = 0
        try driver.check(driver.deviceGetCount(&count), "cuDeviceGetCount")
        guard count > 0 else { throw .noDevice }
        guard ordinal >= 0 && ordinal < Int(count) else {
            throw .invalidArgument("device \(ordinal) requested, but the driver reports \(count) device(s)")
        }
        var device: Int32 = 0
        try driver.check(driver.deviceGet(&device, Int32(ordinal)), "cuDeviceGet")
        var nameBuffer = [CChar](repeating: 0, count: 256)
        try driver.check(driver.deviceGetName(&nameBuffer, 256, device), "cuDeviceGetName")
        name = String(decoding: nameBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var major: Int32 = 0
        var minor: Int32 = 0
        // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75, _MINOR = 76.
        try driver.check(driver.deviceGetAttribute(&major, 75, device), "cuDeviceGetAttribute(major)")
        try driver.check(driver.deviceGetAttribute(&minor, 76, device), "cuDeviceGetAttribute(minor)")
        computeCapability = Int(major) * 10 + Int(minor)
        var context: OpaquePointer?
        try driver.check(driver.primaryCtxRetain(&context, device), "cuDevicePrimaryCtxRetain")
        self.context = context
        try driver.check(driver.ctxSetCurrent(context), "cuCtxSetCurrent")
        var stream: OpaquePointer?
        try driver.check(driver.streamCreate(&stream, 0), "cuStreamCreate")
        self.stream = stream
        var handle: OpaquePointer?
        try libraries.cublas.check(libraries.cublas.create(&handle), "cublasCreate_v2")
        cublasHandle = handle
        try libraries.cublas.check(libraries.cublas.setStream(handle, stream), "cublasSetStream_v2")
        do {
            try compileKernels(nvrtc: libraries.nvrtc.get())
        } catch {
            kernelError = error
        }
    }

    // The primary context, stream and handle live as long as the process (the device is opened once).

    private func compileKernels(nvrtc: NVRTCFunctions) throws(CUDAError) {
        let supported = nvrtc.supportedArchitectures()
        guard let architecture = NVRTCArchitecture.choose(device: computeCapability, supported: supported) else {
            throw .invalidArgument(
                "NVRTC supports architectures \(supported) but the device is compute \(computeCapability)")
        }
        let ptx = try nvrtc.compile(
            source: CUDAKernelSource.source, name: "vernier_kernels.cu",
            options: NVRTCArchitecture.options(architecture: architecture))
        var module: OpaquePointer?
        var loaded = ptx.withUnsafeBytes { driver.moduleLoadData(&module, $0.baseAddress) }
        // A driver older than NVRTC rejects its PTX (CUDA_ERROR_UNSUPPORTED_PTX_VERSION 222, or INVALID_PTX 218):
        // then load device code compiled for the exact architecture instead, which needs no JIT.
        if (loaded == 222 || loaded == 218) && nvrtc.canEmitCUBIN && architecture == computeCapability {
            let cubin = try nvrtc.compile(
                source: CUDAKernelSource.source, name: "vernier_kernels.cu",
                options: NVRTCArchitecture.options(architecture: architecture, realDevice: true), cubin: true)
            loaded = cubin.withUnsafeBytes { driver.moduleLoadData(&module, $0.baseAddress) }
        }
        try driver.check(loaded, "cuModuleLoadData")
        for kernel in CUDAKernelSource.Kernel.allCases {
            var function: OpaquePointer?
            try driver.check(
                kernel.rawValue.withCString { driver.moduleGetFunction(&function, module, $0) },
                "cuModuleGetFunction(\(kernel.rawValue))")
            functions[kernel] = function
        }
    }

    func makeCurrent() throws(CUDAError) {
        try driver.check(driver.ctxSetCurrent(context), "cuCtxSetCurrent")
    }

    func allocate(bytes: Int) throws(CUDAError) -> UInt64 {
        try makeCurrent()
        var address: UInt64 = 0
        try driver.check(driver.memAlloc(&address, bytes), "cuMemAlloc_v2(\(bytes) bytes)")
        return address
    }

    func free(_ address: UInt64) {
        _ = driver.ctxSetCurrent(context)
        _ = driver.memFree(address)
    }

    func copyToDevice(_ address: UInt64, from source: UnsafeRawPointer, bytes: Int) throws(CUDAError) {
        try synchronize()
        try driver.check(driver.memcpyHtoD(address, source, bytes), "cuMemcpyHtoD_v2")
    }

    func copyToHost(_ destination: UnsafeMutableRawPointer, from address: UInt64, bytes: Int) throws(CUDAError) {
        try synchronize()
        try driver.check(driver.memcpyDtoH(destination, address, bytes), "cuMemcpyDtoH_v2")
    }

    func sgemm(
        transa: Int32, transb: Int32, m: Int32, n: Int32, k: Int32, alpha: Float, a: UInt64, lda: Int32, b: UInt64,
        ldb: Int32, beta: Float, c: UInt64, ldc: Int32
    ) throws(CUDAError) {
        try makeCurrent()
        var alpha = alpha
        var beta = beta
        let status = libraries.cublas.sgemm(
            cublasHandle, transa, transb, m, n, k, &alpha, a, lda, b, ldb, &beta, c, ldc)
        try libraries.cublas.check(status, "cublasSgemm_v2")
    }

    func launch(
        _ kernel: CUDAKernelSource.Kernel, dimensions: LaunchDimensions, arguments: KernelArguments
    ) throws(CUDAError) {
        if let kernelError { throw kernelError }
        try makeCurrent()
        let function = functions[kernel] ?? nil
        let result = arguments.withParameterPointers { parameters in
            driver.launchKernel(
                function, UInt32(dimensions.gridSize), 1, 1, UInt32(dimensions.blockSize), 1, 1, 0, stream, parameters,
                nil)
        }
        try driver.check(result, "cuLaunchKernel(\(kernel.rawValue))")
    }

    func synchronize() throws(CUDAError) {
        try makeCurrent()
        try driver.check(driver.streamSynchronize(stream), "cuStreamSynchronize")
    }

    func setTensorFloat32(_ enabled: Bool) throws(CUDAError) {
        // CUBLAS_DEFAULT_MATH = 0, CUBLAS_TF32_TENSOR_OP_MATH = 3.
        try libraries.cublas.check(libraries.cublas.setMathMode(cublasHandle, enabled ? 3 : 0), "cublasSetMathMode")
    }
}
