import Foundation
import Testing
import VernierNN
import VernierRandom
import VernierTensor
import VernierTraining

@Suite struct SafeTensorsTests {
    @Test func layoutFollowsTheFormat() throws {
        let data = SafeTensors.encode([("a", Tensor([1, 2])), ("b", Tensor([[3]]))])
        let bytes = [UInt8](data)
        let headerLength = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(headerLength % 8 == 0)
        let header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
        #expect(header.hasPrefix(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}"#))
        #expect(bytes.count == 8 + headerLength + 12)
        // 1.0f little-endian.
        #expect(Array(bytes[(8 + headerLength)..<(8 + headerLength + 4)]) == [0, 0, 0x80, 0x3f])
        let file = try SafeTensors.decode(data, source: "mem")
        #expect(file["a"] == Tensor([1, 2]))
        #expect(file["b"] == Tensor([[3]]))
    }

    @Test func modelRoundTrip() throws {
        var rng = Xoshiro256(seed: 1)
        let model = MLP(sizes: [3, 5, 2], activation: .tanh, using: &rng)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vernier-\(UUID()).safetensors")
        try Checkpoint.save(model, metadata: ["experiment": "test"], to: url)
        var restored = MLP(sizes: [3, 5, 2], activation: .tanh, using: &rng)
        #expect(restored.parameters != model.parameters)
        try Checkpoint.load(into: &restored, from: url)
        #expect(restored.parameters == model.parameters)
        #expect(try SafeTensors.read(from: url).metadata["experiment"] == "test")
        var wrong = MLP(sizes: [3, 6, 2], using: &rng)
        #expect(throws: CheckpointError.self) { try Checkpoint.load(into: &wrong, from: url) }
    }

    @Test func corruptFilesAreRejected() throws {
        let good = [UInt8](SafeTensors.encode([("a", Tensor([1, 2]))]))
        #expect(throws: CheckpointError.self) { try SafeTensors.decode(Data(good.dropLast(2)), source: "cut") }
        var hugeHeader = good
        hugeHeader[0] = 0xff
        hugeHeader[3] = 0x7f
        #expect(throws: CheckpointError.self) { try SafeTensors.decode(Data(hugeHeader), source: "huge") }
        var badJSON = good
        badJSON[8] = UInt8(ascii: "[")
        #expect(throws: CheckpointError.self) { try SafeTensors.decode(Data(badJSON), source: "json") }
        #expect(throws: CheckpointError.self) { try SafeTensors.read(from: URL(fileURLWithPath: "/nonexistent")) }
    }
}
