import Foundation
import Testing
import VernierReports
import VernierTensor
import VernierTrainingReports

@Suite struct SVGRendererTests {
    let renderer = SVGRenderer(width: 480, height: 300)

    @Test func historySnapshot() throws {
        let trials = [0.5, 0.7, 0.2, 0.9, 0.3].enumerated().map { Fixtures.trial($0.offset, value: $0.element) }
        try expectSnapshot(
            renderer.render(OptimizationHistory(trials: trials, direction: .minimize).chart()), named: "history")
    }

    @Test func logSliceSnapshot() throws {
        try expectSnapshot(
            renderer.render(SlicePlot(trials: Fixtures.study(), parameter: "learning_rate").chart()), named: "slice-log"
        )
    }

    @Test func barsSnapshot() throws {
        let matrix = ConfusionMatrix(
            actual: [0, 0, 1, 2, 2], predicted: [0, 1, 1, 2, 0], classNames: ["a", "b", "c"])
        try expectSnapshot(renderer.render(matrix.chart()), named: "confusion")
        try expectSnapshot(renderer.render(ParallelCoordinates(trials: Fixtures.study()).chart()), named: "parallel")
    }

    @Test func logAxisHasDecadeTicks() {
        let svg = renderer.render(SlicePlot(trials: Fixtures.study(), parameter: "learning_rate").chart())
        for label in [">1e-4<", ">0.001<", ">0.01<", ">0.1<", ">1<"] {
            #expect(svg.contains(label), "missing tick \(label)")
        }
        #expect(svg.contains("learning_rate (log)"))
    }

    @Test func okabeItoColoursAndDeterminism() {
        let chart = TrainingCurves(history: Fixtures.history()).chart()
        let svg = renderer.render(chart)
        #expect(svg.contains("#0072B2") && svg.contains("#D55E00"))
        #expect(svg == renderer.render(chart))
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.hasSuffix("</svg>\n"))
    }

    @Test func emptyChartStillRenders() {
        let svg = renderer.render(OptimizationHistory(trials: [], direction: .minimize).chart())
        #expect(svg.contains("Optimization history"))
        #expect(!svg.contains("NaN") && !svg.contains("inf\""))
    }

    @Test func heatmapRunsAreMerged() {
        let points = Tensor(shape: [2, 2], scalars: [-1, -1, 1, 1])
        let regions = DecisionRegions(points: points, labels: [0, 1], resolution: 100) { grid in
            Tensor(
                shape: [grid.shape[0]],
                scalars: stride(from: 0, to: grid.scalars.count, by: 2).map { grid.scalars[$0] > 0 ? 1 : 0 })
        }
        let svg = renderer.render(regions.chart())
        let rects = svg.components(separatedBy: "<rect").count - 1
        #expect(rects < 400, "\(rects) rectangles for a two-region grid")
    }
}
