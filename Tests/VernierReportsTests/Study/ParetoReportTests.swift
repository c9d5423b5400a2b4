import Foundation
import Testing
import VernierReports
import VernierTune

/// The pictures of a multi-objective study: fronts per pair, hypervolume history, infeasible trials marked.
@Suite struct ParetoReportTests {
    /// Complete trials with `values` (and constraints), numbered in order.
    static func trials(_ values: [[Double]], constraints: [[Double]?] = []) -> [FrozenTrial] {
        values.enumerated().map { number, vector in
            FrozenTrial(
                trialID: Int64(number + 1), number: number, state: .complete, values: vector,
                constraints: number < constraints.count ? constraints[number] : nil,
                startDate: Date(timeIntervalSince1970: Double(number)),
                completeDate: Date(timeIntervalSince1970: Double(number) + 0.5))
        }
    }

    @Test func theFrontIsHighlightedJoinedAndInfeasibleTrialsAreCrosses() throws {
        // (accuracy ↑, size ↓): 1 and 2 form the front, 0 is dominated, 3 would dominate all but is infeasible.
        let trials = Self.trials(
            [[0.8, 500], [0.85, 400], [0.9, 900], [0.99, 10]], constraints: [nil, nil, nil, [1]])
        let plot = ParetoFrontPlot(trials: trials, directions: [.maximize, .minimize], names: ["acc", "size"])
        #expect(plot.points.filter(\.onFront).map(\.trial) == [1, 2])
        #expect(plot.points.filter { !$0.feasible }.map(\.trial) == [3])
        let chart = plot.chart()
        let front = try #require(chart.series.first { $0.name == "Pareto front" })
        #expect(front.style == .line && front.points.map(\.x) == [0.85, 0.9])
        let crosses = try #require(chart.series.first { $0.name == "infeasible" })
        #expect(crosses.points.map(\.marker) == [.cross])
        #expect(chart.series.first { $0.name == "trials" }?.points.map(\.x) == [0.8])
    }

    @Test func threeObjectivesShowThreePairsAndTheHypervolumeGrows() throws {
        let trials = Self.trials([[3, 3, 3], [1, 4, 4], [4, 1, 4], [4, 4, 1], [2, 2, 2]])
        let report = StudyReport.report(
            name: "cube", directions: [.minimize, .minimize, .minimize], trials: trials, names: ["a", "b", "<c>"])
        let titles = report.sections.map(\.title)
        #expect(titles.contains("Pareto front: a and b") && titles.contains("Pareto front: a and <c>"))
        #expect(titles.contains("Pareto front: b and <c>") && titles.contains("Hypervolume history"))
        #expect(report.summary.contains { $0.hasPrefix("hypervolume: ") })
        let history = HypervolumeHistory(trials: trials, directions: [.minimize, .minimize, .minimize])
        #expect(history.trialNumbers == [0, 1, 2, 3, 4])
        #expect(zip(history.hypervolumes, history.hypervolumes.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(history.hypervolumes.last! > history.hypervolumes.first!)
        let html = report.html()
        #expect(html.contains("&lt;c&gt;") && !html.contains("<c>"), "names are escaped")
    }

    @Test func theReferencePointIsTheNadirPushedOutByATenthOfTheRange() {
        #expect(ParetoAnalysis.referencePoint([[0, 10], [4, 2]]) == [4.4, 10.8])
        #expect(ParetoAnalysis.referencePoint([[1, 5]]) == [2, 6])
        #expect(ParetoAnalysis.referencePoint([]) == nil)
        let analysis = ParetoAnalysis(trials: Self.trials([[1, 3], [3, 1]]), directions: [.minimize, .minimize])
        // Reference (3.2, 3.2): two boxes 2.2×0.2 + 0.2×2.2 − overlap 0.2×0.2.
        #expect(abs((analysis.hypervolume ?? 0) - (0.44 + 0.44 - 0.04)) < 1e-12)
    }

    @Test func aOneObjectiveReportRanksFeasibleTrialsFirst() {
        let trials = Self.trials([[0.9], [0.8]], constraints: [[2], [-1]])
        let report = StudyReport.report(name: "one", direction: .maximize, trials: trials)
        #expect(report.summary.contains("best value: 0.8"))
        #expect(report.summary.contains { $0.hasPrefix("infeasible: 1") })
    }
}
