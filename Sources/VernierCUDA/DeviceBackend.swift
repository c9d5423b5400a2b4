/// What ``CUDADevice`` needs from the machine underneath: memory, copies, SGEMM, kernel launches and
/// synchronization, addressed by 64-bit device addresses. ``CUDADriverBackend`` implements it with the CUDA
/// driver, cuBLAS and NVRTC; ``HostEmulatorBackend`` with host memory and Swift loops that mirror the CUDA C
/// kernels, so the code above it (``CUDAMLPTrainer``: buffer layout, argument packing, GEMM plans, the order of
/// operations) can be tested on a machine without a GPU.
protocol DeviceBackend: AnyObject, Sendable {
    /// Makes the backend usable on the calling thread (the CUDA context).
    func makeCurrent() throws(CUDAError)
    /// Allocates `bytes` (uninitialized); returns the device address.
    func allocate(bytes: Int) throws(CUDAError) -> UInt64
    /// Frees an address returned by ``allocate(bytes:)`` (errors are ignored: called from `deinit`).
    func free(_ address: UInt64)
    /// Copies `bytes` from the host to the device (after queued work).
    func copyToDevice(_ address: UInt64, from source: UnsafeRawPointer, bytes: Int) throws(CUDAError)
    /// Copies `bytes` from the device to the host (after queued work).
    func copyToHost(_ destination: UnsafeMutableRawPointer, from address: UInt64, bytes: Int) throws(CUDAError)
    /// Column-major SGEMM with cuBLAS's arguments.
    func sgemm(
        transa: Int32, transb: Int32, m: Int32, n: Int32, k: Int32, alpha: Float, a: UInt64, lda: Int32, b: UInt64,
        ldb: Int32, beta: Float, c: UInt64, ldc: Int32) throws(CUDAError)
    /// Queues `kernel` with `dimensions` and `arguments`.
    func launch(
        _ kernel: CUDAKernelSource.Kernel, dimensions: LaunchDimensions, arguments: KernelArguments
    ) throws(CUDAError)
    /// Waits for queued work.
    func synchronize() throws(CUDAError)
    /// Turns TF32 tensor-core GEMM on or off.
    func setTensorFloat32(_ enabled: Bool) throws(CUDAError)
}
