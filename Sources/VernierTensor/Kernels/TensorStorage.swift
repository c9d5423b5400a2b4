#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The heap buffer behind a ``Tensor``: a fixed number of `Float`s, 64-byte aligned from 256 elements up.
///
/// Buffers come straight from `malloc` / `posix_memalign` and go back with `free`: small ones then stay on the C
/// allocator's per-thread caches (the Swift allocation functions route every request through the slower aligned
/// path on Linux). Large ones go through ``BufferPool``, so that a training step reuses the previous step's
/// buffers instead of mapping, zeroing and unmapping fresh pages each time. Only kernels and the `Tensor` core touch
/// the pointer. Tensors share a storage until one of them is mutated (copy-on-write, checked with
/// `isKnownUniquelyReferenced`).
@usableFromInline
final class TensorStorage: @unchecked Sendable {
    @usableFromInline let count: Int
    @usableFromInline let pointer: UnsafeMutablePointer<Float>

    /// Uninitialized storage of `count` elements (callers must write every element).
    @usableFromInline
    init(uninitializedCount count: Int) {
        precondition(count >= 0, "TensorStorage: negative element count \(count)")
        self.count = count
        let bytes = Swift.max(count, 1) * MemoryLayout<Float>.stride
        var raw: UnsafeMutableRawPointer?
        if count >= BufferPool.minimumCount, let pooled = BufferPool.take(count: count) {
            raw = pooled
        } else if count >= 256 {
            if posix_memalign(&raw, 64, bytes) != 0 { raw = nil }
        } else {
            raw = malloc(bytes)
        }
        guard let raw else { fatalError("TensorStorage: out of memory allocating \(count) floats") }
        pointer = raw.bindMemory(to: Float.self, capacity: Swift.max(count, 1))
    }

    /// Storage of `count` copies of `value`.
    @usableFromInline
    convenience init(repeating value: Float, count: Int) {
        self.init(uninitializedCount: count)
        pointer.initialize(repeating: value, count: count)
    }

    /// Storage holding a copy of `buffer`.
    @usableFromInline
    convenience init(copying buffer: UnsafeBufferPointer<Float>) {
        self.init(uninitializedCount: buffer.count)
        if let base = buffer.baseAddress, buffer.count > 0 {
            pointer.initialize(from: base, count: buffer.count)
        }
    }

    /// A copy of this storage.
    @usableFromInline
    func copy() -> TensorStorage {
        TensorStorage(copying: UnsafeBufferPointer(start: pointer, count: count))
    }

    deinit {
        if count < BufferPool.minimumCount || !BufferPool.give(pointer, count: count) { free(pointer) }
    }
}
