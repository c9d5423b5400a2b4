import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Freed large tensor buffers, kept for the next request of the same size.
///
/// A training step allocates the same large buffers every time (unfolded images, activations, gradients). Freed
/// to the C allocator, buffers of megabytes go back to the system and return as fresh pages that the kernel must
/// map and zero on first touch, which cost the convolution network a fifth of its time. The pool keeps freed
/// buffers of ``minimumCount`` to ``maximumCount`` floats, at most ``capacity`` bytes in all, and hands one back
/// for an exact size match; when full, the buffers freed longest ago are released first. Buffers come back
/// uninitialized, as from `malloc`. Any thread may take and give (one lock).
enum BufferPool {
    /// The smallest buffer kept: 2¹⁴ floats (64 KiB).
    static let minimumCount = 1 << 14
    /// The largest buffer kept: 2²⁵ floats (128 MiB), so that evaluating a convolution network on 2048 images
    /// (a 26 MB first activation, 16 × 14 × 14 floats per image as the first convolution pools inside) reuses its
    /// buffers too.
    static let maximumCount = 1 << 25
    /// The most bytes the pool holds.
    static let capacity = 512 << 20

    private struct Shelf {
        /// Freed buffers (their addresses), oldest first.
        var buffers: [(count: Int, address: Int)] = []
        var bytes = 0
    }

    private static let shelf = Mutex(Shelf())

    /// A kept buffer of exactly `count` floats, or `nil`.
    static func take(count: Int) -> UnsafeMutableRawPointer? {
        let address: Int? = shelf.withLock { shelf in
            guard let index = shelf.buffers.lastIndex(where: { $0.count == count }) else { return nil }
            shelf.bytes -= count * MemoryLayout<Float>.stride
            return shelf.buffers.remove(at: index).address
        }
        return address.flatMap { UnsafeMutableRawPointer(bitPattern: $0) }
    }

    /// Keeps `pointer` (a buffer of `count` floats from `posix_memalign`) for a later ``take(count:)``; returns
    /// `false` when the size is not kept (the caller frees it).
    static func give(_ pointer: UnsafeMutablePointer<Float>, count: Int) -> Bool {
        guard count >= minimumCount && count <= maximumCount else { return false }
        let address = Int(bitPattern: pointer)
        let released: [Int] = shelf.withLock { shelf in
            shelf.buffers.append((count, address))
            shelf.bytes += count * MemoryLayout<Float>.stride
            var released: [Int] = []
            while shelf.bytes > capacity || shelf.buffers.count > 64 {
                let oldest = shelf.buffers.removeFirst()
                shelf.bytes -= oldest.count * MemoryLayout<Float>.stride
                released.append(oldest.address)
            }
            return released
        }
        for buffer in released { free(UnsafeMutableRawPointer(bitPattern: buffer)) }
        return true
    }
}
