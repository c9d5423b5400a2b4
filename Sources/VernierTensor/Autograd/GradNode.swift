import Synchronization

/// One recorded operation on the gradient tape.
///
/// A node keeps its parents (the nodes of the operation's tracked inputs) and a pullback that maps the
/// gradient of the output to the gradients of the inputs. Nodes only point backwards, so a graph is a DAG and
/// is freed as soon as the last tensor that refers to it goes away: no retain cycles.
///
/// Unary and binary operations (almost all of them) store their parents inline and return their gradients
/// without an array, so recording and sweeping a small graph allocates little.
@usableFromInline
final class GradNode: @unchecked Sendable {
    /// Creation order; parents always have smaller ids, so decreasing id is a reverse topological order.
    let id: Int
    /// The parents and the pullback.
    let operation: Operation
    /// The gradient accumulated during a reverse sweep.
    var gradient: Tensor?
    /// The sweep that last visited this node (see `backpropagate`).
    var visitedBy = 0

    /// How a node's output gradient becomes its inputs' gradients.
    enum Operation {
        /// A leaf: an input of `valueAndGradient`.
        case leaf
        /// One tracked input.
        case unary(GradNode, (Tensor) -> Tensor)
        /// Two inputs (`nil` where that input is a constant); the pullback returns `nil` for constants.
        case binary(GradNode?, GradNode?, (Tensor) -> (Tensor?, Tensor?))
        /// Any number of inputs.
        case nary([GradNode?], (Tensor) -> [Tensor?])
    }

    init(_ operation: Operation) {
        id = nodeCounter.add(1, ordering: .relaxed).newValue
        self.operation = operation
    }

    /// Calls `body` on each parent that is tracked.
    @inline(__always)
    func forEachParent(_ body: (GradNode) -> Void) {
        switch operation {
        case .leaf: break
        case .unary(let parent, _): body(parent)
        case .binary(let first, let second, _):
            if let first { body(first) }
            if let second { body(second) }
        case .nary(let parents, _):
            for case let parent? in parents { body(parent) }
        }
    }
}

private let nodeCounter = Atomic<Int>(0)
/// Numbers the reverse sweeps, so that visited marks need no clearing.
let sweepCounter = Atomic<Int>(0)

/// Whether operations record onto the tape on this thread (``withoutGradient(_:)`` turns it off).
enum GradientMode {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    static var isDisabled: Bool {
        get { pthread_getspecific(key) != nil }
        set { pthread_setspecific(key, newValue ? UnsafeRawPointer(bitPattern: 1) : nil) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Tensor {
    /// Wraps the result of an operation: records a node when any input is tracked and recording is on.
    ///
    /// `pullback` receives the output gradient and returns one gradient per input, already reduced to the
    /// input's shape. It must only use detached tensors, so that the backward sweep records nothing.
    @inlinable
    static func record(
        _ result: Tensor, inputs: [Tensor], pullback: @escaping (Tensor) -> [Tensor?]
    ) -> Tensor {
        var anyTracked = false
        for input in inputs where input.node != nil {
            anyTracked = true
            break
        }
        guard anyTracked else { return result }
        return recordTracked(result, inputs: inputs, pullback: pullback)
    }

    @usableFromInline
    static func recordTracked(
        _ result: Tensor, inputs: [Tensor], pullback: @escaping (Tensor) -> [Tensor?]
    ) -> Tensor {
        if GradientMode.isDisabled { return result }
        var output = result
        output.node = GradNode(.nary(inputs.map { $0.node }, pullback))
        return output
    }

    /// Single-input form of ``record(_:inputs:pullback:)``.
    @inlinable
    static func record(_ result: Tensor, input: Tensor, pullback: @escaping (Tensor) -> Tensor) -> Tensor {
        guard let parent = input.node else { return result }
        return recordUnary(result, parent: parent, pullback: pullback)
    }

    @usableFromInline
    static func recordUnary(_ result: Tensor, parent: GradNode, pullback: @escaping (Tensor) -> Tensor) -> Tensor {
        if GradientMode.isDisabled { return result }
        var output = result
        output.node = GradNode(.unary(parent, pullback))
        return output
    }

    /// Two-input form of ``record(_:inputs:pullback:)``: the pullback returns `nil` for an input that is a
    /// constant.
    @inlinable
    static func record(
        _ result: Tensor, _ first: Tensor, _ second: Tensor,
        pullback: @escaping (Tensor) -> (Tensor?, Tensor?)
    ) -> Tensor {
        guard first.node != nil || second.node != nil else { return result }
        return recordBinary(result, first.node, second.node, pullback: pullback)
    }

    @usableFromInline
    static func recordBinary(
        _ result: Tensor, _ first: GradNode?, _ second: GradNode?,
        pullback: @escaping (Tensor) -> (Tensor?, Tensor?)
    ) -> Tensor {
        if GradientMode.isDisabled { return result }
        var output = result
        output.node = GradNode(.binary(first, second, pullback))
        return output
    }
}
