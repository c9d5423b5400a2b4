import Foundation
import Testing
import VernierReports
import VernierTune

/// A multi-objective report shows importance, slices, contour and parallel coordinates per objective; a
/// one-objective report keeps its sections.
@Suite struct MultiObjectiveViewsTests {
    static let unit = Distribution.float(try! FloatDistribution(low: 0, high: 1))

    /// 30 trials over x and y: accuracy (maximized) depends on x only, size (minimized) on y only; trials with
    /// x + y > 1.2 violate a constraint.
    static func trials() -> [FrozenTrial] {
        (0..<30).map { number in
            let x = (Double(number) * 0.618_033_988_75).truncatingRemainder(dividingBy: 1)
            let y = (Double(number) * 0.754_877_666_25 + 0.3).truncatingRemainder(dividingBy: 1)
            return FrozenTrial(
                trialID: Int64(number + 1), number: number, state: .complete,
                values: [1 - (x - 0.7) * (x - 0.7), 100 * y],
                constraints: [x + y - 1.2], parameters: ["x": x, "y": y], distributions: ["x": unit, "y": unit],
                startDate: Date(timeIntervalSince1970: Double(number)),
                completeDate: Date(timeIntervalSince1970: Double(number) + 0.5))
        }
    }

    @Test func everyObjectiveHasItsOwnParameterViews() throws {
        let trials = Self.trials()
        let report = StudyReport.report(
            name: "mo", directions: [.maximize, .minimize], trials: trials, names: ["accuracy", "<size>"])
        let titles = report.sections.map(\.title)
        for objective in ["accuracy", "<size>"] {
            for view in ["Parameter importance", "Slice: x", "Slice: y", "Contour", "Parallel coordinates"] {
                #expect(titles.contains("\(view) (\(objective))"), "missing \(view) (\(objective)) in \(titles)")
            }
        }
        func section(_ title: String) throws -> ReportSection {
            try #require(report.sections.first { $0.title == title })
        }
        // Each view plots its own objective's values, and the axes say which.
        let accuracySlice = try #require(try section("Slice: x (accuracy)").chart)
        #expect(accuracySlice.yAxis.label == "accuracy")
        let plotted = accuracySlice.series.flatMap(\.points).map(\.y).sorted()
        #expect(plotted == trials.map { $0.values![0] }.sorted())
        let sizeSlice = SlicePlot(trials: trials.map { Self.only($0, 1) }, parameter: "y", objective: "<size>")
        #expect(sizeSlice.values == trials.map { $0.values![1] })
        // Importance is computed per objective: x explains accuracy, y explains size.
        let accuracyImportance = try #require(try section("Parameter importance (accuracy)").table)
        let sizeImportance = try #require(try section("Parameter importance (<size>)").table)
        #expect(accuracyImportance.rows.first?.first == "x", "\(accuracyImportance.rows)")
        #expect(sizeImportance.rows.first?.first == "y", "\(sizeImportance.rows)")
        // Infeasible trials are marked: crosses in slices and contours, dashed lines in parallel coordinates.
        let infeasible = trials.filter { !$0.isFeasible }.count
        #expect(infeasible > 0)
        for title in ["Slice: x (accuracy)", "Contour (<size>)"] {
            let crosses = try #require(try section(title).chart?.series.first { $0.name == "infeasible" })
            #expect(crosses.points.count == infeasible && crosses.points.allSatisfy { $0.marker == .cross })
        }
        let parallel = try #require(try section("Parallel coordinates (accuracy)").chart?.parallel)
        #expect(parallel.lines.filter { $0.infeasible == true }.count == infeasible)
        #expect(parallel.axes.last?.name == "accuracy")
        let html = report.html()
        #expect(html.contains("Slice: x (&lt;size&gt;)") && !html.contains("<size>"), "names are escaped")
        #expect(html.contains("stroke-dasharray=\"4 3\""))
    }

    /// `trial` with only objective `index`'s value, as a one-objective trial.
    static func only(_ trial: FrozenTrial, _ index: Int) -> FrozenTrial {
        var single = trial
        single.values = [trial.values![index]]
        return single
    }

    @Test func aOneObjectiveReportKeepsItsSectionsAndTheirData() throws {
        let report = StudyReport.report(name: "demo", direction: .minimize, trials: Fixtures.study())
        #expect(
            report.sections.map(\.title) == [
                "Best trial", "Optimization history", "Parameter importance", "Slice: learning_rate",
                "Slice: momentum", "Slice: optimizer", "Contour", "Parallel coordinates", "Intermediate values",
                "Empirical distribution", "Timeline", "All trials",
            ])
        let json = String(decoding: try report.json(), as: UTF8.self)
        for key in ["\"objective\"", "\"feasible\"", "\"infeasible\""] {
            #expect(!json.contains(key), "\(key) in a one-objective report without constraints")
        }
        let slice = try #require(report.sections.first { $0.title == "Slice: momentum" }?.chart)
        #expect(slice.title == "Slice: momentum" && slice.yAxis.label == "objective value")
        #expect(slice.series.map(\.name) == ["trials"])
    }
}
