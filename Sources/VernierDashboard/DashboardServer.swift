import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle
import Synchronization
import VernierTune

/// The dashboard's HTTP server (Hummingbird): forwards every request to a ``DashboardHandler`` and adds
/// `Content-Security-Policy`, `X-Content-Type-Options: nosniff` and `Cache-Control: no-store`.
///
/// ```swift
/// let server = DashboardServer(storage: storage, configuration: DashboardConfiguration(port: 8080))
/// try await server.run { host, port in print("http://\(host):\(port)/") }
/// ```
public struct DashboardServer: Sendable {
    /// Routes and pages.
    public let handler: DashboardHandler

    /// Creates a server over a storage.
    ///
    /// ```swift
    /// let server = DashboardServer(storage: try StorageURL(parsing: "memory:").makeStorage())
    /// ```
    public init(
        storage: any Storage, configuration: DashboardConfiguration = DashboardConfiguration(),
        askTell: (any AskTellService)? = nil
    ) {
        self.handler = DashboardHandler(storage: storage, configuration: configuration, askTell: askTell)
    }

    /// The Hummingbird application (what ``run(stopOnSignals:onListening:)`` runs).
    ///
    /// ```swift
    /// let app = server.application { port in print(port) }
    /// ```
    public func application(
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    )
        -> some ApplicationProtocol
    {
        let handler = self.handler
        let boundPort = BoundPort()
        let boundHost = handler.configuration.host
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let method = request.method.rawValue
            let authority = request.head.authority
            let answer: DashboardResponse
            if !DashboardHostCheck.allows(
                authority, boundHost: boundHost, port: boundPort.value.load(ordering: .relaxed))
            {
                answer = DashboardResponse.misdirected(host: authority)
            } else if let body = try? await request.body.collect(upTo: DashboardRequest.maximumBodyBytes) {
                answer = handler.handle(
                    DashboardRequest(
                        method: method, path: request.uri.path, token: Self.token(in: request.headers),
                        body: Data(body.readableBytesView)))
            } else {
                answer = .error(
                    413, "the request body is larger than \(DashboardRequest.maximumBodyBytes) bytes", api: true)
            }
            var headers = HTTPFields()
            headers[.contentType] = answer.contentType
            headers[.cacheControl] = "no-store"
            headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
            headers[HTTPField.Name("Content-Security-Policy")!] = answer.contentSecurityPolicy
            headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
            headers[.contentLength] = String(answer.body.count)
            let body = method == "HEAD" ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body))
            return Response(status: HTTPResponse.Status(code: answer.status), headers: headers, body: body)
        }
        let configuration = handler.configuration
        return Application(
            responder: responder,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "vernier-dashboard"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                boundPort.value.store(port, ordering: .relaxed)
                await onListening(port)
            })
    }

    /// The write token of a request: its `X-Vernier-Token` header, else the token of `Authorization: Bearer …`.
    static func token(in headers: HTTPFields) -> String? {
        if let token = headers[HTTPField.Name("X-Vernier-Token")!] { return token }
        guard let authorization = headers[.authorization], authorization.hasPrefix("Bearer ") else { return nil }
        return String(authorization.dropFirst("Bearer ".count))
    }

    /// Serves until SIGINT/SIGTERM (with `stopOnSignals`) or until the task is cancelled. `onListening` gets the
    /// bound port (useful with port 0).
    ///
    /// ```swift
    /// try await server.run { port in print("http://127.0.0.1:\(port)/") }
    /// ```
    public func run(
        stopOnSignals: Bool = true, onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    )
        async throws
    {
        let app = application(onListening: onListening)
        do {
            try await app.runService(gracefulShutdownSignals: stopOnSignals ? [.sigterm, .sigint] : [])
        } catch {
            throw DashboardError.translating(error, configuration: handler.configuration)
        }
    }

    /// Starts serving in the background and returns once the port is bound; ``RunningDashboard/stop()`` shuts it
    /// down gracefully. Throws if the server could not start (for example, the port is taken).
    ///
    /// ```swift
    /// let running = try await DashboardServer(storage: storage, configuration: .init(port: 0)).start()
    /// print(running.port)
    /// await running.stop()
    /// ```
    public func start() async throws -> RunningDashboard {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = application { port in continuation.yield(port) }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [], logger: app.logger))
        let task = Task {
            defer { continuation.finish() }
            do {
                try await group.run()
            } catch {
                throw DashboardError.translating(error, configuration: self.handler.configuration)
            }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await task.value
            throw DashboardError.notStarted
        }
        return RunningDashboard(port: port, group: group, task: task)
    }
}

/// A dashboard serving in the background (from ``DashboardServer/start()``).
///
/// ```swift
/// let running = try await server.start()
/// defer { Task { await running.stop() } }
/// ```
public struct RunningDashboard: Sendable {
    /// The bound TCP port.
    public let port: Int
    let group: ServiceGroup
    let task: Task<Void, any Error>

    /// Stops accepting connections, lets open requests finish, and waits until the server has stopped.
    ///
    /// ```swift
    /// await running.stop()
    /// ```
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}

/// Why the dashboard could not serve.
///
/// ```swift
/// do { _ = try await server.start() } catch DashboardError.notStarted { print("no port") }
/// ```
public enum DashboardError: Error, Equatable, CustomStringConvertible {
    /// The server stopped before it was listening.
    case notStarted
    /// Another process listens on the port.
    case portInUse(host: String, port: Int)

    /// A one-line explanation naming the port and what to do.
    public var description: String {
        switch self {
        case .notStarted: "the dashboard stopped before it was listening"
        case .portInUse(let host, let port): "port \(port) is in use on \(host); choose another with --port"
        }
    }

    /// `portInUse` for a bind that failed with EADDRINUSE, else `error` unchanged.
    static func translating(_ error: any Error, configuration: DashboardConfiguration) -> any Error {
        if let error = error as? IOError, error.errnoCode == EADDRINUSE {
            return DashboardError.portInUse(host: configuration.host, port: configuration.port)
        }
        return error
    }
}

/// The port the server bound (known once it listens; 0 before), read by the `Host` check.
final class BoundPort: Sendable {
    let value = Atomic<Int>(0)
}
