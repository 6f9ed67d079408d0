import ClaimWire
import FHIRClaim
import HTTPServer
import Locking
import StrictJSON
import Synchronization

/// The scrubbing API as an `HTTPHandler`: routing, method and media-type checks, API keys,
/// problem+json errors, request ids, metrics and the access log around a `ClaimProcessor`.
public final class ScrubberService: Sendable {
    public let configuration: ServiceConfiguration
    public let metrics: MetricsRegistry
    let processor: any ClaimProcessor
    let accessLog: AccessLog?
    private let openAPIDocument: [UInt8]
    private let authenticator: APIKeyAuthenticator
    let requestIDs: RequestIDGenerator
    private let draining = Atomic<Bool>(false)
    /// Batches streaming now (`limits.concurrentBatches`).
    let activeBatchCount = Atomic<Int>(0)
    private let serverDraining = Locked<(@Sendable () -> Bool)?>(nil)
    /// Reads FHIR bodies for `POST /fhir/r4/Claim/$validate` (payer map from the configuration).
    let fhirReader: FHIRClaimReader

    /// - Parameters:
    ///   - processor: the claim work (decode, scrub, encode) and the ruleset documents.
    ///   - accessLog: nil turns the access log off.
    ///   - openAPIDocument: the bytes of `openapi.yaml`, served at `GET /openapi.yaml`.
    ///   - hash: SHA-256 for API keys; `equals`: constant-time comparison.
    public init(configuration: ServiceConfiguration, processor: any ClaimProcessor, metrics: MetricsRegistry = MetricsRegistry(),
                accessLog: AccessLog?, openAPIDocument: [UInt8],
                hash: @escaping @Sendable ([UInt8]) -> [UInt8] = { SHA256.hash($0) },
                equals: @escaping @Sendable ([UInt8], [UInt8]) -> Bool = { ConstantTime.equals($0, $1) },
                requestIDs: RequestIDGenerator = RequestIDGenerator()) {
        self.configuration = configuration
        self.processor = processor
        self.metrics = metrics
        self.accessLog = accessLog
        self.openAPIDocument = openAPIDocument
        self.authenticator = APIKeyAuthenticator(keys: configuration.apiKeys, hash: hash, equals: equals)
        self.requestIDs = requestIDs
        var readerOptions = JSONReader.Options.default
        readerOptions.maxInputBytes = max(readerOptions.maxInputBytes, configuration.bodyLimit)
        self.fhirReader = FHIRClaimReader(payerMap: configuration.fhirPayerMap, readerOptions: readerOptions)
    }

    /// The handler to give `HTTPServer`.
    public var handler: HTTPHandler {
        { [self] request, info in self.handle(request, info) }
    }

    /// The stream router to give `HTTPServer`: streams `POST /v1/claims/batch`, leaves every other
    /// request to `handler` (only those requests are shown to it).
    public var streamRouter: HTTPStreamRouter {
        HTTPStreamRouter(methods: ["POST"], paths: [ServiceRoute.batch.rawValue, ServiceRoute.x12.rawValue]) { [self] head, info in self.route(head, info) }
    }

    /// Events to give `HTTPServer`: rejected requests and connections go into /metrics, responses
    /// the HTTP layer wrote itself into the access log.
    public var events: HTTPServerEvents {
        let metrics = self.metrics
        let accessLog = self.accessLog
        let ids = self.requestIDs
        return HTTPServerEvents(
            rejected: { reason, status in metrics.recordRejected(reason: reason, status: status) },
            connectionOpened: { metrics.connectionOpened() },
            connectionClosed: { metrics.connectionClosed() },
            protocolResponse: { status, info in
                accessLog?.record(AccessLog.Entry(requestID: ids.next(), method: "-", route: "protocol", status: status,
                                                  bytes: 0, seconds: 0, apiKey: nil, clientSubject: info.peerSubject))
            }
        )
    }

    /// Lets readiness follow the server's own draining state (`HTTPServer.isDraining`).
    public func attachServer(isDraining: @escaping @Sendable () -> Bool) {
        serverDraining.withLock { $0 = isDraining }
    }

    /// Readiness goes false now (called when SIGTERM/SIGINT arrives, before the server drains).
    public func markDraining() { draining.store(true, ordering: .relaxed) }

    public var isReady: Bool {
        if draining.load(ordering: .relaxed) { return false }
        if let probe = serverDraining.withLock({ $0 }), probe() { return false }
        return processor.loadedRulesetCount > 0
    }

    // MARK: - Handling

    public func handle(_ request: HTTPRequest, _ info: ConnectionInfo) -> HTTPResponse {
        let now = HTTPServer.monotonicNanoseconds()
        // From the request's first byte when the server knows it (nginx's $request_time).
        let start = request.receivedAt > 0 && request.receivedAt <= now ? request.receivedAt : now
        let requestID = requestIDs.id(for: request.headers["X-Request-ID"])
        var apiKeyName: String?
        var findings: [String] = []
        var routeIndex = MetricsRegistry.unmatchedIndex
        var response: HTTPResponse

        if let route = ServiceRoute(path: request.path) {
            routeIndex = route.index
            response = respond(route, request, info, apiKeyName: &apiKeyName, findings: &findings)
        } else {
            response = ScrubberService.refusal(ProblemDetails.notFound(), fhir: ServiceRoute.isFHIRPath(request.path))
        }

        return finalize(response, routeIndex: routeIndex, method: request.method, start: start, requestID: requestID,
                        apiKeyName: apiKeyName, info: info, findings: findings)
    }

    /// Adds the request id and `Cache-Control`, and records the response in the metrics and the access log.
    func finalize(_ response: HTTPResponse, routeIndex: Int, method: String, start: UInt64, requestID: String,
                  apiKeyName: String?, info: ConnectionInfo, findings: [String] = []) -> HTTPResponse {
        var response = response
        response.headers.add("X-Request-ID", requestID)
        response.headers.add("Cache-Control", "no-store")
        let seconds = Double(HTTPServer.monotonicNanoseconds() - start) / 1e9
        metrics.recordRequest(routeIndex: routeIndex, method: method, status: response.status,
                              seconds: seconds, findings: findings)
        accessLog?.record(AccessLog.Entry(
            requestID: requestID, method: method, route: MetricsRegistry.routeLabels[routeIndex],
            status: response.status, bytes: method == "HEAD" ? 0 : response.body.count, seconds: seconds,
            apiKey: apiKeyName, clientSubject: info.peerSubject))
        return response
    }

    private func respond(_ route: ServiceRoute, _ request: HTTPRequest, _ info: ConnectionInfo,
                         apiKeyName: inout String?, findings: inout [String]) -> HTTPResponse {
        guard route.allows(request.method) else {
            return ScrubberService.refusal(ProblemDetails.methodNotAllowed(allow: route.allow), fhir: route.isFHIR,
                                          extraHeaders: [("Allow", route.allow)])
        }
        if request.method == "OPTIONS" {
            return HTTPResponse(status: 204, headers: HTTPHeaders([("Allow", route.allow)]))
        }
        if let (problem, headers) = authorize(route, request.headers, info, apiKeyName: &apiKeyName) {
            return ScrubberService.refusal(problem, fhir: route.isFHIR, extraHeaders: headers)
        }

        switch route {
        case .x12:
            return respondX12(request, findings: &findings)
        case .fhirValidate, .fhirMetadata, .fhirOperationDefinition, .fhirCodeSystem, .fhirMinutesExtension:
            return respondFHIR(route, request, findings: &findings)
        case .scrub, .units, .modifiers, .conflicts, .warnings:
            guard MediaType.isJSON(request.headers["Content-Type"]) else {
                return ProblemDetails.unsupportedMediaType().response(extraHeaders: [("Accept-Post", "application/json")])
            }
            let body: [UInt8]
            switch decodedBody(request) {
            case .success(let decoded): body = decoded
            case .failure(let refusal): return refusal.response
            }
            switch processor.process(body, part: ScrubberService.part(for: route)) {
            case .success(let body, let ids):
                findings = ids
                return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "application/json")]), body: body)
            case .malformed(let problems):
                return ProblemDetails.malformedJSON(problems).response()
            case .invalid(let problems):
                return ProblemDetails.invalidClaim(problems).response()
            }
        case .batch:
            // Reached only without the stream router (`streamRouter`): the batch is read whole.
            guard MediaType.isNDJSON(request.headers["Content-Type"]) else {
                return ProblemDetails.unsupportedBatchMediaType().response(extraHeaders: [("Accept-Post", "application/x-ndjson")])
            }
            switch decodedBody(request) {
            case .success(let body): return wholeBatch(body, target: request.target)
            case .failure(let refusal): return refusal.response
            }
        case .payers:
            return json(200, processor.payersDocument())
        case .ruleset:
            return json(200, processor.rulesetDocument())
        case .catalog:
            return json(200, FindingCatalogDocument.bytes)
        case .healthz:
            return json(200, Array(#"{"status":"ok"}"#.utf8))
        case .readyz:
            return isReady ? json(200, Array(#"{"status":"ready"}"#.utf8)) : json(503, Array(#"{"status":"draining"}"#.utf8))
        case .metrics:
            let body = metrics.render(extraGauges: [
                ("scrubber_rulesets_loaded", "Rulesets in service now.", Double(processor.loadedRulesetCount)),
                ("scrubber_ready", "1 when the service accepts traffic (readiness), 0 while draining.", isReady ? 1 : 0),
            ])
            return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/plain; version=0.0.4; charset=utf-8")]), body: body)
        case .openapi:
            // RFC 9512 registers application/yaml.
            return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "application/yaml")]), body: openAPIDocument)
        case .docs:
            return HTTPResponse(status: 200, headers: HTTPHeaders(APIReferenceDocument.headers), body: APIReferenceDocument.bytes)
        }
    }

    /// nil when the request may proceed; otherwise the 401/403 problem and its extra headers.
    /// `recordFailures: false` leaves the auth failure metrics to a later call for the same request.
    func authorize(_ route: ServiceRoute, _ headers: HTTPHeaders, _ info: ConnectionInfo,
                   apiKeyName: inout String?, recordFailures: Bool = true) -> (ProblemDetails, [(String, String)])? {
        if route.isProbe { return nil }
        // Mutual TLS allow-list: a verified certificate whose subject is not listed.
        let allowed = configuration.tlsAllowedClientSubjects
        if !allowed.isEmpty {
            guard let subject = info.peerSubject, allowed.contains(subject) else {
                if recordFailures { metrics.recordAuthFailure(reason: "client_subject") }
                return (ProblemDetails.forbidden(detail: "The client certificate subject is not allowed."), [])
            }
        }
        guard authenticator.isEnabled else { return nil }
        if route == .metrics && !configuration.protectMetrics { return nil }
        switch authenticator.authorize(headers["Authorization"]) {
        case .granted(let name):
            apiKeyName = name
            return nil
        case .missing:
            if recordFailures { metrics.recordAuthFailure(reason: "missing") }
            return (ProblemDetails.unauthorized(detail: "Send an API key as Authorization: Bearer <key>."),
                    [("WWW-Authenticate", #"Bearer realm="claim-scrubber""#)])
        case .invalid:
            if recordFailures { metrics.recordAuthFailure(reason: "invalid") }
            // RFC 6750 §3: error="invalid_token" when a credential was sent but is not valid.
            return (ProblemDetails.unauthorized(detail: "The API key is not valid."),
                    [("WWW-Authenticate", #"Bearer realm="claim-scrubber", error="invalid_token""#)])
        }
    }

    private func json(_ status: Int, _ body: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", "application/json")]), body: body)
    }

    static func part(for route: ServiceRoute) -> ClaimPart {
        switch route {
        case .units: return .units
        case .modifiers: return .modifiers
        case .conflicts: return .conflicts
        case .warnings: return .warnings
        default: return .full
        }
    }
}
