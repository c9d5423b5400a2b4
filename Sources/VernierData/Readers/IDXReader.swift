import CZlib
import Foundation
import VernierLimits

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
    ///
    /// Reads the header first and then at most the data size it announces plus one byte, so a gzip file that
    /// inflates far past its header is refused after inflating only that much (``InputLimits``).
    public static func read(path: String) throws(DataError) -> IDXArray {
        try decode(try readBytes(path: path), path: path)
    }

    /// Decodes IDX bytes; `path` names them in error messages.
    ///
    /// ```swift
    /// let array = try IDXReader.decode([0, 0, 8, 1, 0, 0, 0, 2, 7, 9], path: "tiny.idx")   // [7, 9]
    /// ```
    public static func decode(_ bytes: [UInt8], path: String) throws(DataError) -> IDXArray {
        let header = try IDXHeader(prefix: bytes, path: path)
        let headerSize = header.size
        let expected = header.dataBytes
        let actual = bytes.count - headerSize
        guard actual >= expected else { throw DataError.truncated(path: path, expected: expected, actual: actual) }
        guard actual == expected else {
            throw DataError.malformed(
                path: path,
                reason: "\(actual - expected) bytes after the \(expected) data bytes of shape \(header.shape)")
        }
        let count = header.count
        let typeCode = header.typeCode
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
        return IDXArray(typeCode: typeCode, shape: header.shape, values: values)
    }

    private static func readBigEndian32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }

    /// The file's bytes, decompressed when it is gzip (zlib reads raw files unchanged): the header, then at most
    /// the data size the header announces plus one byte (enough for `decode` to report the excess).
    static func readBytes(path: String) throws(DataError) -> [UInt8] {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw DataError.unreadable(path: path, reason: "no such readable file")
        }
        guard let file = gzopen(path, "rb") else {
            throw DataError.unreadable(path: path, reason: "cannot open")
        }
        defer { gzclose(file) }
        var result: [UInt8] = []
        try read(file, path: path, upTo: 4, into: &result)
        guard result.count == 4, result[0] == 0, result[1] == 0 else { return result }
        try read(file, path: path, upTo: 4 + 4 * Int(result[3]), into: &result)
        guard let header = try? IDXHeader(prefix: result, path: path) else { return result }
        let limit = header.size + header.dataBytes + InputLimits.idxBytesBeyondHeader + 1
        try read(file, path: path, upTo: limit, into: &result)
        return result
    }

    /// Appends bytes from `file` to `result` until it holds `limit` bytes or the file ends.
    private static func read(
        _ file: gzFile, path: String, upTo limit: Int, into result: inout [UInt8]
    ) throws(DataError) {
        var chunk = [UInt8](repeating: 0, count: Swift.min(1 << 20, Swift.max(limit - result.count, 1)))
        while result.count < limit {
            let wanted = Swift.min(chunk.count, limit - result.count)
            let read = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32(wanted)) }
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
    }
}
