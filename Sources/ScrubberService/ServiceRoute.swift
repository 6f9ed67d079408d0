/// Every route of the API. The raw value is the route template used in logs and metrics (never the
/// raw request target, which could carry anything a client put in it).
public enum ServiceRoute: String, CaseIterable, Sendable {
    case scrub = "/v1/claims/scrub"
    case units = "/v1/claims/units"
    case modifiers = "/v1/claims/modifiers"
    case conflicts = "/v1/claims/conflicts"
    case warnings = "/v1/claims/warnings"
    case x12 = "/v1/x12/837p"
    case payers = "/v1/payers"
    case ruleset = "/v1/ruleset"
    case healthz = "/healthz"
    case readyz = "/readyz"
    case metrics = "/metrics"
    case openapi = "/openapi.yaml"

    /// Finds the route for a request path (exact match; the query is ignored).
    public init?(path: String) {
        self.init(rawValue: path)
    }

    /// Claim routes take a POSTed claim (JSON, or an 837P file); the others are read-only documents.
    public var isClaimRoute: Bool {
        switch self {
        case .scrub, .units, .modifiers, .conflicts, .warnings, .x12: return true
        default: return false
        }
    }

    /// The methods this route answers; OPTIONS lists them (RFC 9110 §9.3.7), 405 carries them in `Allow`.
    public var allow: String {
        isClaimRoute ? "POST, OPTIONS" : "GET, HEAD, OPTIONS"
    }

    func allows(_ method: String) -> Bool {
        switch method {
        case "OPTIONS": return true
        case "POST": return isClaimRoute
        case "GET", "HEAD": return !isClaimRoute
        default: return false
        }
    }

    /// Health probes stay open even when API keys are configured (issue 4).
    var isProbe: Bool { self == .healthz || self == .readyz }

    /// Index for metric arrays (position in `allCases`).
    var index: Int { ServiceRoute.indexes[self] ?? 0 }

    private static let indexes: [ServiceRoute: Int] = Dictionary(
        uniqueKeysWithValues: ServiceRoute.allCases.enumerated().map { ($0.element, $0.offset) })
}
