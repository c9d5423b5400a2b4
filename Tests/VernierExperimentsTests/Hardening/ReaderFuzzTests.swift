import Foundation
import Testing
import VernierExperiments
import VernierLimits
import VernierTune

@testable import VernierData

#if canImport(Glibc)
import Glibc
#endif

/// Seeded fuzzing of the readers (IDX bytes and files, gzip, CSV, study files) and the distribution arithmetic:
/// random bytes and random bounds, a few thousand cases in a few seconds. Every case must end in a valid result
/// or the reader's typed error naming its input; a trap fails the whole run, and memory must stay bounded.
@Suite struct ReaderFuzzTests {
    /// SplitMix64: a tiny seeded generator, so a failing case is reproducible from its seed.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
        mutating func pick<T>(_ values: [T]) -> T { values[below(values.count)] }
    }

    /// Random IDX-like bytes: half of them start with a plausible header (zero magic, a known type, small rank).
    static func idxBytes(_ generator: inout Generator) -> [UInt8] {
        var bytes = (0..<generator.below(48)).map { _ in generator.byte() }
        if generator.below(2) == 0 {
            let header: [UInt8] = [
                0, 0, generator.pick([0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E]), UInt8(generator.below(5)),
            ]
            bytes = header + bytes
            if generator.below(3) == 0 {
                // Small dimensions, sometimes matching the data.
                for index in stride(from: 4, to: min(bytes.count - 3, 4 + 4 * Int(header[3])), by: 4) {
                    bytes[index] = 0
                    bytes[index + 1] = 0
                    bytes[index + 2] = 0
                    bytes[index + 3] = UInt8(generator.below(4))
                }
            }
        }
        return bytes
    }

    @Test func idxDecodingNeverTraps() {
        var generator = Generator(state: 19)
        var decoded = 0
        for _ in 0..<4000 {
            let bytes = Self.idxBytes(&generator)
            do {
                let array = try IDXReader.decode(bytes, path: "fuzz.idx")
                #expect(array.values.count == array.shape.reduce(1, *))
                decoded += 1
            } catch {
                #expect(error.description.hasPrefix("fuzz.idx"))
            }
        }
        #expect(decoded > 0)
    }

    /// The peak resident memory of this process, in bytes.
    static func peakMemory() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss * 1024
    }

    @Test func idxFilesRawAndGzipNeverTrapAndReadBoundedly() throws {
        var generator = Generator(state: 1919)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-fuzz-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let start = Self.peakMemory()
        for index in 0..<300 {
            let path = folder.appendingPathComponent("case-\(index)").path
            var bytes = Self.idxBytes(&generator)
            if generator.below(4) == 0 { bytes += [UInt8](repeating: 0, count: generator.below(1 << 20)) }
            if generator.below(2) == 0 {
                try Self.gzip(bytes, to: path, truncate: generator.below(4) == 0)
            } else {
                FileManager.default.createFile(atPath: path, contents: Data(bytes))
            }
            let read = try? IDXReader.readBytes(path: path)
            if let read, let header = try? IDXHeader(prefix: read, path: path) {
                #expect(read.count <= header.size + header.dataBytes + 1)
            }
            do {
                _ = try IDXReader.read(path: path)
            } catch {
                #expect(error.description.hasPrefix(path))
            }
        }
        #expect(Self.peakMemory() - start < 256 << 20)
    }

    /// Gzips `bytes` with the system's `gzip` (optionally cutting the stream short).
    static func gzip(_ bytes: [UInt8], to path: String, truncate: Bool) throws {
        let raw = path + ".raw"
        FileManager.default.createFile(atPath: raw, contents: Data(bytes))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -c -1 '\(raw)' > '\(path)'"]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        if truncate, let data = FileManager.default.contents(atPath: path), data.count > 12 {
            FileManager.default.createFile(atPath: path, contents: data.prefix(data.count / 2))
        }
    }

    @Test func csvParsingNeverTraps() {
        var generator = Generator(state: 4180)
        let alphabet: [String] = ["a", "b", ",", ",", "\"", "\n", "\r\n", " ", "1.5", "-", "nan", "é", "\u{FEFF}", ""]
        for _ in 0..<4000 {
            let text = (0..<generator.below(40)).map { _ in generator.pick(alphabet) }.joined()
            do {
                let table = try CSVTable(text: text, source: "fuzz.csv")
                #expect(table.rows.allSatisfy { $0.cells.count == table.header.count })
            } catch {
                guard case .csv(let path, let line, _, _) = error else {
                    Issue.record("unexpected error \(error)")
                    continue
                }
                #expect(path == "fuzz.csv" && line >= 1)
            }
        }
    }

    @Test func studyFileParsingNeverTraps() {
        var generator = Generator(state: 2026)
        let base = """
            study: fuzz
            objective: sphere
            sampler: grid
            trials: 10
            parameters:
              x0: {type: float, low: -5, high: 5, step: 1}
              n: {type: int, low: 1, high: 8, step: 1}
              c: {type: categorical, choices: [a, b]}
            """
        let tokens = [
            "-9223372036854775808", "9223372036854775807", "1e-12", "1e308", "-1e308", ".nan", ".inf", "0", "-1",
            "1000000000000", "{", "}", "[", "]", ":", "\n", "  ", "&a", "*a", "\"", "type", "log: true", "step",
        ]
        for _ in 0..<2000 {
            var text = Array(base)
            for _ in 0..<(1 + generator.below(4)) {
                let position = generator.below(text.count + 1)
                switch generator.below(3) {
                case 0: text.insert(contentsOf: generator.pick(tokens), at: position)
                case 1: if position < text.count { text.remove(at: position) }
                default:
                    // Replace a number with an extreme one.
                    if let digit = text.indices.filter({ text[$0].isNumber }).randomElement(using: &generator) {
                        text.replaceSubrange(digit...digit, with: generator.pick(tokens))
                    }
                }
            }
            do {
                let file = try StudyFile.parse(String(text), file: "fuzz.yaml")
                if file.sampler == .grid { _ = try? file.space?.gridPoints(values: file.values) }
            } catch let error as StudyFileError {
                #expect(error.description.contains("fuzz.yaml"))
            } catch {
                Issue.record("untyped error \(type(of: error)): \(error)")
            }
        }
    }

    @Test func distributionArithmeticNeverTraps() {
        var generator = Generator(state: 53)
        let extremes = [Int.min, Int.max, Int.min + 1, -(1 << 53), 1 << 53, (1 << 53) + 1, -5, 0, 1, 2, 1 << 62]
        let floats = [
            -Double.greatestFiniteMagnitude, .greatestFiniteMagnitude, .nan, .infinity, -.infinity, 0, 1e-300,
            -1e-300, 1e-12, 1, -1, 1e300,
        ]
        for _ in 0..<3000 {
            let low = generator.below(2) == 0 ? generator.pick(extremes) : Int(truncatingIfNeeded: generator.next())
            let high = generator.below(2) == 0 ? generator.pick(extremes) : Int(truncatingIfNeeded: generator.next())
            let step = generator.pick([1, 2, 3, 1 << 40, Int.max, 0, -1])
            let log = generator.below(4) == 0
            let u = Double(generator.next() % 1_000_001) / 1_000_000
            if let distribution = try? IntDistribution(low: low, high: high, log: log, step: step, name: "n") {
                let value = distribution.value(fromUnit: u)
                #expect(distribution.contains(value))
                #expect(distribution.pointCount >= 1)
                _ = Distribution.int(distribution).finiteValueCount
            }
            let flow = generator.pick(floats)
            let fhigh = generator.below(2) == 0 ? generator.pick(floats) : Double(bitPattern: generator.next())
            let fstep: Double? = generator.pick([nil, 1e-12, 1, 1e-300, 0.1, .nan])
            if let distribution = try? FloatDistribution(low: flow, high: fhigh, log: log, step: fstep, name: "x") {
                let value = distribution.value(fromUnit: u)
                #expect(value.isFinite && distribution.contains(value), "\(distribution) at \(u): \(value)")
                _ = Distribution.float(distribution).finiteValueCount
            }
        }
    }
}

extension ReaderFuzzTests.Generator: RandomNumberGenerator {}
