import Foundation
import Testing
import VernierData
import VernierRandom
import VernierTensor

@Suite struct GeneratorTests {
    @Test func spiralsShapesLabelsAndDeterminism() {
        let spirals = Spirals(train: 400, validation: 100, test: 50, noise: 0.4, seed: 1234)
        #expect(spirals.train.count == 400)
        #expect(spirals.validation.count == 100)
        #expect(spirals.test.count == 50)
        #expect(spirals.train.featureShape == [2])
        #expect(spirals.train.targetShape == [1])
        let labels = spirals.train.targets.scalars + spirals.validation.targets.scalars + spirals.test.targets.scalars
        #expect(labels.filter { $0 == 1 }.count == 275)
        #expect(Spirals(train: 400, validation: 100, test: 50, seed: 1234).train.features == spirals.train.features)
        #expect(Spirals(train: 400, validation: 100, test: 50, seed: 1).train.features != spirals.train.features)
    }

    @Test func spiralPointsFollowTheFormula() {
        var rng = Xoshiro256(seed: 3)
        let noiseless = Spirals.points(count: 4, noise: 0, using: &rng)
        let points = noiseless.features.scalars
        for index in 0..<4 {
            let x = Double(points[2 * index])
            let y = Double(points[2 * index + 1])
            // Radius grows with phi: sqrt(x² + y²) lies between 1 and 16.
            let radius = (x * x + y * y).squareRoot()
            #expect(radius > 1 && radius < 16.1)
        }
        #expect(noiseless.targets.scalars == [0, 0, 1, 1])
    }

    @Test func cubicFollowsTheCurve() {
        let cubic = Cubic(count: 80, seed: 42)
        #expect(cubic.train.count == 80)
        let xs = cubic.train.features.scalars
        let ys = cubic.train.targets.scalars
        #expect(xs.allSatisfy { $0 >= -1 && $0 <= 3 })
        let residuals = zip(xs, ys).map { Double($1) - Cubic.trueValue(at: Double($0)) }
        let variance = residuals.map { $0 * $0 }.reduce(0, +) / 80
        #expect(variance > 0.5 && variance < 1.6)
        #expect(Cubic.trueValue(at: 0) == 6.9)
    }

    @Test func irisTable() throws {
        let table = try Iris.table()
        #expect(table.rows.count == 150)
        let iris = try Iris()
        #expect(iris.splits.classNames == ["setosa", "versicolor", "virginica"])
        #expect(iris.train.count == 120)
        #expect(iris.test.count == 30)
        #expect(iris.test.classIndices.filter { $0 == 2 }.count == 10)
        let all = TensorDataset(
            features: concatenate([iris.train.features, iris.test.features]),
            targets: concatenate([iris.train.targets, iris.test.targets]))
        var sums = [Double](repeating: 0, count: 4)
        for (index, value) in all.features.scalars.enumerated() { sums[index % 4] += Double(value) }
        let known = [876.5, 458.6, 563.7, 179.9]
        for (sum, expected) in zip(sums, known) { #expect(abs(sum - expected) < 1e-3) }
        #expect((0..<3).map { label in all.classIndices.filter { $0 == label }.count } == [50, 50, 50])
    }
}
