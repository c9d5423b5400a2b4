import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 client over one keep-alive TCP connection to `127.0.0.1`, for timing a local server's JSON
/// endpoints without a client library's own overhead in the figure: requests are written whole, responses read by
/// their `Content-Length`.
///
/// ```swift
/// let client = try BenchHTTPClient(port: 8080)
/// let (status, body) = try client.post("/api/studies/1/ask", json: "{}", token: token)
/// ```
final class BenchHTTPClient {
    let socket: Int32
    let port: Int
    /// Bytes read past the last response (none while the server answers one request at a time).
    private var pending: [UInt8] = []

    /// Connects to `127.0.0.1:port` (`TCP_NODELAY`: a request is sent at once, not held back for a full packet).
    init(port: Int) throws {
        self.port = port
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw BenchProcess.Failure(description: "socket failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(socket)
            throw BenchProcess.Failure(description: "cannot connect to 127.0.0.1:\(port): errno \(errno)")
        }
        var one: Int32 = 1
        _ = setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close(socket) }

    /// Sends `POST path` with a JSON body and the write token; returns the status code and the body.
    func post(_ path: String, json: String, token: String) throws -> (status: Int, body: String) {
        let body = Array(json.utf8)
        let head =
            "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nX-Vernier-Token: \(token)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
        let request = Array(head.utf8) + body
        var sent = 0
        while sent < request.count {
            let count = request.withUnsafeBytes { send(socket, $0.baseAddress! + sent, request.count - sent, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw BenchProcess.Failure(description: "send failed: errno \(errno)") }
            sent += count
        }
        return try readResponse()
    }

    private func readResponse() throws -> (status: Int, body: String) {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headerEnd: Int?
        while headerEnd == nil {
            if let index = find(separator, in: pending) {
                headerEnd = index
            } else {
                try receive()
            }
        }
        let head = String(decoding: pending[0..<headerEnd!], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else {
            throw BenchProcess.Failure(description: "not an HTTP response: \(lines[0])")
        }
        let length = lines.dropFirst().compactMap { line -> Int? in
            let pair = line.split(separator: ":", maxSplits: 1)
            guard pair.count == 2, pair[0].lowercased() == "content-length" else { return nil }
            return Int(pair[1].trimmingCharacters(in: .whitespaces))
        }.first
        guard let length else { throw BenchProcess.Failure(description: "a response without Content-Length") }
        let bodyStart = headerEnd! + separator.count
        while pending.count < bodyStart + length { try receive() }
        let body = String(decoding: pending[bodyStart..<(bodyStart + length)], as: UTF8.self)
        pending.removeFirst(bodyStart + length)
        return (status, body)
    }

    private func receive() throws {
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        if count < 0 && errno == EINTR { return }
        guard count > 0 else { throw BenchProcess.Failure(description: "the server closed the connection") }
        pending += buffer[0..<count]
    }

    private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count)
        where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
