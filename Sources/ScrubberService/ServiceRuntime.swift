import HTTPServer

/// The running service: the `HTTPServer` with the `ScrubberService` handler, its logs and the
/// reloader. `claim-scrubber serve` and the end-to-end tests start it the same way.
public final class ServiceRuntime: Sendable {
    public let configuration: ServiceConfiguration
    public let service: ScrubberService
    public let server: HTTPServer
    public let reloader: ServiceReloader
    public let eventLog: EventLog
    private let accessLog: AccessLog?

    /// - Parameters:
    ///   - processor: decode/scrub/encode and the ruleset documents.
    ///   - tls: the TLS provider when `configuration.tlsEnabled`.
    ///   - reloadComponents: what SIGHUP reloads (rulesets, TLS), in order.
    ///   - accessLogWriter: where access-log lines go (stdout in `serve`); ignored when the
    ///     configuration turns the access log off.
    ///   - eventLogWriter: where operational events go (stderr in `serve`).
    public init(configuration: ServiceConfiguration, processor: any ClaimProcessor,
                tls: (any TransportSecurityProvider)? = nil, reloadComponents: [ServiceReloader.Component] = [],
                accessLogWriter: LogWriter?, eventLogWriter: LogWriter, openAPIDocument: [UInt8],
                metrics: MetricsRegistry = MetricsRegistry()) {
        self.configuration = configuration
        let accessLog = configuration.accessLog ? accessLogWriter.map(AccessLog.init(writer:)) : nil
        self.accessLog = accessLog
        self.eventLog = EventLog(writer: eventLogWriter)
        let service = ScrubberService(configuration: configuration, processor: processor, metrics: metrics,
                                      accessLog: accessLog, openAPIDocument: openAPIDocument)
        self.service = service
        self.server = HTTPServer(configuration: configuration.httpServerConfiguration(tls: tls),
                                 handler: service.handler, streamRouter: service.streamRouter, events: service.events)
        self.reloader = ServiceReloader(components: reloadComponents, metrics: metrics, log: eventLog)
        // Weak: the server holds the service (its handler), so a strong capture here would be a cycle
        // that keeps both alive after the runtime is gone. Without a server there is nothing to serve.
        service.attachServer { [weak server = self.server] in server?.isDraining ?? true }
    }

    /// Binds and starts serving; throws `HTTPServerError` (e.g. address in use).
    public func start() throws {
        try server.start()
        eventLog.log("info", "listening", [
            ("address", configuration.host), ("port", String(server.boundPort)),
            ("tls", configuration.tlsEnabled ? (configuration.tlsClientCA != nil ? "mutual" : "on") : "off"),
            ("apiKeys", String(configuration.apiKeys.count)),
        ])
    }

    public var boundPort: Int { server.boundPort }

    /// Readiness goes false, the listener closes, idle connections close, in-flight requests finish.
    public func beginShutdown() {
        service.markDraining()
        eventLog.log("info", "draining", [("drainTimeoutSeconds", MetricsRegistry.format(configuration.drainTimeout))])
        server.beginShutdown()
    }

    /// Waits for the drain to finish (bounded by the drain timeout plus a margin), then flushes logs.
    @discardableResult
    public func waitUntilStopped() -> Bool {
        let stopped = server.waitUntilStopped(timeout: configuration.drainTimeout + 2)
        accessLog?.flush()
        eventLog.log("info", "stopped", [("clean", stopped ? "true" : "false")])
        return stopped
    }

    /// The SIGHUP entry point: reloads rulesets and TLS material now (see `ServiceReloader`).
    @discardableResult
    public func reload() -> ServiceReloader.Report { reloader.reload() }

    public func flushLogs() { accessLog?.flush() }
}

extension ServiceConfiguration {
    /// The HTTP layer's configuration for these settings.
    public func httpServerConfiguration(tls: (any TransportSecurityProvider)?) -> HTTPServer.Configuration {
        HTTPServer.Configuration(
            host: host, port: port,
            limits: .init(requestLine: requestLineLimit, headerSection: headerSectionLimit,
                          headerCount: headerCountLimit, body: bodyLimit),
            timeouts: .init(header: headerTimeout, bodyProgress: bodyProgressTimeout, idle: idleTimeout,
                            write: writeTimeout, handshake: tlsHandshakeTimeout, drain: drainTimeout),
            maxConnections: maxConnections, tls: tls, eventLoops: eventLoops)
    }

    /// The TLS layer's configuration, when TLS is on.
    public var tlsConfiguration: TLSConfiguration? {
        guard let certificate = tlsCertificate, let key = tlsPrivateKey else { return nil }
        return TLSConfiguration(certificatePath: certificate, privateKeyPath: key, clientCAPath: tlsClientCA,
                                allowedClientSubjects: tlsAllowedClientSubjects,
                                handshakeTimeout: .milliseconds(Int64(tlsHandshakeTimeout * 1000)))
    }
}
