import Testing
import VernierReports
import VernierTune

@Suite struct EscapingTests {
    static let evil = "<script>alert(1)</script>"

    @Test func escapeXMLCoversMarkupCharacters() {
        #expect(escapeXML(Self.evil) == "&lt;script&gt;alert(1)&lt;/script&gt;")
        #expect(escapeXML("a & \"b\" 'c'") == "a &amp; &quot;b&quot; &#39;c&#39;")
        #expect(escapeXML("bell\u{07}") == "bell")
    }

    @Test func studyAndParameterNamesRenderAsText() throws {
        let space = [
            Self.evil: Distribution.categorical(try CategoricalDistribution(choices: [.string(Self.evil), "b"]))
        ]
        let trials = (0..<3).map {
            Fixtures.trial(
                $0, value: Double($0), parameters: [Self.evil: Double($0 % 2)], distributions: space, start: Double($0),
                end: Double($0) + 1)
        }
        let html = StudyReport.report(name: Self.evil, direction: .minimize, trials: trials).html()
        #expect(!html.contains(Self.evil))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        // The only script element is the report's own tooltip script.
        #expect(html.components(separatedBy: "<script>").count == 2)
        let markdown = StudyReport.report(name: Self.evil, direction: .minimize, trials: trials).markdown()
        #expect(!markdown.contains("<script>alert"))
    }
}
