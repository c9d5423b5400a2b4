import CZlib
import Foundation
import Testing

@testable import VernierData

/// Issue 19: IDX headers that announce more than Int can hold, gzip files that inflate far past their header, and
/// labels outside the classes are refused with an error naming the file, never a trap or an unbounded read.
@Suite struct IDXReaderHardeningTests {
    static func header(type: UInt8, dimensions: [UInt32]) -> [UInt8] {
        [0, 0, type, UInt8(dimensions.count)]
            + dimensions.flatMap { dimension in
                [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: dimension >> $0) }
            }
    }

    /// The three headers of the issue: rank 4 of 0xFFFFFFFF, rank 255 of 0xFFFFFFFF, float64 2^31−1 × 2^16 × 2^16.
    static let overflowingHeaders: [[UInt8]] = [
        header(type: 0x08, dimensions: [UInt32](repeating: 0xFFFF_FFFF, count: 4)),
        header(type: 0x08, dimensions: [UInt32](repeating: 0xFFFF_FFFF, count: 255)),
        header(type: 0x0E, dimensions: [0x7FFF_FFFF, 1 << 16, 1 << 16]),
    ]

    @Test(arguments: overflowingHeaders)
    func headersWhoseSizeOverflowsAreRefusedNamingTheFile(bytes: [UInt8]) throws {
        let path = IDXReaderTests.temporaryPath("huge-idx3-ubyte")
        FileManager.default.createFile(atPath: path, contents: Data(bytes + [1, 2, 3]))
        let error = try #require(throws: DataError.self) { try IDXReader.read(path: path) }
        guard case .malformed(let named, let reason) = error else {
            Issue.record("expected .malformed, got \(error)")
            return
        }
        #expect(named == path)
        #expect(reason.contains("announces more than"))
        #expect(error.description.hasPrefix(path))
        #expect(throws: DataError.self) { try IDXReader.decode(bytes, path: "x.idx") }
    }

    /// `bytes` as one gzip member.
    static func gzipMember(_ bytes: [UInt8]) throws -> Data {
        let path = IDXReaderTests.temporaryPath("member.gz")
        let file = try #require(gzopen(path, "wb9"))
        _ = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
        gzclose(file)
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    @Test func aGzipBombStopsInflatingPastTheHeaderSize() throws {
        // 10 announced bytes, then 1 GiB of zeros: 1024 concatenated members of 1 MiB each, about 1 MB of gzip.
        let path = IDXReaderTests.temporaryPath("bomb-idx1-ubyte.gz")
        let head = Self.header(type: 0x08, dimensions: [10])
        let zeros = try Self.gzipMember([UInt8](repeating: 0, count: 1 << 20))
        var bomb = try Self.gzipMember(head)
        for _ in 0..<1024 { bomb.append(zeros) }
        try bomb.write(to: URL(fileURLWithPath: path))
        #expect(bomb.count < 2 << 20)
        // Bounded: the header, its 10 data bytes and one more, not 1 GiB.
        let start = Date()
        #expect(try IDXReader.readBytes(path: path).count == head.count + 10 + 1)
        let error = try #require(throws: DataError.self) { try IDXReader.read(path: path) }
        #expect(error == .malformed(path: path, reason: "1 bytes after the 10 data bytes of shape [10]"))
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test func aLabelOutsideTheClassesIsRefusedNamingFileAndIndex() throws {
        let images = IDXArray(typeCode: 0x08, shape: [3, 2, 2], values: [Float](repeating: 0, count: 12))
        let labels = IDXArray(typeCode: 0x08, shape: [3], values: [1, 200, 3])
        let error = try #require(throws: DataError.self) {
            try MNIST.dataset(images: images, labels: labels, labelsPath: "train-labels.gz", imageLayout: false)
        }
        #expect(
            error == .malformed(path: "train-labels.gz", reason: "label 1 is 200.0, not a class index in 0..<10"))
    }

    @Test func aFashionMNISTFolderWithLabel200IsRefusedAtLoad() throws {
        let folder = URL(fileURLWithPath: IDXReaderTests.temporaryPath("mnist"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let images = Self.header(type: 0x08, dimensions: [2, 2, 2]) + [UInt8](repeating: 7, count: 8)
        for (name, bytes) in [
            ("train-images-idx3-ubyte", images), ("t10k-images-idx3-ubyte", images),
            ("train-labels-idx1-ubyte", Self.header(type: 0x08, dimensions: [2]) + [0, 200]),
            ("t10k-labels-idx1-ubyte", Self.header(type: 0x08, dimensions: [2]) + [1, 2]),
        ] {
            FileManager.default.createFile(atPath: folder.appendingPathComponent(name).path, contents: Data(bytes))
        }
        let error = try #require(throws: DataError.self) {
            try MNIST(directory: folder.path, validationCount: 1, classNames: MNIST.fashionClassNames)
        }
        #expect(error.description.contains("train-labels-idx1-ubyte: label 1 is 200.0"))
    }

    @Test func aCSVRecordLongerThanTheLimitNamesItsLine() throws {
        let long = String(repeating: "9", count: 1 << 20)
        let error = try #require(throws: DataError.self) {
            try CSVTable(text: "a,b\n1,2\n\(long),3\n", source: "wide.csv")
        }
        guard case .csv(let path, let line, _, let reason) = error else {
            Issue.record("expected .csv, got \(error)")
            return
        }
        #expect(path == "wide.csv" && line == 3)
        #expect(reason.contains("longer than 1048576 characters"))
    }
}
