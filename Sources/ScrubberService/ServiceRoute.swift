/// Every route of the API. The raw value is the route template used in logs and metrics (never the
/// raw request target, which could carry anything a client put in it).
public enum ServiceRoute: String, CaseIterable, Sendable {
    case scrub = "/v1/claims/scrub"
    case units = "/v1/claims/units"
    case modifiers = "/v1/claims/modifiers"
    case conflicts = "/v1/claims/conflicts"
    case warnings = "/v1/claims/warnings"
    case batch = "/v1/claims/batch"
    case x12 = "/v1/x12/837p"
    case payers = "/v1/payers"
    case ruleset = "/v1/ruleset"
    case catalog = "/v1/catalog"
    case healthz = "/healthz"
    case readyz = "/readyz"
    case metrics = "/metrics"
    case openapi = "/openapi.yaml"
    case docs = "/docs"
    case fhirValidate = "/fhir/r4/Claim/$validate"
    case fhirMetadata = "/fhir/r4/metadata"
    case fhirOperationDefinition = "/fhir/r4/OperationDefinition/claim-scrub"
    case fhirCodeSystem = "/fhir/r4/CodeSystem/claim-scrubber-issue"
    case fhirMinutesExtension = "/fhir/r4/StructureDefinition/therapy-minutes"

    /// Finds the route for a request path (exact match; the query is ignored). FHIR clients write the
    /// operation's `$` as is or percent-encoded (`%24`); both name `Claim/$validate`.
    public init?(path: String) {
        if let route = ServiceRoute(rawValue: path) {
            self = route
        } else if ServiceRoute.isFHIRPath(path), path.contains("%24") {
            self.init(rawValue: path.replacing("%24", with: "$"))
        } else {
            return nil
        }
    }

    /// Paths of the FHIR interface: every answer on them, errors included, is FHIR JSON.
    public static func isFHIRPath(_ path: String) -> Bool { path.hasPrefix("/fhir/") || path == "/fhir" }

    /// A route of the FHIR interface.
    public var isFHIR: Bool { ServiceRoute.isFHIRPath(rawValue) }

    /// Claim routes take a POSTed claim (JSON, an NDJSON batch, FHIR JSON or an 837P file); the others are
    /// read-only documents.
    public var isClaimRoute: Bool {
        switch self {
        case .scrub, .units, .modifiers, .conflicts, .warnings, .batch, .x12, .fhirValidate: return true
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

    /// Health probes stay open even when API keys are configured.
    var isProbe: Bool { self == .healthz || self == .readyz }

    /// Index for metric arrays (position in `allCases`).
    var index: Int { ServiceRoute.indexes[self] ?? 0 }

    private static let indexes: [ServiceRoute: Int] = Dictionary(
        uniqueKeysWithValues: ServiceRoute.allCases.enumerated().map { ($0.element, $0.offset) })
}
