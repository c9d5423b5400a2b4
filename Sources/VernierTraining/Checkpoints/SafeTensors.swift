import Foundation
import VernierTensor

/// Reads and writes the safetensors format (Hugging Face): an 8-byte little-endian header length `N`, a JSON
/// header of `N` bytes mapping each tensor name to `{"dtype": "F32", "shape": [...], "data_offsets": [begin,
/// end]}` (plus an optional `"__metadata__"` object of strings), then the raw little-endian data. The header is
/// padded with spaces to a multiple of 8 bytes. Only `F32` tensors are supported.
///
/// Reading verifies everything: the header length against the file size, the JSON, the dtype, that every
/// tensor's byte range matches its shape, lies inside the data and that the ranges tile the data exactly.
///
/// ```swift
/// try SafeTensors.write([("weight", w), ("bias", b)], metadata: ["format": "pt"], to: url)
/// let tensors = try SafeTensors.read(from: url)   // [(name, tensor)] in file order
/// ```
public enum SafeTensors {
    /// Encodes named tensors (in the given order) into safetensors bytes.
    public static func encode(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:]) -> Data {
        var offset = 0
        var entries: [String] = []
        if !metadata.isEmpty {
            let fields = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0]!))" }
            entries.append("\"__metadata__\":{\(fields.joined(separator: ","))}")
        }
        for (name, tensor) in tensors {
            let size = tensor.count * 4
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            entries.append(
                "\(jsonString(name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + size)]}"
            )
            offset += size
        }
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var data = Data(capacity: 8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: header)
        for (_, tensor) in tensors {
            tensor.withUnsafeBufferPointer { buffer in
                for value in buffer {
                    withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
                }
            }
        }
        return data
    }

    /// Writes named tensors to a file.
    public static func write(
        _ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:], to url: URL
    ) throws {
        try encode(tensors, metadata: metadata).write(to: url, options: .atomic)
    }

    /// Reads a file; see ``decode(_:source:)``.
    public static func read(from url: URL) throws(CheckpointError) -> SafeTensorsFile {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CheckpointError.unreadable(path: url.path, reason: (error as NSError).localizedDescription)
        }
        return try decode(data, source: url.path)
    }

    /// Decodes and verifies safetensors bytes; `source` names them in errors.
    public static func decode(_ data: Data, source: String) throws(CheckpointError) -> SafeTensorsFile {
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else { throw CheckpointError.invalid(path: source, reason: "shorter than 8 bytes") }
        var headerLength = 0
        for index in (0..<8).reversed() { headerLength = headerLength << 8 | Int(bytes[index]) }
        guard headerLength > 0, headerLength <= bytes.count - 8 else {
            throw CheckpointError.invalid(
                path: source, reason: "header length \(headerLength) does not fit in \(bytes.count) bytes")
        }
        let headerBytes = Data(bytes[8..<(8 + headerLength)])
        guard let object = try? JSONSerialization.jsonObject(with: headerBytes), let header = object as? [String: Any]
        else {
            throw CheckpointError.invalid(path: source, reason: "the header is not a JSON object")
        }
        let dataStart = 8 + headerLength
        let dataSize = bytes.count - dataStart
        var entries: [(name: String, shape: [Int], begin: Int, end: Int)] = []
        var metadata: [String: String] = [:]
        for (name, value) in header {
            if name == "__metadata__" {
                guard let fields = value as? [String: String] else {
                    throw CheckpointError.invalid(path: source, reason: "__metadata__ must map strings to strings")
                }
                metadata = fields
                continue
            }
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int], offsets.count == 2
            else {
                throw CheckpointError.invalid(
                    path: source, reason: "tensor '\(name)' lacks dtype, shape or data_offsets")
            }
            guard dtype == "F32" else {
                throw CheckpointError.invalid(
                    path: source, reason: "tensor '\(name)' has dtype \(dtype); only F32 is read")
            }
            guard shape.allSatisfy({ $0 >= 0 }), offsets[0] >= 0, offsets[1] >= offsets[0], offsets[1] <= dataSize,
                (offsets[1] - offsets[0]) == shape.reduce(1, *) * 4
            else {
                throw CheckpointError.invalid(
                    path: source,
                    reason:
                        "tensor '\(name)': data_offsets \(offsets) do not match shape \(shape) in \(dataSize) data bytes"
                )
            }
            entries.append((name, shape, offsets[0], offsets[1]))
        }
        entries.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var expected = 0
        for entry in entries {
            guard entry.begin == expected else {
                throw CheckpointError.invalid(
                    path: source, reason: "tensor '\(entry.name)' starts at byte \(entry.begin), expected \(expected)")
            }
            expected = entry.end
        }
        guard expected == dataSize else {
            throw CheckpointError.invalid(path: source, reason: "\(dataSize - expected) data bytes belong to no tensor")
        }
        var tensors: [(name: String, tensor: Tensor)] = []
        for entry in entries {
            let tensor = Tensor(shape: entry.shape) { buffer in
                for index in buffer.indices {
                    let offset = dataStart + entry.begin + 4 * index
                    let bits =
                        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
                        | UInt32(bytes[offset + 3]) << 24
                    buffer[index] = Float(bitPattern: bits)
                }
            }
            tensors.append((entry.name, tensor))
        }
        return SafeTensorsFile(tensors: tensors, metadata: metadata)
    }

    static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            default:
                if scalar.value < 0x20 {
                    result += String(format: "\\u%04x", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

/// The contents of a safetensors file: tensors in data order and the metadata strings.
///
/// ```swift
/// let file = try SafeTensors.read(from: url)
/// let weight = file["layers.0.weight"]
/// ```
public struct SafeTensorsFile: Sendable {
    /// The tensors, in the order of their data.
    public var tensors: [(name: String, tensor: Tensor)]
    /// The `__metadata__` strings.
    public var metadata: [String: String]

    /// The tensor named `name`, if present.
    public subscript(name: String) -> Tensor? { tensors.first { $0.name == name }?.tensor }
}
