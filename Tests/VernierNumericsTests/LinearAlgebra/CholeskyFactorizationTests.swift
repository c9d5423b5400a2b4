import Foundation
import Testing

@testable import VernierNumerics

@Suite struct CholeskyFactorizationTests {
    /// A random symmetric positive-definite matrix B Bᵀ + n I.
    static func randomSPD(_ n: Int, seed: UInt64) -> [Double] {
        var generator = SplitMixBits(seed: seed)
        let b = (0..<(n * n)).map { _ in generator.unitUniform() - 0.5 }
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                var sum = 0.0
                for k in 0..<n { sum += b[i * n + k] * b[j * n + k] }
                a[i * n + j] = sum + (i == j ? Double(n) * 0.1 : 0)
            }
        }
        return a
    }

    @Test func factorsSolvesAndInvertsAPositiveDefiniteMatrix() throws {
        let n = 12
        let a = Self.randomSPD(n, seed: 1)
        let cholesky = try CholeskyFactorization(matrix: a, dimension: n)
        #expect(cholesky.jitter == 0)
        // L Lᵀ = A.
        for i in 0..<n {
            for j in 0..<n {
                var sum = 0.0
                for k in 0..<n { sum += cholesky.lower[i * n + k] * cholesky.lower[j * n + k] }
                #expect(abs(sum - a[i * n + j]) < 1e-12)
            }
        }
        let b = (0..<n).map { Double($0) - 3 }
        let x = cholesky.solve(b)
        for i in 0..<n {
            var sum = 0.0
            for j in 0..<n { sum += a[i * n + j] * x[j] }
            #expect(abs(sum - b[i]) < 1e-10)
        }
        let inverse = cholesky.inverse()
        for i in 0..<n {
            for j in 0..<n {
                var sum = 0.0
                for k in 0..<n { sum += a[i * n + k] * inverse[k * n + j] }
                #expect(abs(sum - (i == j ? 1 : 0)) < 1e-10)
            }
        }
    }

    @Test func logDeterminantOfAKnownMatrix() throws {
        // det [[4, 2], [2, 3]] = 8.
        let cholesky = try CholeskyFactorization(matrix: [4, 2, 2, 3], dimension: 2)
        #expect(abs(cholesky.logDeterminant - log(8)) < 1e-14)
        #expect(cholesky.solveLower([2, 1]) == solveLowerTriangular(cholesky.lower, dimension: 2, [2, 1]))
    }

    @Test func addsJitterToNearlySingularMatrices() throws {
        // A kernel matrix with two identical points is singular; one with nearly identical ones is numerically so.
        let points: [Double] = [0.1, 0.5, 0.5, 0.5 + 1e-12, 0.9]
        let n = points.count
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n { a[i * n + j] = exp(-0.5 * pow(points[i] - points[j], 2) / 0.01) }
        }
        let cholesky = try CholeskyFactorization(matrix: a, dimension: n)
        #expect(cholesky.jitter > 0)
        #expect(cholesky.jitter <= 1e-2)
        #expect(cholesky.logDeterminant.isFinite)
        let x = cholesky.solve([1, 1, 1, 1, 1])
        #expect(x.allSatisfy { $0.isFinite })
    }

    @Test func rejectsIndefiniteAndNonFiniteMatrices() {
        #expect(throws: LinearAlgebraError.self) {
            try CholeskyFactorization(matrix: [1, 3, 3, 1], dimension: 2)
        }
        #expect(throws: LinearAlgebraError.nonFiniteEntry) {
            try CholeskyFactorization(matrix: [1, .nan, .nan, 1], dimension: 2)
        }
    }

    @Test func batchedLowerSolveMatchesColumnByColumnSolves() throws {
        let n = 9
        let m = 5
        let cholesky = try CholeskyFactorization(matrix: Self.randomSPD(n, seed: 2), dimension: n)
        var generator = SplitMixBits(seed: 3)
        let b = (0..<(n * m)).map { _ in generator.unitUniform() }
        let batched = cholesky.solveLower(matrix: b, columnCount: m)
        for c in 0..<m {
            let column = (0..<n).map { b[$0 * m + c] }
            let single = cholesky.solveLower(column)
            for i in 0..<n { #expect(abs(batched[i * m + c] - single[i]) < 1e-12) }
        }
        let y = cholesky.solveLower([1, 2, 3, 4, 5, 6, 7, 8, 9])
        let x = cholesky.solveUpper(y)
        #expect(x == solveLowerTransposed(cholesky.lower, dimension: n, y))
    }
}
