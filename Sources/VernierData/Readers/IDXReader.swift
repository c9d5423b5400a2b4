import CZlib
import Foundation

/// One array read from an IDX file (the MNIST format): its element type, shape and values as `Float`.
///
/// ```swift
/// let images = try IDXReader.read(path: "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")
/// images.shape   // [60000, 28, 28]
/// ```
public struct IDXArray: Sendable {
    /// The IDX type code (0x08 unsigned byte, 0x09 signed byte, 0x0B int16, 0x0C int32, 0x0D float32,
    /// 0x0E float64).
    public let typeCode: UInt8
    /// The dimensions from the header.
    public let shape: [Int]
    /// The elements in row-major order, converted to `Float`.
    public let values: [Float]
}

/// Reads IDX files (LeCun's MNIST format: a 4-byte magic `0x00 0x00 type rank`, `rank` big-endian 32-bit
/// dimensions, then the data, big-endian), raw or gzip-compressed (detected by content, read through zlib).
///
/// Errors name the file and what is wrong: a bad magic number, an unknown type code, or fewer data bytes than
/// the header announces.
///
/// ```swift
/// let labels = try IDXReader.read(path: "train-labels-idx1-ubyte.gz")
/// labels.shape      // [60000]
/// ```
public enum IDXReader {
    /// Reads and decodes one IDX file (`.gz` or raw).
    public static func read(path: String) throws(DataError) -> IDXArray {
        try decode(try readBytes(path: path), path: path)
    }

    /// Decodes IDX bytes; `path` names them in error messages.
    ///
    /// ```swift
    /// let array = try IDXReader.decode([0, 0, 8, 1, 0, 0, 0, 2, 7, 9], path: "tiny.idx")   // [7, 9]
    /// ```
    public static func decode(_ bytes: [UInt8], path: String) throws(DataError) -> IDXArray {
        guard bytes.count >= 4 else {
            throw DataError.truncated(path: path, expected: 4, actual: bytes.count)
        }
        guard bytes[0] == 0, bytes[1] == 0 else {
            let found = bytes[0..<4].map { String(format: "%02x", $0) }.joined()
            throw DataError.badMagic(path: path, found: "0x" + found, expected: "0x0000 then a type code and a rank")
        }
        let typeCode = bytes[2]
        let elementSize: Int
        switch typeCode {
        case 0x08, 0x09: elementSize = 1
        case 0x0B: elementSize = 2
        case 0x0C, 0x0D: elementSize = 4
        case 0x0E: elementSize = 8
        default:
            throw DataError.badMagic(
                path: path, found: String(format: "type code 0x%02x", typeCode),
                expected: "one of 0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e")
        }
        let rank = Int(bytes[3])
        let headerSize = 4 + 4 * rank
        guard bytes.count >= headerSize else {
            throw DataError.malformed(
                path: path, reason: "header announces \(rank) dimensions but the file has only \(bytes.count) bytes")
        }
        var shape: [Int] = []
        for axis in 0..<rank {
            let offset = 4 + 4 * axis
            shape.append(Int(readBigEndian32(bytes, at: offset)))
        }
        let count = shape.reduce(1, *)
        let expected = count * elementSize
        let actual = bytes.count - headerSize
        guard actual >= expected else { throw DataError.truncated(path: path, expected: expected, actual: actual) }
        guard actual == expected else {
            throw DataError.malformed(
                path: path, reason: "\(actual - expected) bytes after the \(expected) data bytes of shape \(shape)")
        }
        var values = [Float](repeating: 0, count: count)
        switch typeCode {
        case 0x08:
            for index in 0..<count { values[index] = Float(bytes[headerSize + index]) }
        case 0x09:
            for index in 0..<count { values[index] = Float(Int8(bitPattern: bytes[headerSize + index])) }
        case 0x0B:
            for index in 0..<count {
                let offset = headerSize + 2 * index
                values[index] = Float(Int16(bitPattern: UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])))
            }
        case 0x0C:
            for index in 0..<count {
                values[index] = Float(Int32(bitPattern: readBigEndian32(bytes, at: headerSize + 4 * index)))
            }
        case 0x0D:
            for index in 0..<count {
                values[index] = Float(bitPattern: readBigEndian32(bytes, at: headerSize + 4 * index))
            }
        default:
            for index in 0..<count {
                let offset = headerSize + 8 * index
                let bits =
                    UInt64(readBigEndian32(bytes, at: offset)) << 32 | UInt64(readBigEndian32(bytes, at: offset + 4))
                values[index] = Float(Double(bitPattern: bits))
            }
        }
        return IDXArray(typeCode: typeCode, shape: shape, values: values)
    }

    private static func readBigEndian32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }

    /// The file's bytes, decompressed when it is gzip (zlib reads raw files unchanged).
    static func readBytes(path: String) throws(DataError) -> [UInt8] {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw DataError.unreadable(path: path, reason: "no such readable file")
        }
        guard let file = gzopen(path, "rb") else {
            throw DataError.unreadable(path: path, reason: "cannot open")
        }
        defer { gzclose(file) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let read = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if read < 0 {
                var code: Int32 = 0
                let message = gzerror(file, &code).map { String(cString: $0) } ?? "unknown zlib error"
                if code == Z_BUF_ERROR || message.contains("unexpected end") {
                    throw DataError.truncated(path: path, expected: result.count + 1, actual: result.count)
                }
                throw DataError.malformed(path: path, reason: "gzip stream is corrupt: \(message)")
            }
            if read == 0 { break }
            result.append(contentsOf: chunk[0..<Int(read)])
        }
        var code: Int32 = 0
        let message = gzerror(file, &code).map { String(cString: $0) } ?? ""
        if code == Z_BUF_ERROR {
            throw DataError.malformed(path: path, reason: "gzip stream is truncated: \(message)")
        }
        return result
    }
}
