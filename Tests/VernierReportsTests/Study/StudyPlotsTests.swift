import Testing
import VernierReports

@testable import VernierTune

@Suite struct OptimizationHistoryTests {
    @Test func bestSoFarRespectsDirection() {
        let trials = [0.5, 0.7, 0.2, 0.9, 0.3].enumerated().map { Fixtures.trial($0.offset, value: $0.element) }
        #expect(OptimizationHistory(trials: trials, direction: .minimize).bestSoFar == [0.5, 0.5, 0.2, 0.2, 0.2])
        #expect(OptimizationHistory(trials: trials, direction: .maximize).bestSoFar == [0.5, 0.7, 0.7, 0.9, 0.9])
    }

    @Test func nanAndUnfinishedTrialsAreLeftOut() {
        let trials = [
            Fixtures.trial(0, value: 1), Fixtures.trial(1, value: .nan), Fixtures.trial(2, value: .infinity),
            Fixtures.trial(3, value: nil, state: .pruned), Fixtures.trial(4, value: 0.5),
        ]
        let history = OptimizationHistory(trials: trials, direction: .minimize)
        #expect(history.trialNumbers == [0, 4])
        #expect(history.skippedCount == 2)
        #expect(history.chart().skippedCount == 2)
    }

    @Test func emptyAndSingleTrial() {
        #expect(OptimizationHistory(trials: [], direction: .minimize).values.isEmpty)
        let single = OptimizationHistory(trials: [Fixtures.trial(0, value: 3)], direction: .minimize)
        #expect(single.bestSoFar == [3])
        #expect(!SVGRenderer().render(single.chart()).contains("nan"))
    }
}

@Suite struct SlicePlotTests {
    @Test func logAndCategoricalAxes() {
        let trials = Fixtures.study()
        let slices = SlicePlot.all(trials: trials)
        #expect(slices.map(\.parameter) == ["learning_rate", "momentum", "optimizer"])
        #expect(slices[0].scale == .log)
        #expect(slices[1].scale == .linear)
        #expect(slices[2].categories == ["sgd", "adam", "rmsprop"])
        #expect(slices[0].x.first == 0.1 && slices[0].values.first == 0.8)
        #expect(slices[2].table().rows[1][1] == "adam")
        #expect(slices[0].chart().xAxis.scale == .log)
    }
}

@Suite struct ContourPlotTests {
    @Test func interpolatesBetweenPoints() {
        let space = ["x": Fixtures.momentum, "y": Fixtures.momentum]
        let trials = [(0.0, 0.0, 0.0), (1.0, 0.0, 1.0), (0.0, 1.0, 1.0), (1.0, 1.0, 2.0)].enumerated().map {
            Fixtures.trial(
                $0.offset, value: $0.element.2, parameters: ["x": $0.element.0, "y": $0.element.1], distributions: space
            )
        }
        let contour = ContourPlot(trials: trials, xParameter: "x", yParameter: "y", resolution: 4)
        #expect(contour.grid.count == 16)
        #expect(contour.extent == [0, 1, 0, 1])
        // Near (0, 0) the value is low, near (1, 1) high, and every value stays within the data's range.
        #expect(contour.grid[0] < 0.5 && contour.grid[15] > 1.5)
        #expect(contour.grid.allSatisfy { $0 >= 0 && $0 <= 2 })
        #expect(contour.chart().heatmap != nil)
        #expect(contour.chart().colorBar == ColorBar(label: "objective value", low: 0, high: 2))
        let svg = SVGRenderer(width: 480, height: 320).render(contour.chart())
        #expect(svg.contains("<g class=\"colorbar\""))
        #expect(svg.contains(">objective value</text>"))
    }

    @Test func sliceHasAColorBarOfTrialNumbers() {
        let chart = SlicePlot(trials: Fixtures.study(), parameter: "momentum").chart()
        #expect(chart.colorBar == ColorBar(label: "trial", low: 0, high: 7))
        #expect(SVGRenderer(width: 480, height: 320).render(chart).contains("<g class=\"colorbar\""))
    }

    @Test func logParameterGridIsDrawnInDecades() throws {
        let contour = ContourPlot(
            trials: Fixtures.study(), xParameter: "learning_rate", yParameter: "momentum", resolution: 4)
        let heatmap = try #require(contour.chart().heatmap)
        #expect(contour.xScale == .log)
        // The grid spans the data's decades: 3e-4 … 0.3.
        #expect(abs(heatmap.xLow - 0.0003) < 1e-12 && abs(heatmap.xHigh - 0.3) < 1e-12)
        let svg = SVGRenderer(width: 400, height: 300).render(contour.chart())
        let group = try #require(
            svg.components(separatedBy: "<g class=\"heatmap\"").last?.components(separatedBy: "</g>").first)
        #expect(group.hasPrefix(" shape-rendering=\"crispEdges\" opacity=\"0.55\">"))
        let cells = group.components(separatedBy: "\n").filter { $0.hasPrefix("<rect") }
        // Columns evenly spaced in decades have equal pixel widths on the log axis, so every drawn run of merged
        // cells is a whole multiple of the narrowest one.
        let widths = cells.compactMap { line -> Double? in
            guard let range = line.range(of: "width=\"") else { return nil }
            return Double(line[range.upperBound...].prefix { $0 != "\"" })
        }
        .map { $0 - 0.3 }  // the renderer widens cells by 0.3 px to hide seams
        let narrowest = try #require(widths.min())
        #expect(narrowest > 10)
        #expect(widths.allSatisfy { abs($0 / narrowest - ($0 / narrowest).rounded()) < 0.05 })
    }

    @Test func categoricalParameterGetsAGridBetweenItsChoices() throws {
        let contour = ContourPlot(trials: Fixtures.study(), xParameter: "optimizer", yParameter: "learning_rate")
        #expect(contour.xCategories == ["sgd", "adam", "rmsprop"])
        let heatmap = try #require(contour.chart().heatmap)
        #expect(heatmap.xLow == 0 && heatmap.xHigh == 2)
        #expect(SVGRenderer().render(contour.chart()).contains("class=\"heatmap\""))
    }

    @Test func tooFewPointsGiveNoGrid() {
        let trials = Array(Fixtures.study().prefix(2))
        #expect(ContourPlot(trials: trials, xParameter: "momentum", yParameter: "learning_rate").grid.isEmpty)
    }
}

@Suite struct ParallelCoordinatesTests {
    @Test func axesPerParameterAndValue() {
        let parallel = ParallelCoordinates(trials: Fixtures.study())
        #expect(parallel.axes.map(\.name) == ["learning_rate", "momentum", "optimizer", "value"])
        #expect(parallel.axes[0].scale == .log)
        #expect(parallel.lines.count == 8)
        #expect(parallel.lines[0].values == [0.1, 0.9, 0, 0.8])
        #expect(parallel.table().rows[0][2] == "sgd")
    }
}

@Suite struct IntermediateValuesPlotTests {
    @Test func prunedTrialsAreMarked() {
        let trials = [
            Fixtures.trial(0, value: 0.5, intermediate: [1: 0.9, 2: 0.5]),
            Fixtures.trial(1, value: nil, state: .pruned, intermediate: [1: 1.2, 2: .nan]),
        ]
        let plot = IntermediateValuesPlot(trials: trials)
        #expect(plot.skippedCount == 1)
        #expect(plot.curves[1].steps == [1])
        let chart = plot.chart()
        #expect(chart.series[1].points.last?.marker == .cross)
        #expect(chart.series.map(\.name) == ["complete", "pruned"])
    }
}

@Suite struct EmpiricalDistributionTests {
    @Test func fractions() {
        let edf = EmpiricalDistribution(
            trials: [3.0, 1, 2, .nan].enumerated().map { Fixtures.trial($0.offset, value: $0.element) })
        #expect(edf.values == [1, 2, 3])
        #expect(edf.fractions == [1.0 / 3, 2.0 / 3, 1])
        #expect(edf.skippedCount == 1)
    }
}

@Suite struct TrialTimelineTests {
    @Test func lanesPerWorkerElsePackedWithoutOverlap() {
        let byWorker = TrialTimeline(trials: Fixtures.study())
        #expect(byWorker.byWorker)
        #expect(byWorker.lanes == ["worker a", "worker b"])
        #expect(byWorker.bars[1].start == 1 && byWorker.bars[1].end == 2.5)
        let perTrial = TrialTimeline(trials: [
            Fixtures.trial(0, value: 1, start: 5, end: 7), Fixtures.trial(1, value: 1),
        ])
        #expect(!perTrial.byWorker)
        #expect(perTrial.lanes == ["lane 1"])
        #expect(perTrial.bars[0].start == 0 && perTrial.bars[0].end == 2)
        #expect(perTrial.skippedCount == 1)
    }

    @Test func threeHundredSequentialTrialsShareOneLaneAndOverlappingOnesTakeTheNext() {
        let sequential = TrialTimeline(
            trials: (0..<300).map { Fixtures.trial($0, value: 1, start: Double($0), end: Double($0) + 1) })
        #expect(sequential.lanes == ["lane 1"])
        #expect(sequential.bars.count == 300)
        // A batch of three trained together, then one alone: three lanes, the fourth trial back in the first.
        let batch = TrialTimeline(trials: [
            Fixtures.trial(0, value: 1, start: 0, end: 4), Fixtures.trial(1, value: 1, start: 0, end: 4),
            Fixtures.trial(2, value: 1, start: 0.5, end: 4), Fixtures.trial(3, value: 1, start: 4, end: 5),
        ])
        #expect(batch.lanes == ["lane 1", "lane 2", "lane 3"])
        #expect(batch.bars.map(\.lane) == [0, 1, 2, 0])
    }

    @Test func aStudyResumedAnHourLaterKeepsItsFirstRunReadable() {
        let timeline = TrialTimeline(trials: [
            Fixtures.trial(0, value: 1, start: 0, end: 10), Fixtures.trial(1, value: 1, start: 10, end: 20),
            Fixtures.trial(2, value: 1, start: 3620, end: 3630),
        ])
        #expect(timeline.shortenedGaps == 1)
        #expect(timeline.bars.map(\.start) == [0, 10, 80])
        #expect(timeline.chart().caption == "1 idle gap longer than 60 s drawn as 60 s")
        #expect(TrialTimeline(trials: Array(Fixtures.study())).shortenedGaps == 0)
    }
}

@Suite struct ImportanceAndImpactBarsTests {
    @Test func importanceSortedDescending() {
        let bars = ImportanceBars([
            ParameterImportance(parameter: "a", importance: 0.2, divergence: 0.1),
            ParameterImportance(parameter: "b", importance: 0.8, divergence: 0.4),
            ParameterImportance(parameter: "c", importance: .nan, divergence: 0),
        ])
        #expect(bars.importances.map(\.parameter) == ["b", "a"])
        #expect(bars.skippedCount == 1)
        #expect(bars.chart().xAxis.categories == ["b", "a"])
    }

    @Test func impactRowAsBarsWithSD() {
        let row = ImpactTable.Row(
            parameter: "batch_size",
            values: [
                ImpactTable.Entry(value: 16, mean: 0.9, sd: 0.01, repeats: 3, isBaseline: false, trialNumber: 1),
                ImpactTable.Entry(value: 32, mean: 0.95, sd: 0.02, repeats: 3, isBaseline: true, trialNumber: 0),
            ], best: 32, range: 0.05)
        let bars = ImpactBars(row: row)
        #expect(bars.labels == ["16", "32 (baseline)"])
        #expect(bars.chart().series[0].points[1].error == 0.02)
        #expect(bars.chart().series[0].points[1].colorIndex == 3)
    }
}
