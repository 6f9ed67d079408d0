/// One configurable setting: its dotted name in the config file, its environment variable, how
/// its value is checked, and a line for the configuration table of docs/configuration.md.
public struct ConfigurationSetting: Sendable {
    enum Kind {
        case string(WritableKeyPath<ServiceConfiguration, String>)
        case path(WritableKeyPath<ServiceConfiguration, String?>)
        case int(WritableKeyPath<ServiceConfiguration, Int>, ClosedRange<Int>)
        case seconds(WritableKeyPath<ServiceConfiguration, Double>, ClosedRange<Double>)
        case bool(WritableKeyPath<ServiceConfiguration, Bool>)
        case subjects
        case apiKeys
        case payerMap
        case x12PayerMap
    }

    /// Dotted name, e.g. `tls.certificate`.
    public let name: String
    /// Environment variable, e.g. `SCRUBBER_TLS_CERTIFICATE`.
    public let environment: String
    /// The default as shown in docs.
    public let defaultText: String
    public let summary: String
    nonisolated(unsafe) let kind: Kind

    init(_ name: String, _ environment: String, _ kind: Kind, _ defaultText: String, _ summary: String) {
        self.name = name
        self.environment = environment
        self.kind = kind
        self.defaultText = defaultText
        self.summary = summary
    }
}

extension ServiceConfiguration {
    /// Every setting, in documentation order.
    public static let settings: [ConfigurationSetting] = [
        .init("host", "SCRUBBER_HOST", .string(\.host), "127.0.0.1", "Address to listen on (IPv4 or IPv6 literal, or a host name)."),
        .init("port", "SCRUBBER_PORT", .int(\.port, 0...65535), "8080", "TCP port; 0 picks a free port."),
        .init("maxConnections", "SCRUBBER_MAX_CONNECTIONS", .int(\.maxConnections, 1...1_000_000), "1024",
              "Concurrent connections; beyond it new connections are shed."),
        .init("eventLoops", "SCRUBBER_EVENT_LOOPS", .int(\.eventLoops, 0...256), "0",
              "Event loop threads; 0 is one per CPU the process may use (its CPU affinity, capped by a cgroup CPU limit)."),
        .init("limits.requestLine", "SCRUBBER_LIMITS_REQUEST_LINE", .int(\.requestLineLimit, 64...1_048_576), "8192",
              "Longest request line in bytes (414 beyond)."),
        .init("limits.headerSection", "SCRUBBER_LIMITS_HEADER_SECTION", .int(\.headerSectionLimit, 256...4_194_304), "32768",
              "Largest header section in bytes (431 beyond)."),
        .init("limits.headerCount", "SCRUBBER_LIMITS_HEADER_COUNT", .int(\.headerCountLimit, 4...10_000), "100",
              "Most header fields (431 beyond)."),
        .init("limits.body", "SCRUBBER_LIMITS_BODY", .int(\.bodyLimit, 1024...67_108_864), "1048576",
              "Largest request body in bytes (413 beyond), after gzip inflation too; also the longest line of a batch."),
        .init("limits.batchBody", "SCRUBBER_LIMITS_BATCH_BODY", .int(\.batchBodyLimit, 1024...1_099_511_627_776), "1073741824",
              "Largest body of POST /v1/claims/batch in bytes, sent and inflated (413, or a last error line once results were sent)."),
        .init("limits.concurrentBatches", "SCRUBBER_LIMITS_CONCURRENT_BATCHES", .int(\.concurrentBatches, 1...1024), "2",
              "Batches streamed at once; beyond it 503 with Retry-After."),
        .init("limits.batchThreads", "SCRUBBER_LIMITS_BATCH_THREADS", .int(\.batchThreads, 0...256), "0",
              "Threads that scrub each piece of a batch (its lines split between them, results in input order); 0 is one per CPU the process may use."),
        .init("timeouts.header", "SCRUBBER_TIMEOUTS_HEADER", .seconds(\.headerTimeout, 0.05...3600), "10",
              "Seconds to receive the whole header section from its first byte."),
        .init("timeouts.bodyProgress", "SCRUBBER_TIMEOUTS_BODY_PROGRESS", .seconds(\.bodyProgressTimeout, 0.05...3600), "10",
              "Seconds a request body may go without progress."),
        .init("timeouts.idle", "SCRUBBER_TIMEOUTS_IDLE", .seconds(\.idleTimeout, 0.05...86400), "60",
              "Seconds an idle keep-alive connection stays open."),
        .init("timeouts.write", "SCRUBBER_TIMEOUTS_WRITE", .seconds(\.writeTimeout, 0.05...3600), "10",
              "Seconds a response write may stall (client not reading)."),
        .init("timeouts.drain", "SCRUBBER_TIMEOUTS_DRAIN", .seconds(\.drainTimeout, 0...3600), "10",
              "Seconds in-flight requests get after SIGTERM/SIGINT."),
        .init("tls.certificate", "SCRUBBER_TLS_CERTIFICATE", .path(\.tlsCertificate), "(none)",
              "PEM certificate chain; with tls.privateKey, serve HTTPS."),
        .init("tls.privateKey", "SCRUBBER_TLS_PRIVATE_KEY", .path(\.tlsPrivateKey), "(none)", "PEM private key."),
        .init("tls.clientCA", "SCRUBBER_TLS_CLIENT_CA", .path(\.tlsClientCA), "(none)",
              "PEM CA bundle; when set, clients must present a certificate it signed (mutual TLS)."),
        .init("tls.allowedClientSubjects", "SCRUBBER_TLS_ALLOWED_CLIENT_SUBJECTS", .subjects, "[] (any)",
              "Client certificate subjects allowed (e.g. `CN=gateway,O=Clinic`); env: separated by `|`."),
        .init("tls.handshakeTimeout", "SCRUBBER_TLS_HANDSHAKE_TIMEOUT", .seconds(\.tlsHandshakeTimeout, 0.05...600), "10",
              "Seconds to complete the TLS handshake."),
        .init("auth.apiKeys", "SCRUBBER_AUTH_API_KEYS", .apiKeys, "[] (open)",
              "API keys: a list of `{\"name\": ..., \"sha256\": ...}` (hex SHA-256 of the key, from `hash-key`); env: `name:sha256,name2:sha256`."),
        .init("auth.protectMetrics", "SCRUBBER_AUTH_PROTECT_METRICS", .bool(\.protectMetrics), "false",
              "Require an API key for GET /metrics too."),
        .init("rulesets.directory", "SCRUBBER_RULESETS_DIR", .path(\.rulesetsDirectory), "(embedded)",
              "Directory of imported rulesets (import-ncci); reloaded on SIGHUP."),
        .init("fhir.payerMap", "SCRUBBER_FHIR_PAYER_MAP", .payerMap, "[] (built-in map only)",
              "FHIR Claim/$validate: payer profile by Coverage.type coding or payor identifier, tried before the built-in map (docs/fhir.md): a list of `{\"source\": \"coverageType\" or \"payorIdentifier\", \"system\": ..., \"code\": ..., \"payer\": ...}`; env: `source:system|code=payer`, comma-separated."),
        .init("x12.payerMap", "SCRUBBER_X12_PAYER_MAP", .x12PayerMap, "[] (SBR09 MB and 16 only)",
              "837P: payer profile by payer id (2010BB NM109) or claim filing indicator (SBR09), tried before SBR09 `MB` → `medicare` and `16` → `medicare-advantage` (docs/x12-837p.md): a list of `{\"payerId\": ..., \"payer\": ...}` or `{\"filingIndicator\": ..., \"payer\": ...}`; env: `payerId:ID=payer,filingIndicator:CODE=payer`."),
        .init("accessLog", "SCRUBBER_ACCESS_LOG", .bool(\.accessLog), "true", "One JSON line per request on stdout."),
    ]
}

extension ServiceConfiguration {
    /// The configuration table (docs/configuration.md embeds it; a test keeps them equal).
    public static func markdownTable() -> String {
        var out = "| setting (config file) | environment | default | meaning |\n|---|---|---|---|\n"
        for s in settings {
            out += "| `\(s.name)` | `\(s.environment)` | \(s.defaultText) | \(s.summary.replacing("|", with: "\\|")) |\n"
        }
        return out
    }
}
