import CAllocationCounter

/// The process-wide count of heap allocations (`malloc`, `calloc`, `realloc`, `posix_memalign`, …), kept by the
/// CAllocationCounter target, which the `vernier` executable links (glibc only; elsewhere it reads 0 and
/// ``isAvailable`` is false).
///
/// ```swift
/// let before = AllocationCounter.count
/// step()
/// let allocations = AllocationCounter.count - before
/// ```
enum AllocationCounter {
    /// Allocations made so far by every thread.
    static var count: UInt64 { UInt64(vernier_allocation_count()) }

    /// Whether allocations are counted on this platform.
    static var isAvailable: Bool { vernier_allocation_counting_available() != 0 }
}
