import Locking

/// Loads certificate, key and client CA into an OpenSSL context and makes a TLS session for
/// each new connection. `reload()` builds a new context from the files and swaps it in
/// atomically for new connections; open connections keep the context they started with.
public final class TLSProvider: TransportSecurityProvider {
    private struct State: Sendable {
        var configuration: TLSConfiguration
        var context: OpenSSLContext
    }

    private let state: Locked<State>

    /// Loads and checks everything (files readable, PEM parses, key matches certificate, client
    /// CA loads); the error names the setting, the file and the reason.
    public init(_ configuration: TLSConfiguration) throws(TLSConfigurationError) {
        let context = try OpenSSLContext(configuration)
        state = Locked(State(configuration: configuration, context: context))
    }

    /// The configuration currently in use.
    public var configuration: TLSConfiguration { state.withLock { $0.configuration } }

    /// How long a client may take to complete the handshake.
    public var handshakeTimeout: Duration { state.withLock { $0.configuration.handshakeTimeout } }

    /// The certificate new connections are served.
    public var certificate: TLSCertificateSummary { state.withLock { $0.context.certificate } }

    public func makeSession() throws -> any TransportSecuritySession {
        let context = state.withLock { $0.context }
        return try OpenSSLSession(context: context)
    }

    /// Reloads the files of the current configuration (certificate rotation, e.g. on SIGHUP).
    /// On error the old context stays in use and the error says why.
    public func reload() throws(TLSConfigurationError) {
        try reload(configuration)
    }

    /// Switches to a new configuration (other paths, another client CA or allow-list).
    /// On error the old context and configuration stay in use.
    public func reload(_ configuration: TLSConfiguration) throws(TLSConfigurationError) {
        // Built outside the lock: loading files must not stall connections being accepted.
        let context = try OpenSSLContext(configuration)
        state.withLock { $0 = State(configuration: configuration, context: context) }
    }
}
