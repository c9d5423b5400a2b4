import Foundation
import VernierLimits

/// The header of an IDX file: type code, element size and shape, with the data size it announces computed
/// without overflow (a header whose dimensions multiply past ``InputLimits/maximumIDXDataBytes`` is refused).
struct IDXHeader {
    /// The IDX type code.
    let typeCode: UInt8
    /// Bytes per element.
    let elementSize: Int
    /// The dimensions.
    let shape: [Int]
    /// The number of elements (the product of the dimensions).
    let count: Int
    /// `count * elementSize`.
    let dataBytes: Int
    /// Bytes of the header (4 + 4 per dimension).
    var size: Int { 4 + 4 * shape.count }

    /// Parses the header at the start of `bytes`; `path` names the file in errors.
    init(prefix bytes: [UInt8], path: String) throws(DataError) {
        guard bytes.count >= 4 else {
            throw DataError.truncated(path: path, expected: 4, actual: bytes.count)
        }
        guard bytes[0] == 0, bytes[1] == 0 else {
            let found = bytes[0..<4].map { String(format: "%02x", $0) }.joined()
            throw DataError.badMagic(path: path, found: "0x" + found, expected: "0x0000 then a type code and a rank")
        }
        typeCode = bytes[2]
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
        var total = elementSize
        var overflow = false
        for axis in 0..<rank {
            let offset = 4 + 4 * axis
            let dimension =
                Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8
                | Int(bytes[offset + 3])
            shape.append(dimension)
            let (product, overflowed) = total.multipliedReportingOverflow(by: dimension)
            overflow = overflow || overflowed || product > InputLimits.maximumIDXDataBytes
            if !overflow { total = product }
        }
        guard !overflow else {
            throw DataError.malformed(
                path: path,
                reason: "header shape \(shape) of \(elementSize)-byte elements announces more than "
                    + "\(InputLimits.maximumIDXDataBytes) data bytes (the largest IDX file Vernier reads)")
        }
        self.shape = shape
        dataBytes = total
        count = total / elementSize
    }
}
