import Testing

@testable import VernierLab

@Test func widerStudentsReachTheGlobalMinimumMoreOften() throws {
    let lab = OverparameterizationLab()
    let result = try lab.run(
        try lab.configuration([
            "widths": "1,12", "runs": "2", "steps": "400", "lr": "0.05", "points": "32", "threshold": "0.01",
        ]))
    let narrow = result.widths[0]
    let wide = result.widths[1]
    #expect(narrow.successRate == 0)
    #expect(wide.successRate > narrow.successRate)
    let median = { (losses: [Double]) in losses.sorted()[losses.count / 2] }
    #expect(median(wide.finalLosses) < median(narrow.finalLosses))
}
