import Foundation
import Testing

/// The README's "Use Vernier from Swift" code is the code of `examples/library`, which CI builds.
@Suite struct ReadmeLibraryExampleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func readmeShowsEachSourceFileOfTheLibraryExampleVerbatim() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let sources = Self.root.appendingPathComponent("examples/library/Sources/LibraryExample")
        let files = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { $0.hasSuffix(".swift") }
        #expect(files.sorted() == ["SpiralNet.swift", "main.swift"])
        for file in files {
            let code = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            #expect(readme.contains("```swift\n" + code + "```"), "README.md does not show \(file) as it is")
        }
    }
}
