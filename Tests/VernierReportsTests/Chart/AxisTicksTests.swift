import Testing

@testable import VernierReports

@Suite struct AxisTicksTests {
    @Test func linearTicksUseOneTwoOrFiveSteps() {
        let ticks = AxisTicks.linear(low: 0.13, high: 0.97)
        #expect(ticks.values == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(ticks.low == 0 && ticks.high == 1)
        #expect(AxisTicks.linear(low: 0, high: 10).values == [0, 2, 4, 6, 8, 10])
        #expect(AxisTicks.linear(low: -3, high: 47).values == [-10, 0, 10, 20, 30, 40, 50])
    }

    @Test func zeroWidthRangeIsWidened() {
        let ticks = AxisTicks.linear(low: 5, high: 5)
        #expect(ticks.low < 5 && ticks.high > 5)
        #expect(ticks.values.contains(5))
    }

    @Test func logTicksAreDecades() {
        let ticks = AxisTicks.logarithmic(low: 3e-4, high: 0.5)
        #expect(ticks.values.count == 5)
        for (tick, expected) in zip(ticks.values, [1e-4, 1e-3, 1e-2, 1e-1, 1]) {
            #expect(abs(tick / expected - 1) < 1e-12)
        }
        #expect(abs(ticks.low - 1e-4) < 1e-16 && ticks.high == 1)
    }

    @Test func narrowLogRangeAddsTwoAndFive() {
        let ticks = AxisTicks.logarithmic(low: 3, high: 40)
        #expect(ticks.values == [2, 5, 10, 20, 50])
    }

    @Test func niceStep() {
        #expect(AxisTicks.niceStep(span: 0.84, count: 5) == 0.2)
        #expect(AxisTicks.niceStep(span: 1000, count: 5) == 200)
        #expect(AxisTicks.niceStep(span: 7, count: 5) == 1)
    }

    @Test func numberFormatIsShortAndDeterministic() {
        #expect(NumberFormat.short(0.2) == "0.2")
        #expect(NumberFormat.short(1e-4) == "1e-4")
        #expect(NumberFormat.short(2_500_000) == "2.5e6")
        #expect(NumberFormat.short(12) == "12")
        #expect(NumberFormat.short(.nan) == "nan")
    }
}
