import Foundation
import Testing

@testable import VernierNumerics

@Suite struct SymmetricEigendecompositionTests {
    @Test func findsTheEigenpairsOfKnownMatrices() {
        let two = SymmetricEigendecomposition(matrix: [2, 1, 1, 2], dimension: 2)
        #expect(abs(two.values[0] - 1) < 1e-14 && abs(two.values[1] - 3) < 1e-14)
        // Column 1 is ±(1, 1)/√2.
        #expect(abs(abs(two.vectors[1]) - 0.5.squareRoot()) < 1e-14)
        #expect(abs(two.vectors[1] - two.vectors[3]) < 1e-14)
        // The second-difference matrix tridiag(−1, 2, −1) of order n has eigenvalues 2 − 2 cos(kπ/(n+1)).
        let n = 7
        var laplacian = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            laplacian[i * n + i] = 2
            if i + 1 < n {
                laplacian[i * n + i + 1] = -1
                laplacian[(i + 1) * n + i] = -1
            }
        }
        let eigen = SymmetricEigendecomposition(matrix: laplacian, dimension: n)
        for k in 1...n {
            let expected = 2 - 2 * cos(Double(k) * Double.pi / Double(n + 1))
            #expect(abs(eigen.values[k - 1] - expected) < 1e-13, "eigenvalue \(k)")
        }
        // A diagonal matrix is already decomposed, in ascending order.
        let diagonal = SymmetricEigendecomposition(matrix: [5, 0, 0, 0, -1, 0, 0, 0, 3], dimension: 3)
        #expect(diagonal.values == [-1, 3, 5])
        #expect(diagonal.sweeps == 0)
    }

    @Test func reconstructsARandomSymmetricMatrixWithOrthonormalVectors() {
        let n = 10
        var generator = SplitMixBits(seed: 4)
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in i..<n {
                let value = generator.unitUniform() * 2 - 1
                a[i * n + j] = value
                a[j * n + i] = value
            }
        }
        let eigen = SymmetricEigendecomposition(matrix: a, dimension: n)
        #expect(zip(eigen.values, eigen.values.dropFirst()).allSatisfy { $0 <= $1 })
        let rebuilt = eigen.reconstructed { $0 }
        for index in 0..<(n * n) { #expect(abs(rebuilt[index] - a[index]) < 1e-12) }
        for p in 0..<n {
            for q in 0..<n {
                var dot = 0.0
                for k in 0..<n { dot += eigen.vectors[k * n + p] * eigen.vectors[k * n + q] }
                #expect(abs(dot - (p == q ? 1 : 0)) < 1e-12)
            }
        }
        // A · v_k = λ_k v_k.
        for k in 0..<n {
            for i in 0..<n {
                var sum = 0.0
                for j in 0..<n { sum += a[i * n + j] * eigen.vectors[j * n + k] }
                #expect(abs(sum - eigen.values[k] * eigen.vectors[i * n + k]) < 1e-12)
            }
        }
    }

    @Test func inverseSquareRootOfAPositiveDefiniteMatrix() {
        let a: [Double] = [4, 1, 0, 1, 3, 1, 0, 1, 2]
        let eigen = SymmetricEigendecomposition(matrix: a, dimension: 3)
        let inverseRoot = eigen.reconstructed { 1 / $0.squareRoot() }
        // (A^(−1/2))² A = I.
        var square = [Double](repeating: 0, count: 9)
        for i in 0..<3 {
            for j in 0..<3 {
                for k in 0..<3 { square[i * 3 + j] += inverseRoot[i * 3 + k] * inverseRoot[k * 3 + j] }
            }
        }
        for i in 0..<3 {
            for j in 0..<3 {
                var sum = 0.0
                for k in 0..<3 { sum += square[i * 3 + k] * a[k * 3 + j] }
                #expect(abs(sum - (i == j ? 1 : 0)) < 1e-12)
            }
        }
    }
}
