/// Where and how the dashboard listens.
///
/// The defaults bind the loopback interface only and serve read-only pages: nothing can change the storage
/// unless `allowsDelete` is set, and then only `DELETE /api/studies/{name}` is accepted.
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
