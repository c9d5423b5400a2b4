import Foundation
import VernierTensor

/// The loaded CUDA libraries (driver, cuBLAS, NVRTC), opened once per process.
struct CUDALibraries: Sendable {
    let driver: CUDADriverFunctions
    let cublas: CUBLASFunctions
    /// NVRTC, or why it could not be loaded: without it GEMM still works, the kernels do not.
    let nvrtc: Result<NVRTCFunctions, CUDAError>

    /// Opens the libraries (driver first, so a machine without a GPU driver says so). A missing NVRTC is kept as
    /// an error for the first kernel launch instead of failing the device.
    static func load(environment: [String: String]) throws(CUDAError) -> CUDALibraries {
        let driver = try CUDADriverFunctions(
            library: DynamicLibrary.open(what: "CUDA driver", candidates: CUDALibraryCandidates.driver))
        // cuBLAS needs cublasLt from its own folder; opened first, the loader finds it by soname even where
        // libcublas has no RUNPATH.
        _ = try? DynamicLibrary.open(
            what: "cuBLASLt",
            candidates: CUDALibraryCandidates.paths(for: CUDALibraryCandidates.cublasLt, environment: environment))
        let cublas = try CUBLASFunctions(
            library: DynamicLibrary.open(
                what: "cuBLAS",
                candidates: CUDALibraryCandidates.paths(for: CUDALibraryCandidates.cublas, environment: environment)))
        let nvrtc = Result { () throws(CUDAError) -> NVRTCFunctions in
            try NVRTCFunctions(
                library: DynamicLibrary.open(
                    what: "NVRTC",
                    candidates: CUDALibraryCandidates.paths(for: CUDALibraryCandidates.nvrtc, environment: environment))
            )
        }
        return CUDALibraries(driver: driver, cublas: cublas, nvrtc: nvrtc)
    }
}

/// Whether a CUDA device can be used in this process, and the device itself.
///
/// ```swift
/// if CUDA.isAvailable { let device = try CUDA.device() }
/// else { print("no CUDA device: \(CUDA.unavailableReason ?? "")") }
/// ```
public enum CUDA {
    private static let opened: Result<CUDADevice, CUDAError> = Result(catching: {
        () throws(CUDAError) -> CUDADevice in try CUDADevice.open(ordinal: 0)
    })

    /// The first CUDA device, opened once (libraries loaded, primary context, stream, cuBLAS handle, kernels
    /// compiled); throws why not (a missing library, no device, a failed call).
    ///
    /// ```swift
    /// let device = try CUDA.device()
    /// ```
    public static func device() throws(CUDAError) -> CUDADevice { try opened.get() }

    /// Whether ``device()`` succeeds.
    public static var isAvailable: Bool { (try? opened.get()) != nil }

    /// Why ``device()`` fails (`nil` when it succeeds).
    public static var unavailableReason: String? {
        if case .failure(let error) = opened { return error.description }
        return nil
    }
}

/// One CUDA GPU: its primary context, a stream, a cuBLAS handle and the kernels of ``CUDAKernelSource`` compiled
/// with NVRTC. Every operation is queued on the device's one stream in call order; ``synchronize()`` and the
/// downloads wait for it. Each call makes the context current on the calling thread; use the device from one
/// thread at a time (the stream and the cuBLAS handle are shared).
///
/// ```swift
/// let device = try CUDA.device()
/// let a = try device.upload([Float](repeating: 1, count: 6))       // 2×3
/// let b = try device.upload([Float](repeating: 2, count: 12))      // 3×4
/// let c = try device.allocate(count: 8)
/// try device.gemm(m: 2, n: 4, k: 3, a: a, b: b, c: c)              // row-major C = A·B
/// try c.download()   // [6, 6, 6, 6, 6, 6, 6, 6]
/// ```
public final class CUDADevice: @unchecked Sendable {
    /// The device's name, e.g. "NVIDIA H100 80GB HBM3".
    public let name: String
    /// The compute capability as `major * 10 + minor` (90 for Hopper).
    public let computeCapability: Int
    /// The driver's CUDA version as `1000 * major + 10 * minor` (12040 for 12.4).
    public let driverVersion: Int
    /// Where the driver, cuBLAS and NVRTC were loaded from.
    public let libraryPaths: [String]

    let backend: any DeviceBackend
    private var tensorFloat32 = false

    /// Loads the libraries (`dlopen`), initializes the driver and opens device `ordinal`: retains its primary
    /// context, creates a stream and a cuBLAS handle bound to it and compiles the kernels with NVRTC.
    ///
    /// ```swift
    /// let device = try CUDADevice.open()
    /// ```
    public static func open(
        ordinal: Int = 0, environment: [String: String] = ProcessInfo.processInfo.environment
    )
        throws(CUDAError) -> CUDADevice
    {
        let libraries = try CUDALibraries.load(environment: environment)
        let backend = try CUDADriverBackend(libraries: libraries, ordinal: ordinal)
        return CUDADevice(
            backend: backend, name: backend.name, computeCapability: backend.computeCapability,
            driverVersion: backend.driverVersion,
            libraryPaths: [
                libraries.driver.library.path, libraries.cublas.library.path,
                (try? libraries.nvrtc.get().library.path) ?? "NVRTC not loaded",
            ])
    }

    /// A device on the host: memory in RAM, GEMM and the kernels as Swift loops that mirror the CUDA C (see
    /// ``HostEmulatorBackend``). For testing the code above the device without a GPU; slow.
    ///
    /// ```swift
    /// let device = CUDADevice.hostEmulator()
    /// ```
    public static func hostEmulator() -> CUDADevice {
        CUDADevice(
            backend: HostEmulatorBackend(), name: "host emulator", computeCapability: 0, driverVersion: 0,
            libraryPaths: [])
    }

    init(
        backend: any DeviceBackend, name: String, computeCapability: Int, driverVersion: Int, libraryPaths: [String]
    ) {
        self.backend = backend
        self.name = name
        self.computeCapability = computeCapability
        self.driverVersion = driverVersion
        self.libraryPaths = libraryPaths
    }

    /// Why the NVRTC kernels are unavailable on this device (NVRTC not found, or the compile failed; GEMM still
    /// works), or `nil` when they are ready.
    ///
    /// ```swift
    /// if let reason = device.kernelsUnavailableReason { print(reason) }
    /// ```
    public var kernelsUnavailableReason: String? {
        (backend as? CUDADriverBackend)?.kernelError?.description
    }

    /// Makes the device usable on the calling thread.
    func makeCurrent() throws(CUDAError) { try backend.makeCurrent() }

    /// Whether cuBLAS may use TF32 tensor cores for FP32 GEMM (`CUBLAS_TF32_TENSOR_OP_MATH`): about 10× the
    /// FP32 rate on Hopper, with a 10-bit mantissa in the products. Off by default.
    ///
    /// ```swift
    /// try device.setTensorFloat32(true)
    /// ```
    public func setTensorFloat32(_ enabled: Bool) throws(CUDAError) {
        try backend.setTensorFloat32(enabled)
        tensorFloat32 = enabled
    }

    /// Whether TF32 GEMM is on (see ``setTensorFloat32(_:)``).
    public var usesTensorFloat32: Bool { tensorFloat32 }

    /// Allocates `count` floats (uninitialized) on the device.
    ///
    /// ```swift
    /// let buffer = try device.allocate(count: 1024)
    /// ```
    public func allocate(count: Int) throws(CUDAError) -> CUDABuffer {
        try CUDABuffer(device: self, count: count)
    }

    /// Allocates a buffer holding `values`.
    ///
    /// ```swift
    /// let weights = try device.upload([0.1, 0.2, 0.3])
    /// ```
    public func upload(_ values: [Float]) throws(CUDAError) -> CUDABuffer {
        let buffer = try allocate(count: values.count)
        try buffer.upload(values)
        return buffer
    }

    /// Allocates a buffer holding the tensor's elements (row-major).
    ///
    /// ```swift
    /// let features = try device.upload(dataset.features)
    /// ```
    public func upload(_ tensor: Tensor) throws(CUDAError) -> CUDABuffer {
        let buffer = try allocate(count: tensor.count)
        let failure = tensor.withUnsafeBufferPointer { values in
            Result { () throws(CUDAError) in try buffer.upload(UnsafeRawBufferPointer(values)) }
        }
        try failure.get()
        return buffer
    }

    /// Waits until every queued operation has finished.
    public func synchronize() throws(CUDAError) { try backend.synchronize() }

    /// Row-major `C = alpha·op(A)·op(B) + beta·C` with cuBLAS (`op(A)` is `m×k`, `op(B)` is `k×n`; A is stored
    /// `m×k`, or `k×m` when `transposeA`; B `k×n`, or `n×k` when `transposeB`), via ``GemmPlan``: one
    /// `cublasSgemm_v2` call with the operands swapped, no copies.
    ///
    /// ```swift
    /// try device.gemm(transposeA: true, m: 784, n: 200, k: 64, a: inputs, b: deltas, c: weightGradient)
    /// ```
    public func gemm(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: CUDABuffer, aOffset: Int = 0, b: CUDABuffer, bOffset: Int = 0, beta: Float = 0, c: CUDABuffer,
        cOffset: Int = 0
    ) throws(CUDAError) {
        guard aOffset + m * k <= a.count, bOffset + k * n <= b.count, cOffset + m * n <= c.count else {
            throw .invalidArgument("gemm \(m)×\(n)×\(k): a buffer is too small")
        }
        let plan = GemmPlan(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k)
        try columnMajorSgemm(
            transa: plan.transa, transb: plan.transb, m: plan.m, n: plan.n, k: plan.k, alpha: alpha,
            a: b.address(offset: bOffset), lda: plan.lda, b: a.address(offset: aOffset), ldb: plan.ldb, beta: beta,
            c: c.address(offset: cOffset), ldc: plan.ldc)
    }

    /// cuBLAS `cublasSgemm_v2` called directly with column-major arguments (device addresses), for comparison
    /// with ``gemm(transposeA:transposeB:m:n:k:alpha:a:aOffset:b:bOffset:beta:c:cOffset:)``.
    ///
    /// ```swift
    /// try device.columnMajorSgemm(transa: 0, transb: 0, m: 8192, n: 8192, k: 8192, alpha: 1,
    ///     a: a.address(), lda: 8192, b: b.address(), ldb: 8192, beta: 0, c: c.address(), ldc: 8192)
    /// ```
    public func columnMajorSgemm(
        transa: Int32, transb: Int32, m: Int32, n: Int32, k: Int32, alpha: Float, a: UInt64, lda: Int32, b: UInt64,
        ldb: Int32, beta: Float, c: UInt64, ldc: Int32
    ) throws(CUDAError) {
        try backend.sgemm(
            transa: transa, transb: transb, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta,
            c: c, ldc: ldc)
    }

    /// Queues `kernel` over `count` threads (skipped when `count` is 0).
    func launch(_ kernel: CUDAKernelSource.Kernel, count: Int, _ arguments: KernelArguments) throws(CUDAError) {
        let dimensions = LaunchDimensions(count: count)
        guard dimensions.gridSize > 0 else { return }
        try backend.launch(kernel, dimensions: dimensions, arguments: arguments)
    }

    /// Sets `count` floats of `buffer` from `offset` to `value` (a kernel on the stream).
    public func fill(_ buffer: CUDABuffer, offset: Int = 0, count: Int? = nil, value: Float) throws(CUDAError) {
        let count = count ?? buffer.count - offset
        guard offset >= 0, count >= 0, offset + count <= buffer.count else {
            throw .invalidArgument("fill of \(count) floats at \(offset) in a buffer of \(buffer.count)")
        }
        var arguments = KernelArguments()
        arguments.append(buffer.address(offset: offset))
        arguments.append(value)
        arguments.append(Int32(count))
        try launch(.fill, count: count, arguments)
    }
}

/// Memory on a CUDA device (`count` 32-bit elements), freed when the last reference goes away.
///
/// ```swift
/// let buffer = try device.upload([1, 2, 3])
/// let values = try buffer.download()   // [1, 2, 3]
/// ```
public final class CUDABuffer: @unchecked Sendable {
    /// The device that owns the memory.
    public let device: CUDADevice
    /// The number of 4-byte elements.
    public let count: Int
    private let base: UInt64

    init(device: CUDADevice, count: Int) throws(CUDAError) {
        guard count >= 0 else { throw .invalidArgument("allocation of \(count) elements") }
        self.device = device
        self.count = count
        var pointer: UInt64 = 0
        if count > 0 { pointer = try device.backend.allocate(bytes: count * 4) }
        base = pointer
    }

    deinit {
        if base != 0 { device.backend.free(base) }
    }

    /// The device address of element `offset` (for kernel arguments and raw cuBLAS calls).
    public func address(offset: Int = 0) -> UInt64 { base + UInt64(offset * 4) }

    /// Copies `bytes` to the start of the buffer (after the stream's queued work).
    public func upload(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) throws(CUDAError) {
        guard bytes.count % 4 == 0, offset >= 0, offset + bytes.count / 4 <= count else {
            throw .invalidArgument("upload of \(bytes.count) bytes at \(offset) into a buffer of \(count) elements")
        }
        guard bytes.count > 0, let source = bytes.baseAddress else { return }
        try device.backend.copyToDevice(address(offset: offset), from: source, bytes: bytes.count)
    }

    /// Copies `values` into the buffer from `offset`.
    public func upload(_ values: [Float], offset: Int = 0) throws(CUDAError) {
        try values.withUnsafeBytes { raw in Result { () throws(CUDAError) in try upload(raw, offset: offset) } }.get()
    }

    /// Copies `values` (e.g. labels or an index order) into the buffer from `offset`.
    public func upload(_ values: [Int32], offset: Int = 0) throws(CUDAError) {
        try values.withUnsafeBytes { raw in Result { () throws(CUDAError) in try upload(raw, offset: offset) } }.get()
    }

    /// Waits for the stream, then copies `count` floats from `offset` back to the host.
    public func download(offset: Int = 0, count: Int? = nil) throws(CUDAError) -> [Float] {
        let count = count ?? self.count - offset
        guard offset >= 0, count >= 0, offset + count <= self.count else {
            throw .invalidArgument("download of \(count) elements at \(offset) from a buffer of \(self.count)")
        }
        var values = [Float](repeating: 0, count: count)
        guard count > 0 else { return values }
        let backend = device.backend
        let source = address(offset: offset)
        let failure = values.withUnsafeMutableBytes { raw in
            Result { () throws(CUDAError) in try backend.copyToHost(raw.baseAddress!, from: source, bytes: raw.count) }
        }
        try failure.get()
        return values
    }

    /// Like ``download(offset:count:)`` for 32-bit integers (counters, labels).
    public func downloadIntegers(offset: Int = 0, count: Int? = nil) throws(CUDAError) -> [UInt32] {
        try download(offset: offset, count: count).map { $0.bitPattern }
    }
}
