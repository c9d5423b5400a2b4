import Testing
import VernierTune

@Suite struct TestFunctionTests {
    @Test func knownMinima() {
        #expect(abs(TestFunction.branin.evaluate([Double.pi, 2.275]) - TestFunction.branin.minimum) < 1e-6)
        #expect(abs(TestFunction.branin.evaluate([-Double.pi, 12.275]) - TestFunction.branin.minimum) < 1e-6)
        let hartmannArgmin = [0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573]
        #expect(abs(TestFunction.hartmann6.evaluate(hartmannArgmin) - TestFunction.hartmann6.minimum) < 1e-4)
        #expect(TestFunction.rosenbrock.evaluate([1, 1]) == 0)
        #expect(TestFunction.sphere.evaluate([3, 4]) == 25)
    }

    @Test func objectivesRunInAStudy() throws {
        for function in TestFunction.allCases {
            let study = try Study(name: function.rawValue, direction: .minimize, storage: InMemoryStorage())
            try study.optimize(trials: 20) { try function.objective($0) }
            let best = try study.bestValue()
            #expect(best >= function.minimum - 1e-9)
            #expect(try study.bestTrial().parameters.count == function.dimension)
        }
    }
}
