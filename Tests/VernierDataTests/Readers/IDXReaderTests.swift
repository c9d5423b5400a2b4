import CZlib
import Foundation
import Testing
import VernierData

@Suite struct IDXReaderTests {
    /// A 3 × 2 × 2 unsigned-byte array.
    static let tiny: [UInt8] = [0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2] + (0..<12).map { UInt8($0 * 20) }

    static func temporaryPath(_ name: String) -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-idx-\(UUID())")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name).path
    }

    static func writeGzip(_ bytes: [UInt8], to path: String) {
        let file = gzopen(path, "wb")
        _ = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
        gzclose(file)
    }

    @Test func readsRawAndGzip() throws {
        let raw = Self.temporaryPath("tiny-idx3-ubyte")
        try Data(Self.tiny).write(to: URL(fileURLWithPath: raw))
        let gz = Self.temporaryPath("tiny-idx3-ubyte.gz")
        Self.writeGzip(Self.tiny, to: gz)
        for path in [raw, gz] {
            let array = try IDXReader.read(path: path)
            #expect(array.shape == [3, 2, 2])
            #expect(array.typeCode == 8)
            #expect(array.values == (0..<12).map { Float($0 * 20) })
        }
    }

    @Test func badMagicNamesTheFile() {
        var bytes = Self.tiny
        bytes[0] = 0x1f
        #expect(throws: DataError.self) { try IDXReader.decode(bytes, path: "x.idx") }
        do {
            _ = try IDXReader.decode(bytes, path: "x.idx")
        } catch {
            #expect(error.description.contains("x.idx"))
            #expect(error.description.contains("bad magic"))
        }
    }

    @Test func truncatedDataIsReported() throws {
        let cut = Array(Self.tiny.dropLast(3))
        do {
            _ = try IDXReader.decode(cut, path: "cut.idx")
            Issue.record("expected an error")
        } catch {
            #expect(error == .truncated(path: "cut.idx", expected: 12, actual: 9))
            #expect(error.description == "cut.idx: truncated: expected 12 bytes of data, found 9")
        }
        // A gzip file cut in the middle of its stream.
        let full = Self.temporaryPath("full.gz")
        Self.writeGzip(Self.tiny + [UInt8](repeating: 7, count: 5000).map { $0 &+ 1 }, to: full)
        let compressed = try Data(contentsOf: URL(fileURLWithPath: full))
        let half = Self.temporaryPath("half.gz")
        try compressed.prefix(compressed.count / 2).write(to: URL(fileURLWithPath: half))
        #expect(throws: DataError.self) { try IDXReader.read(path: half) }
    }

    @Test func missingFileIsReported() {
        #expect(throws: DataError.self) { try IDXReader.read(path: "/nonexistent/file.idx") }
    }

    @Test func mnistDirectoryIsSplit() throws {
        let directory = (Self.temporaryPath("x") as NSString).deletingLastPathComponent
        func idx(_ count: Int, images: Bool) -> [UInt8] {
            let header: [UInt8] =
                images
                ? [0, 0, 8, 3, 0, 0, 0, UInt8(count), 0, 0, 0, 2, 0, 0, 0, 2] : [0, 0, 8, 1, 0, 0, 0, UInt8(count)]
            let body = images ? (0..<(4 * count)).map { UInt8($0 % 256) } : (0..<count).map { UInt8($0 % 10) }
            return header + body
        }
        Self.writeGzip(idx(20, images: true), to: directory + "/train-images-idx3-ubyte.gz")
        try Data(idx(20, images: false)).write(to: URL(fileURLWithPath: directory + "/train-labels-idx1-ubyte"))
        Self.writeGzip(idx(6, images: true), to: directory + "/t10k-images-idx3-ubyte.gz")
        Self.writeGzip(idx(6, images: false), to: directory + "/t10k-labels-idx1-ubyte.gz")
        let mnist = try MNIST(directory: directory, validationCount: 5, seed: 1)
        #expect(mnist.train.count == 15)
        #expect(mnist.validation.count == 5)
        #expect(mnist.test.count == 6)
        #expect(mnist.train.featureShape == [4])
        let mean = mnist.train.features.scalars.reduce(0, +) / Float(mnist.train.features.count)
        #expect(abs(mean) < 1e-4)
        let images = try MNIST(directory: directory, validationCount: 5, seed: 1, imageLayout: true)
        #expect(images.test.featureShape == [1, 2, 2])
        #expect(throws: DataError.self) { try MNIST(directory: directory + "/missing") }
    }
}
