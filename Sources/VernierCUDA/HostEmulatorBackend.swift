import Foundation

/// A ``DeviceBackend`` on the host, for tests without a GPU: memory is host memory (the "device address" is the
/// pointer's bit pattern), SGEMM is the column-major BLAS definition with cuBLAS's arguments, and each kernel is
/// a Swift loop over the launched threads that mirrors the CUDA C of ``CUDAKernelSource`` line by line. Before
/// running a kernel it checks the packed arguments against the parameter list parsed from the CUDA C source
/// (count, and pointer / `int` / `float` / `unsigned` per position), so a mismatch between the Swift caller
/// and the kernel's C signature fails here instead of on the GPU.
final class HostEmulatorBackend: DeviceBackend, @unchecked Sendable {
    private var allocations: [UInt64: Int] = [:]
    private let lock = NSLock()

    func makeCurrent() throws(CUDAError) {}

    func allocate(bytes: Int) throws(CUDAError) -> UInt64 {
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 256)
        let address = UInt64(UInt(bitPattern: pointer))
        lock.withLock { allocations[address] = bytes }
        return address
    }

    func free(_ address: UInt64) {
        lock.withLock { _ = allocations.removeValue(forKey: address) }
        raw(address).deallocate()
    }

    /// The number of live allocations (tests check that buffers are freed).
    var liveAllocations: Int { lock.withLock { allocations.count } }

    /// Throws unless `[address, address + bytes)` lies inside one allocation.
    private func checkRange(_ address: UInt64, _ bytes: Int, _ what: String) throws(CUDAError) {
        let inside = lock.withLock {
            allocations.contains { start, size in address >= start && address + UInt64(bytes) <= start + UInt64(size) }
        }
        guard inside else { throw .invalidArgument("\(what): \(bytes) bytes at \(address) outside every allocation") }
    }

    func copyToDevice(_ address: UInt64, from source: UnsafeRawPointer, bytes: Int) throws(CUDAError) {
        try checkRange(address, bytes, "copy to device")
        raw(address).copyMemory(from: source, byteCount: bytes)
    }

    func copyToHost(_ destination: UnsafeMutableRawPointer, from address: UInt64, bytes: Int) throws(CUDAError) {
        try checkRange(address, bytes, "copy to host")
        destination.copyMemory(from: raw(address), byteCount: bytes)
    }

    func sgemm(
        transa: Int32, transb: Int32, m: Int32, n: Int32, k: Int32, alpha: Float, a: UInt64, lda: Int32, b: UInt64,
        ldb: Int32, beta: Float, c: UInt64, ldc: Int32
    ) throws(CUDAError) {
        let (m, n, k, lda, ldb, ldc) = (Int(m), Int(n), Int(k), Int(lda), Int(ldb), Int(ldc))
        // The extents cuBLAS reads and writes (column-major, leading dimensions).
        try checkRange(a, 4 * (lda * ((transa == 0 ? k : m) - 1) + (transa == 0 ? m : k)), "sgemm A")
        try checkRange(b, 4 * (ldb * ((transb == 0 ? n : k) - 1) + (transb == 0 ? k : n)), "sgemm B")
        try checkRange(c, 4 * (ldc * (n - 1) + m), "sgemm C")
        let (aValues, bValues, cValues) = (floats(a), floats(b), floats(c))
        for j in 0..<n {
            for i in 0..<m {
                var sum: Float = 0
                for p in 0..<k {
                    let x = transa == 0 ? aValues[i + p * lda] : aValues[p + i * lda]
                    let y = transb == 0 ? bValues[p + j * ldb] : bValues[j + p * ldb]
                    sum += x * y
                }
                let index = i + j * ldc
                cValues[index] = beta == 0 ? alpha * sum : alpha * sum + beta * cValues[index]
            }
        }
    }

    func launch(
        _ kernel: CUDAKernelSource.Kernel, dimensions: LaunchDimensions, arguments: KernelArguments
    ) throws(CUDAError) {
        let parameters = CUDAKernelSource.parameters(of: kernel)
        guard parameters.count == arguments.count else {
            throw .invalidArgument(
                "\(kernel.rawValue) takes \(parameters.count) parameters, \(arguments.count) were packed")
        }
        let slots = arguments.slots
        for (index, parameter) in parameters.enumerated() where parameter.isPointer {
            try checkRange(slots[index], 4, "\(kernel.rawValue) parameter \(parameter.name)")
        }
        let threads = dimensions.gridSize * dimensions.blockSize
        func pointer(_ index: Int) -> UnsafeMutablePointer<Float> { floats(slots[index]) }
        func integers(_ index: Int) -> UnsafeMutablePointer<Int32> {
            UnsafeMutablePointer(bitPattern: UInt(slots[index]))!
        }
        func int(_ index: Int) -> Int { Int(Int32(truncatingIfNeeded: slots[index])) }
        func float(_ index: Int) -> Float { Float(bitPattern: UInt32(truncatingIfNeeded: slots[index])) }
        switch kernel {
        case .fill:
            let (x, value, n) = (pointer(0), float(1), int(2))
            for i in 0..<threads where i < n { x[i] = value }
        case .gatherRows:
            let (source, order, start, rows, width, destination) =
                (pointer(0), integers(1), int(2), int(3), int(4), pointer(5))
            for i in 0..<threads where i < rows * width {
                let (r, c) = (i / width, i % width)
                destination[i] = source[Int(order[start + r]) * width + c]
            }
        case .biasActivation:
            let (z, bias, rows, cols, relu) = (pointer(0), pointer(1), int(2), int(3), int(4))
            for i in 0..<threads where i < rows * cols {
                let value = z[i] + bias[i % cols]
                z[i] = (relu != 0 && value < 0) ? 0 : value
            }
        case .reluBackward:
            let (delta, activated, n) = (pointer(0), pointer(1), int(2))
            for i in 0..<threads where i < n && activated[i] <= 0 { delta[i] = 0 }
        case .softmaxCrossEntropy:
            let (logits, labels, order, start, rows, classes) =
                (pointer(0), integers(1), integers(2), int(3), int(4), int(5))
            let (delta, loss) = (pointer(6), pointer(7))
            let correct = UnsafeMutablePointer<UInt32>(bitPattern: UInt(slots[8]))!
            for r in 0..<threads where r < rows {
                let x = logits + r * classes
                let d = delta + r * classes
                let label = Int(labels[Int(order[start + r])])
                var (largest, best) = (x[0], 0)
                for c in 1..<max(classes, 1) where x[c] > largest { (largest, best) = (x[c], c) }
                var sum: Float = 0
                for c in 0..<classes { sum += expf(x[c] - largest) }
                let logSum = logf(sum)
                let scale = 1 / Float(rows)
                for c in 0..<classes {
                    let p = expf(x[c] - largest - logSum)
                    d[c] = (p - (c == label ? 1 : 0)) * scale
                }
                loss.pointee += (logSum + largest - x[label]) * scale
                if best == label { correct.pointee += 1 }
            }
        case .columnSums:
            let (x, rows, cols, out) = (pointer(0), int(1), int(2), pointer(3))
            for c in 0..<threads where c < cols {
                var sum: Float = 0
                for r in 0..<rows { sum += x[r * cols + c] }
                out[c] = sum
            }
        case .adam:
            let (p, g, m, v, n) = (pointer(0), pointer(1), pointer(2), pointer(3), int(4))
            let (stepSize, beta1, beta2, epsilon, correction2Root, weightDecay) =
                (float(5), float(6), float(7), float(8), float(9), float(10))
            for i in 0..<threads where i < n {
                let value = p[i]
                let gradient = g[i] + weightDecay * value
                let first = m[i] + (1 - beta1) * (gradient - m[i])
                let second = v[i] * beta2 + (1 - beta2) * gradient * gradient
                m[i] = first
                v[i] = second
                p[i] = value - stepSize * (first / (second.squareRoot() / correction2Root + epsilon))
            }
        }
    }

    func synchronize() throws(CUDAError) {}

    func setTensorFloat32(_ enabled: Bool) throws(CUDAError) {}

    private func raw(_ address: UInt64) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(bitPattern: UInt(address))!
    }

    private func floats(_ address: UInt64) -> UnsafeMutablePointer<Float> {
        UnsafeMutablePointer(bitPattern: UInt(address))!
    }
}
