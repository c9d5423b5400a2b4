/// The grid and block of a one-dimensional kernel launch over `count` elements (one thread per element).
///
/// ```swift
/// let launch = LaunchDimensions(count: 1000)   // blockSize 256, gridSize 4
/// ```
public struct LaunchDimensions: Equatable, Sendable {
    /// Threads per block.
    public var blockSize: Int
    /// Blocks in the grid (0 when there is nothing to do: the launch is skipped).
    public var gridSize: Int

    /// The largest grid in x the driver accepts.
    public static let maximumGridSize = Int(Int32.max)

    /// Enough blocks of `blockSize` threads to cover `count` elements.
    public init(count: Int, blockSize: Int = 256) {
        precondition(count >= 0, "LaunchDimensions: count must not be negative, got \(count)")
        precondition(blockSize > 0 && blockSize <= 1024, "LaunchDimensions: block size \(blockSize) not in 1...1024")
        self.blockSize = blockSize
        gridSize = (count + blockSize - 1) / blockSize
        precondition(gridSize <= Self.maximumGridSize, "LaunchDimensions: \(count) elements need too many blocks")
    }
}

/// The argument list of one `cuLaunchKernel` call: every value in its own 8-byte slot, and the array of pointers
/// to the slots that the driver reads (`kernelParams`). Values narrower than 8 bytes sit at the slot's start
/// (little-endian), which is where the driver copies `sizeof(parameter)` bytes from.
///
/// ```swift
/// var arguments = KernelArguments()
/// arguments.append(buffer.address)   // float*
/// arguments.append(Int32(n))         // int
/// arguments.append(Float(0.5))       // float
/// ```
public struct KernelArguments: Sendable {
    /// The slots, one per argument.
    public private(set) var slots: [UInt64] = []

    /// An empty list.
    public init() {}

    /// Appends one argument of at most 8 bytes (a device pointer, `Int32`, `UInt32`, `Float`, …).
    public mutating func append<T: BitwiseCopyable>(_ value: T) {
        precondition(MemoryLayout<T>.size <= 8, "KernelArguments: \(T.self) is wider than 8 bytes")
        var slot: UInt64 = 0
        withUnsafeMutableBytes(of: &slot) { raw in
            withUnsafeBytes(of: value) { raw.copyMemory(from: $0) }
        }
        slots.append(slot)
    }

    /// The number of arguments.
    public var count: Int { slots.count }

    /// Calls `body` with the `void**` array the driver expects (valid only inside `body`).
    ///
    /// ```swift
    /// arguments.withParameterPointers { driver.launchKernel(…, $0, nil) }
    /// ```
    public func withParameterPointers<R>(
        _ body: (UnsafeMutablePointer<UnsafeMutableRawPointer?>?) throws -> R
    )
        rethrows -> R
    {
        var values = slots
        return try values.withUnsafeMutableBufferPointer { slots in
            var pointers =
                (0..<slots.count).map { UnsafeMutableRawPointer(slots.baseAddress! + $0) }
                as [UnsafeMutableRawPointer?]
            return try pointers.withUnsafeMutableBufferPointer { try body($0.baseAddress) }
        }
    }
}

/// The cuBLAS (column-major) `sgemm` arguments that compute a row-major product `C = op(A)·op(B)`.
///
/// A row-major `m×n` matrix is the column-major `n×m` matrix of its transpose, so `C = op(A)·op(B)` is computed
/// as `Cᵀ = op(B)ᵀ·op(A)ᵀ`: cuBLAS gets B first, A second, the sizes `n, m, k`, and each operand's row length as
/// its leading dimension. No data is copied or transposed.
///
/// ```swift
/// let plan = GemmPlan(transposeA: false, transposeB: true, m: 64, n: 784, k: 200)
/// // plan.transa == 1 (T, applied to B), plan.m == 784, plan.n == 64, plan.lda == 200 (B's row length)
/// ```
public struct GemmPlan: Equatable, Sendable {
    /// cuBLAS `transa` (0 = N, 1 = T) for the first operand (the row-major B).
    public var transa: Int32
    /// cuBLAS `transb` for the second operand (the row-major A).
    public var transb: Int32
    /// cuBLAS `m` (= n of the row-major product).
    public var m: Int32
    /// cuBLAS `n` (= m of the row-major product).
    public var n: Int32
    /// cuBLAS `k`.
    public var k: Int32
    /// Leading dimension of the first operand (B).
    public var lda: Int32
    /// Leading dimension of the second operand (A).
    public var ldb: Int32
    /// Leading dimension of C.
    public var ldc: Int32

    /// The plan for row-major `C[m×n] = op(A)[m×k] · op(B)[k×n]` with densely stored operands: A is stored
    /// `m×k` (or `k×m` when `transposeA`), B is stored `k×n` (or `n×k` when `transposeB`).
    public init(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int) {
        precondition(m > 0 && n > 0 && k > 0, "GemmPlan: sizes must be positive, got m \(m), n \(n), k \(k)")
        precondition(
            [m, n, k].allSatisfy { $0 <= Int(Int32.max) }, "GemmPlan: sizes must fit in Int32, got \(m)×\(n)×\(k)")
        transa = transposeB ? 1 : 0
        transb = transposeA ? 1 : 0
        self.m = Int32(n)
        self.n = Int32(m)
        self.k = Int32(k)
        lda = Int32(transposeB ? k : n)
        ldb = Int32(transposeA ? m : k)
        ldc = Int32(n)
    }
}

/// Picks the virtual architecture NVRTC compiles for: the device's compute capability when NVRTC supports it,
/// otherwise the newest supported one below it (the driver JIT-compiles the PTX for the device).
///
/// ```swift
/// NVRTCArchitecture.choose(device: 90, supported: [75, 80, 86, 89, 90])   // 90
/// NVRTCArchitecture.choose(device: 100, supported: [75, 80, 90])          // 90
/// ```
public enum NVRTCArchitecture {
    /// The architecture number to compile for (`nil` when NVRTC supports none at or below the device).
    public static func choose(device: Int, supported: [Int]) -> Int? {
        if supported.isEmpty { return device }
        return supported.filter { $0 <= device }.max()
    }

    /// The NVRTC options for `architecture`: `--gpu-architecture=compute_XY` (PTX, JIT-compiled by the driver) or,
    /// with `realDevice`, `sm_XY` (device code for exactly that GPU), C++14, and `__device__` as the default (no
    /// fast-math flags, so results follow IEEE float like the CPU path).
    public static func options(architecture: Int, realDevice: Bool = false) -> [String] {
        ["--gpu-architecture=\(realDevice ? "sm" : "compute")_\(architecture)", "--std=c++14", "-default-device"]
    }
}
