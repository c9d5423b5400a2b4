/// An n-dimensional array of `Float`, row-major, with reverse-mode automatic differentiation.
///
/// Tensors are values: assigning one shares its buffer until either copy is mutated (copy-on-write).
/// Operations broadcast their operands by NumPy rules. Inside ``valueAndGradient(at:_:)`` every operation on
/// a tensor that depends on the differentiated input is recorded on a tape, and the gradient is computed by
/// one reverse sweep.
///
/// ```swift
/// let x = Tensor([[1, 2], [3, 4]])          // shape [2, 2]
/// let y = (x * x).sum()                     // 30
/// let (value, grad) = valueAndGradient(at: x) { x in (x * x).sum() }
/// // value 30, grad [[2, 4], [6, 8]]
/// ```
public struct Tensor: @unchecked Sendable {
    /// The size of each dimension; `[]` for a scalar.
    public internal(set) var shape: [Int]
    @usableFromInline var storage: TensorStorage
    /// The tape node recording how this tensor was computed; `nil` for constants.
    @usableFromInline var node: GradNode?

    @usableFromInline
    init(shape: [Int], storage: TensorStorage, node: GradNode? = nil) {
        self.shape = shape
        self.storage = storage
        self.node = node
    }

    /// Creates a tensor of the given shape from row-major scalars.
    ///
    /// ```swift
    /// let t = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    /// ```
    public init(shape: [Int], scalars: [Float]) {
        if let message = ShapeCheck.elementCount(shape: shape, count: scalars.count) {
            preconditionFailure(message)
        }
        self.shape = shape
        storage = scalars.withUnsafeBufferPointer { TensorStorage(copying: $0) }
        node = nil
    }

    /// Creates a tensor of the given shape filled with `value`.
    ///
    /// ```swift
    /// let z = Tensor(repeating: 0, shape: [3, 4])
    /// ```
    public init(repeating value: Float, shape: [Int]) {
        if let message = ShapeCheck.validShape(shape) { preconditionFailure(message) }
        self.shape = shape
        storage = TensorStorage(repeating: value, count: shape.reduce(1, *))
        node = nil
    }

    /// Creates a scalar (rank-0) tensor.
    ///
    /// ```swift
    /// let half = Tensor(0.5)
    /// ```
    public init(_ value: Float) {
        self.init(shape: [], scalars: [value])
    }

    /// Creates a vector (rank-1) tensor.
    ///
    /// ```swift
    /// let v = Tensor([1, 2, 3])
    /// ```
    public init(_ scalars: [Float]) {
        self.init(shape: [scalars.count], scalars: scalars)
    }

    /// Creates a matrix (rank-2) tensor from rows of equal length.
    ///
    /// ```swift
    /// let m = Tensor([[1, 2], [3, 4]])
    /// ```
    public init(_ rows: [[Float]]) {
        let columns = rows.first?.count ?? 0
        precondition(
            rows.allSatisfy { $0.count == columns },
            "Tensor(_ rows:): every row must have \(columns) elements")
        self.init(shape: [rows.count, columns], scalars: rows.flatMap { $0 })
    }

    /// Creates a tensor by letting `body` write all `count` elements of a fresh buffer.
    ///
    /// ```swift
    /// let ramp = Tensor(shape: [4]) { buffer in for i in buffer.indices { buffer[i] = Float(i) } }
    /// ```
    public init(
        shape: [Int], initializingWith body: (inout UnsafeMutableBufferPointer<Float>) throws -> Void
    )
        rethrows
    {
        if let message = ShapeCheck.validShape(shape) { preconditionFailure(message) }
        let count = shape.reduce(1, *)
        let storage = TensorStorage(uninitializedCount: count)
        var buffer = UnsafeMutableBufferPointer(start: storage.pointer, count: count)
        try body(&buffer)
        self.init(shape: shape, storage: storage)
    }

    /// A tensor of zeros.
    ///
    /// ```swift
    /// let z = Tensor.zeros([2, 2])
    /// ```
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }

    /// A tensor of ones.
    ///
    /// ```swift
    /// let o = Tensor.ones([3])
    /// ```
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(repeating: 1, shape: shape) }

    /// A tensor of zeros with the same shape as `other`.
    ///
    /// ```swift
    /// let g = Tensor.zeros(like: weights)
    /// ```
    public static func zeros(like other: Tensor) -> Tensor { Tensor(repeating: 0, shape: other.shape) }

    /// The number of dimensions.
    public var rank: Int { shape.count }

    /// The total number of elements.
    public var count: Int { storage.count }

    /// The elements in row-major order.
    ///
    /// ```swift
    /// Tensor([[1, 2], [3, 4]]).scalars   // [1, 2, 3, 4]
    /// ```
    public var scalars: [Float] {
        Array(UnsafeBufferPointer(start: storage.pointer, count: storage.count))
    }

    /// The single element of a one-element tensor.
    ///
    /// ```swift
    /// let loss = (x * x).sum().item   // Float
    /// ```
    public var item: Float {
        precondition(count == 1, "Tensor.item needs exactly one element, shape is \(shape)")
        return storage.pointer[0]
    }

    /// Whether this tensor is recorded on an active gradient tape.
    public var isTracked: Bool { node != nil }

    /// The same values, cut off from the gradient tape (gradients do not flow through it).
    ///
    /// ```swift
    /// let target = prediction.detached()
    /// ```
    public func detached() -> Tensor { Tensor(shape: shape, storage: storage) }

    /// Calls `body` with read-only access to the elements.
    ///
    /// ```swift
    /// let total = t.withUnsafeBufferPointer { $0.reduce(0, +) }
    /// ```
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.pointer, count: storage.count))
    }

    /// Calls `body` with write access to the elements, copying the buffer first if it is shared.
    ///
    /// Writing through this pointer is not recorded for autograd; the tensor is detached from the tape.
    /// ```swift
    /// weights.withUnsafeMutableBufferPointer { $0[0] = 1 }
    /// ```
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        makeUnique()
        node = nil
        var buffer = UnsafeMutableBufferPointer(start: storage.pointer, count: storage.count)
        return try body(&buffer)
    }

    /// Ensures this tensor owns its buffer (copy-on-write).
    @usableFromInline
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            storage = storage.copy()
        }
    }

    /// Reads or writes one element by its multi-dimensional index.
    ///
    /// ```swift
    /// var m = Tensor.zeros([2, 2])
    /// m[1, 0] = 5
    /// ```
    public subscript(index: Int...) -> Float {
        get { storage.pointer[flatIndex(index)] }
        set {
            let offset = flatIndex(index)
            makeUnique()
            node = nil
            storage.pointer[offset] = newValue
        }
    }

    func flatIndex(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "index \(index) has \(index.count) components, tensor rank is \(rank)")
        var offset = 0
        for (i, dimension) in shape.enumerated() {
            precondition(
                index[i] >= 0 && index[i] < dimension,
                "index \(index) out of range for shape \(shape) (axis \(i))")
            offset = offset * dimension + index[i]
        }
        return offset
    }
}

extension Tensor: CustomStringConvertible {
    /// A compact rendering: the shape and up to 16 elements.
    public var description: String {
        let shown = scalars.prefix(16).map { "\($0)" }.joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(shown)\(count > 16 ? ", …" : "")])"
    }
}

extension Tensor: Equatable {
    /// Two tensors are equal when their shapes and elements are equal (tape state is ignored).
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        lhs.shape == rhs.shape && lhs.scalars == rhs.scalars
    }
}
