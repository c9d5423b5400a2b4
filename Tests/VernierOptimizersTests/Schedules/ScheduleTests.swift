import Testing
import VernierOptimizers
import VernierTensor

@Suite struct ScheduleTests {
    @Test func cosineStaysAtItsMinimumAfterThePeriod() {
        let schedule = CosineAnnealing(initialLearningRate: 1, period: 4, minimumLearningRate: 0.1)
        #expect(schedule.learningRate(at: 0) == 1)
        expectClose(Tensor([schedule.learningRate(at: 2)]), [0.55], "midpoint")
        #expect(schedule.learningRate(at: 4) == schedule.learningRate(at: 40))
    }

    @Test func warmupHandsOverToItsBaseSchedule() {
        let schedule = LinearWarmup(
            warmupSteps: 2, startFactor: 0.5, then: StepDecay(initialLearningRate: 0.2, stepSize: 1, gamma: 0.5))
        let rates = (0..<5).map { schedule.learningRate(at: $0) }
        expectClose(Tensor(rates), [0.1, 0.15, 0.2, 0.1, 0.05], "warm-up then step")
    }

    @Test func reduceOnPlateauWaitsForPatienceAndMaximizes() {
        var schedule = ReduceOnPlateau(initialLearningRate: 1, mode: .maximize, factor: 0.5, patience: 1)
        for accuracy: Float in [0.5, 0.6, 0.6, 0.6] { schedule.observe(metric: accuracy) }
        #expect(schedule.learningRate(at: 0) == 0.5)
        #expect(schedule.best == 0.6)
        schedule.observe(metric: 0.9)
        #expect(schedule.learningRate(at: 10) == 0.5)
    }

    @Test func constantScheduleIgnoresMetrics() {
        var schedule: any LearningRateSchedule = ConstantLearningRate(0.3)
        schedule.observe(metric: 100)
        #expect(schedule.learningRate(at: 7) == 0.3)
    }
}
