import Testing
import VernierData

@Suite struct CSVDatasetTests {
    @Test func parsesFeaturesAndClassLabels() throws {
        let text = "a,b,kind\n1,2,cat\n3,4,dog\n\n5,6,cat\n"
        let data = try CSVDataset(table: try CSVTable(text: text, source: "pets.csv"), labelColumn: "kind")
        #expect(data.classNames == ["cat", "dog"])
        #expect(data.featureNames == ["a", "b"])
        #expect(data.dataset.features.scalars == [1, 2, 3, 4, 5, 6])
        #expect(data.dataset.targets.scalars == [0, 1, 0])
    }

    @Test func numericLabelsAreRegressionTargets() throws {
        let data = try CSVDataset(table: try CSVTable(text: "x,y\n1,2.5\n2,3.5\n", source: "r.csv"), labelColumn: "y")
        #expect(!data.isClassification)
        #expect(data.dataset.targets.shape == [2, 1])
    }

    @Test func quotedFields() throws {
        let table = try CSVTable(text: "name,v\n\"a, \"\"b\"\"\",1\r\nplain,2\r\n", source: "q.csv")
        #expect(table.rows[0].cells == ["a, \"b\"", "1"])
        #expect(table.rows[1].line == 3)
    }

    @Test func errorsNameFileLineAndColumn() throws {
        let table = try CSVTable(text: "a,b,label\n1,2,x\n3,oops,y\n", source: "bad.csv")
        #expect(throws: DataError.csv(path: "bad.csv", line: 3, column: "b", reason: "'oops' is not a finite number")) {
            try CSVDataset(table: table, labelColumn: "label")
        }
        #expect(throws: DataError.self) { try CSVTable(text: "a,b\n1,2\n3\n", source: "short.csv") }
        do {
            _ = try CSVTable(text: "a,b\n1,2\n3\n", source: "short.csv")
        } catch {
            #expect(error.description == "short.csv:3: expected 2 fields (as in the header), found 1")
        }
        do {
            _ = try CSVDataset(table: table, labelColumn: "species")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("bad.csv:1: column 'species': no such column; columns are: a, b, label"))
        }
        #expect(throws: DataError.self) { try CSVTable(contentsOf: "/nonexistent.csv") }
    }
}

/// How `automatic` reads a numeric label column.
@Suite struct CSVAutomaticLabelTests {
    @Test func fewWholeNumbersAreClassesAndOtherNumbersAreRegression() throws {
        let classes = try CSVDataset(
            table: try CSVTable(text: "x,y\n1,0\n2,1\n3,2\n4,1\n", source: "c.csv"), labelColumn: "y")
        #expect(classes.classNames == ["0", "1", "2"])
        #expect(classes.labelNote?.contains("3 classes (whole numbers 0–2)") == true)
        let numbers = try CSVDataset(
            table: try CSVTable(text: "x,y\n1,0.5\n2,1\n3,2\n", source: "r.csv"), labelColumn: "y")
        #expect(!numbers.isClassification)
        #expect(numbers.labelNote?.contains("label-kind=classes") == true)
        let chosen = try CSVDataset(
            table: try CSVTable(text: "x,y\n1,0\n2,1\n3,1\n", source: "n.csv"), labelColumn: "y", labelKind: .numeric)
        #expect(!chosen.isClassification && chosen.labelNote == nil)
        let text = try CSVDataset(
            table: try CSVTable(text: "x,y\n1,cat\n2,dog\n", source: "t.csv"), labelColumn: "y")
        #expect(text.classNames == ["cat", "dog"] && text.labelNote == nil)
    }
}
