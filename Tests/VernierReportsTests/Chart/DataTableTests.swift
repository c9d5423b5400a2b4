import Testing
import VernierReports

@Suite struct DataTableTests {
    @Test func markdownEscapesPipes() {
        let table = DataTable(headers: ["name", "value"], rows: [["a|b", "1"]])
        #expect(table.markdown() == "| name | value |\n| --- | --- |\n| a\\|b | 1 |\n")
    }

    @Test func csvQuotesCommasAndQuotes() {
        let table = DataTable(headers: ["name", "value"], rows: [["a,b", "say \"hi\""]])
        #expect(table.csv() == "name,value\n\"a,b\",\"say \"\"hi\"\"\"\n")
    }
}
