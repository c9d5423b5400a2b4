import Foundation
import Testing
import VernierTune

@testable import VernierDashboard

#if canImport(Glibc)
import Glibc
#endif

/// Issue 19: the dashboard answers only to its own host names (DNS rebinding), whatever the route.
@Suite struct DashboardHostCheckTests {
    @Test(arguments: [
        ("127.0.0.1:8080", "127.0.0.1", true), ("localhost:8080", "127.0.0.1", true),
        ("LOCALHOST:8080", "127.0.0.1", true), ("[::1]:8080", "127.0.0.1", true),
        ("10.1.2.3:8080", "0.0.0.0", true), ("evil.example:8080", "127.0.0.1", false),
        ("evil.example:8080", "0.0.0.0", false), ("127.0.0.1:9999", "127.0.0.1", false),
        ("127.0.0.1", "127.0.0.1", false), ("localhost:80x", "127.0.0.1", false),
        ("", "127.0.0.1", false), ("127.0.0.1.evil.example:8080", "127.0.0.1", false),
    ])
    func allowsOnlyItsOwnNamesWithItsPort(header: String, boundHost: String, allowed: Bool) {
        #expect(DashboardHostCheck.allows(header, boundHost: boundHost, port: 8080) == allowed)
    }

    @Test func aMissingHostHeaderIsRefused() {
        #expect(!DashboardHostCheck.allows(nil, boundHost: "127.0.0.1", port: 8080))
    }

    @Test func loopbackHostsAreToldFromExposedOnes() {
        #expect(!DashboardHostCheck.isNonLoopback("127.0.0.1"))
        #expect(!DashboardHostCheck.isNonLoopback("localhost"))
        #expect(DashboardHostCheck.isNonLoopback("0.0.0.0"))
        #expect(DashboardHostCheck.isNonLoopback("192.168.1.5"))
    }

    /// Sends one raw HTTP/1.1 request with `host` as the Host header; returns the status line.
    func statusLine(port: Int, host: String, method: String = "GET", path: String = "/api/studies") throws -> String {
        let handle = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(handle) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(handle, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(connected == 0)
        let request = "\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(handle, $0, strlen($0), 0) }
        var response = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(handle, &buffer, buffer.count, 0)
            if count <= 0 { break }
            response.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: response, as: UTF8.self).components(separatedBy: "\r\n").first ?? ""
    }

    @Test func aRebindingHostGets421AndNothingIsDeleted() async throws {
        let storage = try DashboardFixtures.storage()
        let before = try storage.allStudies().count
        let id = try DashboardFixtures.id(of: "branin-demo", in: storage)
        let configuration = DashboardConfiguration(port: 0, allowsDelete: true)
        let running = try await DashboardServer(storage: storage, configuration: configuration).start()
        let port = running.port
        let forged = try statusLine(port: port, host: "rebind.evil.example:\(port)")
        let deleted = try statusLine(
            port: port, host: "rebind.evil.example:\(port)", method: "DELETE", path: "/api/studies/\(id)")
        let own = try statusLine(port: port, host: "127.0.0.1:\(port)")
        let named = try statusLine(port: port, host: "localhost:\(port)")
        await running.stop()
        #expect(forged.hasPrefix("HTTP/1.1 421"), "\(forged)")
        #expect(deleted.hasPrefix("HTTP/1.1 421"), "\(deleted)")
        #expect(own.hasPrefix("HTTP/1.1 200"), "\(own)")
        #expect(named.hasPrefix("HTTP/1.1 200"), "\(named)")
        #expect(try storage.allStudies().count == before)
    }
}
