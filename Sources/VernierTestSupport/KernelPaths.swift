import CVernierKernels
import Foundation

/// Runs a test body once on each instruction-set path of the C kernels (portable, SSE2, AVX2 where the CPU has
/// them), for the suites that check the paths give the same bits.
///
/// The path limit (`vernier_kernels_limit_isa`) is one setting for the whole process, and the test targets' suites
/// run in parallel in one test process: every limiting body runs under one lock, so two suites never change the
/// limit under each other (one suite lifting the limit while another reads its path count once made that suite
/// see a single path).
///
/// ```swift
/// let results = KernelPaths.onEveryPath { maxPool2d(x, kernelSize: 2).scalars }
/// #expect(results.count >= 2)
/// ```
public enum KernelPaths {
    private static let lock = NSLock()

    /// `body()` on paths `0…` the best the CPU supports, in order, with the limit lifted afterwards.
    public static func onEveryPath<T>(_ body: () -> T) -> [T] {
        lock.lock()
        defer {
            vernier_kernels_limit_isa(-1)
            lock.unlock()
        }
        vernier_kernels_limit_isa(-1)
        return (0...vernier_kernels_isa()).map { isa in
            vernier_kernels_limit_isa(Int32(isa))
            return body()
        }
    }
}
