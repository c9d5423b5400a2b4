/// Where and how the dashboard listens.
///
/// The defaults bind the loopback interface only and serve read-only pages: nothing can change the storage
/// unless `allowsDelete` (`DELETE /api/studies/{id}`) or `allowsAskTell` (the ask/tell routes) is set, and every
/// write must carry ``writeToken`` in an `X-Vernier-Token` (or `Authorization: Bearer`) header.
///
/// ```swift
/// let configuration = DashboardConfiguration(host: "127.0.0.1", port: 8080, allowsDelete: false)
/// ```
public struct DashboardConfiguration: Sendable, Equatable {
    /// The address to bind (`127.0.0.1` by default: only this machine can connect).
    public var host: String
    /// The TCP port (0 picks a free one).
    public var port: Int
    /// Whether `DELETE /api/studies/{name}` (and the delete button) is enabled.
    public var allowsDelete: Bool
    /// How often the study page polls the API for new trials, in seconds.
    public var refreshSeconds: Double
    /// Whether the ask/tell routes (`POST /api/studies/{id}/ask`, `…/trials/{n}/report`, `…/trials/{n}/tell`)
    /// are enabled (they also need an ``AskTellService``).
    public var allowsAskTell = false
    /// The secret every write request must send (random, 128 bits, hex, unless set): the `vernier dashboard`
    /// command prints it; the study page embeds it for its delete button (other sites cannot read the page).
    public var writeToken: String = DashboardConfiguration.randomToken()

    /// 32 hex digits from the system's random source.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let word = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - word.count) + word
        }.joined()
    }

    /// Creates a configuration.
    ///
    /// ```swift
    /// let configuration = DashboardConfiguration(port: 0)   // a free port on 127.0.0.1
    /// ```
    public init(host: String = "127.0.0.1", port: Int = 8080, allowsDelete: Bool = false, refreshSeconds: Double = 2) {
        self.host = host
        self.port = port
        self.allowsDelete = allowsDelete
        self.refreshSeconds = refreshSeconds
    }
}
