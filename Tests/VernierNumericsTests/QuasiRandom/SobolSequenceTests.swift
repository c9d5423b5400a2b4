import Testing

@testable import VernierNumerics

@Suite struct SobolSequenceTests {
    @Test func firstPointsOfTheFirstThreeDimensionsMatchThePublishedSequence() {
        var sobol = SobolSequence(dimension: 3)
        let expected: [[Double]] = [
            [0, 0, 0], [0.5, 0.5, 0.5], [0.75, 0.25, 0.25], [0.25, 0.75, 0.75],
            [0.375, 0.375, 0.625], [0.875, 0.875, 0.125], [0.625, 0.125, 0.875], [0.125, 0.625, 0.375],
        ]
        for point in expected {
            #expect(sobol.next() == point)
        }
    }

    @Test func highDimensionsMatchReferenceValuesFromScipy() {
        // scipy.stats.qmc.Sobol(256, scramble=False, bits=52), coordinates 3, 9, 63, 127, 255.
        let reference: [UInt64: [Double]] = [
            7: [0.125, 0.875, 0.375, 0.375, 0.125],
            100: [0.7265625, 0.6953125, 0.6484375, 0.4609375, 0.5703125],
            999: [0.9892578125, 0.6318359375, 0.6337890625, 0.9814453125, 0.4365234375],
        ]
        var sobol = SobolSequence(dimension: 256)
        let points = sobol.next(count: 1000)
        for (index, values) in reference {
            let row = points[Int(index)]
            #expect([row[3], row[9], row[63], row[127], row[255]] == values)
        }
    }

    @Test func skipMatchesSequentialGeneration() {
        var sequential = SobolSequence(dimension: 7, scrambleSeed: 5)
        let points = sequential.next(count: 300)
        var jumped = SobolSequence(dimension: 7, scrambleSeed: 5)
        jumped.skip(to: 257)
        #expect(jumped.next() == points[257])
        #expect(jumped.index == 258)
    }

    @Test func eachDimensionIsStratifiedOverPowersOfTwo() {
        // The first 2^k points of any dimension hit each of the 2^k intervals [i/2^k, (i+1)/2^k) exactly once,
        // scrambled or not.
        for seed: UInt64? in [nil, 11] {
            var sobol = SobolSequence(dimension: 64, scrambleSeed: seed)
            let points = sobol.next(count: 256)
            for d in 0..<64 {
                let cells = Set(points.map { Int($0[d] * 256) })
                #expect(cells.count == 256)
            }
        }
    }

    @Test func twoDimensionalProjectionsAreBalanced() {
        // (0, m, 2) net property in dimensions 1-2: 4^2 boxes of size 1/4 x 1/4 each hold exactly one of 16 points.
        var sobol = SobolSequence(dimension: 2, scrambleSeed: 3)
        let points = sobol.next(count: 16)
        let boxes = Set(points.map { Int($0[0] * 4) * 4 + Int($0[1] * 4) })
        #expect(boxes.count == 16)
    }

    @Test func scramblingIsSeededAndUniform() {
        var a = SobolSequence(dimension: 5, scrambleSeed: 9)
        var b = SobolSequence(dimension: 5, scrambleSeed: 9)
        var c = SobolSequence(dimension: 5, scrambleSeed: 10)
        let first = a.next(count: 1024)
        #expect(first == b.next(count: 1024))
        #expect(first != c.next(count: 1024))
        #expect(first[0] != [0, 0, 0, 0, 0])
        for d in 0..<5 {
            let mean = first.map { $0[d] }.reduce(0, +) / 1024
            #expect(abs(mean - 0.5) < 0.01)
            #expect(first.allSatisfy { $0[d] >= 0 && $0[d] < 1 })
        }
    }
}
