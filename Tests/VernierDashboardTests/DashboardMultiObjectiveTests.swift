import Foundation
import Testing
import VernierTune

@testable import VernierDashboard

/// The dashboard's plots of a multi-objective study: the fronts, then each objective's parameter views.
@Suite struct DashboardMultiObjectiveTests {
    @Test func plotsShowEachObjectivesParameterViews() throws {
        let storage = InMemoryStorage()
        let study = try Study(name: "mo", directions: [.maximize, .minimize], storage: storage)
        try study.setMetricNames(["accuracy", "<b>size</b>"])
        for index in 0..<6 {
            let trial = try study.ask()
            let x = try trial.suggestFloat("x", in: 0...1)
            let y = try trial.suggestFloat("y", in: 0...1)
            try trial.setConstraints([index == 2 ? 1 : -1])
            try study.tell(trial, values: [x, y * 10])
        }
        let handler = DashboardHandler(storage: storage)
        let plots = handler.handle(method: "GET", path: "/studies/\(study.id)/plots").text
        for expected in [
            "Pareto front: accuracy and &lt;b&gt;size&lt;/b&gt;", "Slice: x (accuracy)",
            "Slice: y (&lt;b&gt;size&lt;/b&gt;)",
            "Contour (accuracy)", "Parallel coordinates (&lt;b&gt;size&lt;/b&gt;)", "Parameter importance (accuracy)",
        ] {
            #expect(plots.contains(expected), "plots lack \(expected)")
        }
        #expect(!plots.contains("<b>"), "objective names are escaped")
    }
}
