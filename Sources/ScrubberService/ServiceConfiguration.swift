import ClaimX12
import FHIRClaim

/// Everything `claim-scrubber serve` can be told: compiled-in defaults (the same values as
/// `Config/claim-scrubber.json`), overridden by a config file, then `SCRUBBER_*` environment
/// variables, then command-line flags. `ServiceConfiguration.settings` lists every setting.
public struct ServiceConfiguration: Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var maxConnections = 1024
    /// 0: one event loop per CPU the process may use.
    public var eventLoops = 0

    // Limits (bytes / fields); RFC 9112 leaves them to the server, these are the defaults.
    public var requestLineLimit = 8 * 1024
    public var headerSectionLimit = 32 * 1024
    public var headerCountLimit = 100
    public var bodyLimit = 1024 * 1024
    /// Largest body of `POST /v1/claims/batch` (after gzip inflation too); a line may be as long as
    /// `bodyLimit`.
    public var batchBodyLimit = 1 << 30
    /// Most batches streamed at once (each holds up to the batch memory budget); beyond it 503.
    public var concurrentBatches = 2
    /// Threads that scrub each piece of a batch; 0 is one per CPU the process may use.
    public var batchThreads = 0

    // Timeouts (seconds).
    public var headerTimeout = 10.0
    public var bodyProgressTimeout = 10.0
    public var idleTimeout = 60.0
    public var writeTimeout = 10.0
    public var drainTimeout = 10.0

    // TLS (issue 4): PEM paths; TLS is on when certificate and privateKey are set.
    public var tlsCertificate: String?
    public var tlsPrivateKey: String?
    public var tlsClientCA: String?
    public var tlsAllowedClientSubjects: [String] = []
    public var tlsHandshakeTimeout = 10.0

    // API keys (issue 4).
    public var apiKeys: [APIKeyAuthenticator.Key] = []
    public var protectMetrics = false

    /// A directory of imported NCCI rulesets; nil serves the built-in ruleset (the CMS snapshot embedded from Config/rules).
    public var rulesetsDirectory: String?

    /// FHIR `Claim/$validate`: payer profiles by Coverage.type coding or payor identifier, tried before
    /// the built-in map.
    public var fhirPayerMap = PayerMap()

    /// `POST /v1/x12/837p`: payer profiles by payer identifier (2010BB NM109) or claim filing indicator
    /// (SBR09), tried before the built-in filing indicators.
    public var x12PayerMap = X12PayerMap()

    /// One JSON line per request on stdout.
    public var accessLog = true

    public init() {}

    /// True when TLS settings are present.
    public var tlsEnabled: Bool { tlsCertificate != nil }
}
