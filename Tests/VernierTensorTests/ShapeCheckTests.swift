import Testing
import VernierTensor

/// The readable messages behind every shape precondition.
@Suite struct ShapeCheckTests {
    @Test func broadcast() throws {
        #expect(try ShapeCheck.broadcast([3, 1], [1, 4]).get() == [3, 4])
        #expect(try ShapeCheck.broadcast([2, 3, 4], [4]).get() == [2, 3, 4])
        #expect(try ShapeCheck.broadcast([], [2]).get() == [2])
        #expect(
            ShapeCheck.broadcast([2, 3], [4])
                == .failure(ShapeError("cannot broadcast shapes [2, 3] and [4]: axis 1 has sizes 3 and 4")))
    }

    @Test func matmul() {
        #expect(ShapeCheck.matmul([2, 3], [4, 5]) == "matmul: inner dimensions differ: [2, 3] × [4, 5] (3 ≠ 4)")
        #expect(ShapeCheck.matmul([2, 3], [3, 5]) == nil)
        #expect(ShapeCheck.matmul([3, 2], [3, 5], transposeA: true) == nil)
        #expect(ShapeCheck.matmul([2, 3], [5, 3], transposeB: true) == nil)
        #expect(ShapeCheck.matmul([3], [3, 5]) == "matmul: both operands need rank ≥ 2, got [3] and [3, 5]")
        #expect(ShapeCheck.matmul([2, 2, 3], [4, 3, 5]) == "matmul: batch dimensions differ: [2, 2, 3] × [4, 3, 5]")
        #expect(ShapeCheck.matmul([2, 2, 3], [3, 5]) == nil)
    }

    @Test func elementCountsAndAxes() {
        #expect(ShapeCheck.elementCount(shape: [2, 3], count: 5) == "shape [2, 3] needs 6 elements, got 5")
        #expect(ShapeCheck.validShape([2, -1]) == "shape [2, -1] has a negative dimension")
        #expect(ShapeCheck.axis(3, rank: 3) == "axis 3 is out of range for rank 3")
        #expect(ShapeCheck.axis(-3, rank: 3) == nil)
    }

    @Test func reshape() {
        #expect(ShapeCheck.reshape([2, 3], to: [3, 2]) == nil)
        #expect(ShapeCheck.reshape([2, 3], to: [-1, 3]) == nil)
        #expect(ShapeCheck.reshape([2, 3], to: [4, 2]) == "reshape: [2, 3] has 6 elements, [4, 2] needs 8")
        #expect(ShapeCheck.reshape([2, 3], to: [-1, -1]) == "reshape: at most one dimension may be -1, got [-1, -1]")
        #expect(
            ShapeCheck.reshape([2, 3], to: [-1, 4]) == "reshape: cannot infer -1 in [-1, 4] for 6 elements of [2, 3]")
    }
}
