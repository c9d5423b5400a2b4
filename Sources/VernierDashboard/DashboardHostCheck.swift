import Foundation

/// Which `Host` headers the dashboard answers: a defence against DNS rebinding, where a web page on another
/// domain resolves its own name to 127.0.0.1 and reads (or, with `--allow-delete`, deletes) every study.
///
/// Allowed: `localhost`, any IP literal (a rebinding page always uses a domain name), the bound host itself,
/// and, when bound to every interface, this machine's host name; with the bound port, or no port when it is 80.
/// Everything else, a missing header included, gets `421 Misdirected Request`.
///
/// ```swift
/// DashboardHostCheck.allows("127.0.0.1:8080", boundHost: "127.0.0.1", port: 8080)   // true
/// DashboardHostCheck.allows("evil.example:8080", boundHost: "127.0.0.1", port: 8080) // false
/// ```
public enum DashboardHostCheck {
    /// Whether a request whose `Host` header is `header` may be answered by a dashboard bound to
    /// `boundHost:port`.
    public static func allows(_ header: String?, boundHost: String, port: Int) -> Bool {
        guard let header, !header.isEmpty else { return false }
        let (name, headerPort) = split(header.lowercased())
        if let headerPort {
            guard headerPort == port else { return false }
        } else if port != 80 {
            return false
        }
        if name == "localhost" || name == boundHost.lowercased() || isIPLiteral(name) { return true }
        if isEveryInterface(boundHost) { return name == ProcessInfo.processInfo.hostName.lowercased() }
        return false
    }

    /// Whether binding `host` exposes the dashboard beyond this machine (anything but a loopback address).
    public static func isNonLoopback(_ host: String) -> Bool {
        let name = host.lowercased()
        return !(name == "localhost" || name == "::1" || name == "[::1]" || name.hasPrefix("127."))
    }

    static func isEveryInterface(_ host: String) -> Bool { host == "0.0.0.0" || host == "::" || host == "[::]" }

    /// Splits `name:port` or `[v6]:port`; the port is nil when absent, and -1 when not a number.
    static func split(_ header: String) -> (String, Int?) {
        if header.hasPrefix("["), let close = header.firstIndex(of: "]") {
            let name = String(header[...close])
            let rest = header[header.index(after: close)...]
            guard rest.hasPrefix(":") else { return (name, rest.isEmpty ? nil : -1) }
            return (name, Int(rest.dropFirst()) ?? -1)
        }
        guard let colon = header.lastIndex(of: ":") else { return (header, nil) }
        return (String(header[..<colon]), Int(header[header.index(after: colon)...]) ?? -1)
    }

    static func isIPLiteral(_ name: String) -> Bool {
        if name.hasPrefix("[") && name.hasSuffix("]") {
            var address = in6_addr()
            return inet_pton(AF_INET6, String(name.dropFirst().dropLast()), &address) == 1
        }
        var address = in_addr()
        return inet_pton(AF_INET, name, &address) == 1
    }
}

extension DashboardResponse {
    /// `421 Misdirected Request` for a `Host` header that ``DashboardHostCheck`` refuses.
    static func misdirected(host: String?) -> DashboardResponse {
        DashboardResponse(
            status: 421, contentType: "text/plain; charset=utf-8",
            body: Data(
                ("421 Misdirected Request: this dashboard does not answer to Host '\(host ?? "")' (open it as "
                    + "http://127.0.0.1:PORT/ or http://localhost:PORT/)\n").utf8))
    }
}
