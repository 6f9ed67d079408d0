import ClaimRules
import ClaimWire
import HTTPServer
import StrictJSON

/// The streamed routes (`POST /v1/claims/batch`, `POST /v1/x12/837p`) and request content codings.
extension ScrubberService {
    /// A body refused before it is processed: the problem and the extra headers of the answer.
    struct Refusal: Error {
        var problem: ProblemDetails
        var headers: [(String, String)] = []

        /// The problem+json answer.
        var response: HTTPResponse { problem.response(extraHeaders: headers) }
    }

    /// Streams `POST /v1/claims/batch` and `POST /v1/x12/837p` (checks at the head: API key, media
    /// type, content coding, for batches the number at once); every other request is read whole.
    func route(_ head: HTTPRequestHead, _ info: ConnectionInfo) -> HTTPRoute {
        guard head.method == "POST" else { return .whole }
        let route: ServiceRoute
        switch head.path {
        case ServiceRoute.batch.rawValue: route = .batch
        case ServiceRoute.x12.rawValue: route = .x12
        default: return .whole
        }
        let start = HTTPServer.monotonicNanoseconds()
        let requestID = requestIDs.id(for: head.headers["X-Request-ID"])
        var apiKeyName: String?
        let coding = MediaType.contentCoding(head.headers["Content-Encoding"])
        if route == .x12 {
            // A refused 837P is read whole (at most limits.body, as a streamed one) and answered by the
            // whole-body route, so the connection stays open after the problem.
            guard authorize(route, head.headers, info, apiKeyName: &apiKeyName, recordFailures: false) == nil,
                  MediaType.isEDIX12(head.headers["Content-Type"]), coding != .unsupported else { return .whole }
            let stream = X12Stream(service: self, acknowledgment: MediaType.prefersEDIX12(head.headers["Accept"]), coding: coding,
                                   requestID: requestID, apiKeyName: apiKeyName, info: info, method: head.method, start: start)
            return .stream(stream, bodyLimit: configuration.bodyLimit)
        }
        // A refused batch is answered at once, without reading its body (it may be up to limits.batchBody).
        func refuse(_ response: HTTPResponse) -> HTTPRoute {
            .respond(finalize(response, routeIndex: route.index, method: head.method, start: start,
                              requestID: requestID, apiKeyName: apiKeyName, info: info))
        }
        if let (problem, headers) = authorize(route, head.headers, info, apiKeyName: &apiKeyName) {
            return refuse(problem.response(extraHeaders: headers))
        }
        guard MediaType.isNDJSON(head.headers["Content-Type"]) else {
            return refuse(ProblemDetails.unsupportedBatchMediaType().response(extraHeaders: [("Accept-Post", "application/x-ndjson")]))
        }
        guard coding != .unsupported else {
            return refuse(ProblemDetails.unsupportedContentEncoding().response(extraHeaders: [("Accept-Encoding", "gzip")]))
        }
        guard let part = Self.batchPart(head.target) else {
            return refuse(ProblemDetails(title: "Bad Request", status: 400,
                                         detail: "The part query parameter must be one of: \(ClaimPart.allCases.map(\.rawValue).joined(separator: ", ")).",
                                         errors: [ProblemEntry(pointer: "", message: "unknown part")]).response())
        }
        guard reserveBatch() else {
            return refuse(ProblemDetails.tooManyBatches().response(extraHeaders: [("Retry-After", "1")]))
        }
        let stream = BatchStream(service: self, coding: coding, sections: RulesEngineProcessor.sections(for: part),
                                 requestID: requestID, apiKeyName: apiKeyName, info: info, method: head.method, start: start)
        return .stream(stream, bodyLimit: configuration.batchBodyLimit)
    }

    /// A batch ended (`BatchStream`): frees its place, records it in the metrics and the access log.
    func finishBatch(requestID: String, method: String, status: Int, bytes: Int, start: UInt64, apiKeyName: String?,
                     clientSubject: String?, batch: (claims: Int, badLines: Int, stopped: String?)) {
        releaseBatch()
        metrics.recordBatchEnd(outcome: batch.stopped ?? "complete")
        finishStream(.batch, requestID: requestID, method: method, status: status, bytes: bytes, start: start,
                     apiKeyName: apiKeyName, clientSubject: clientSubject, batch: batch)
    }

    /// A streamed request ended: the request metrics (not when nothing could be answered, `status`
    /// 0) and the access log, as `finalize` records a whole one.
    func finishStream(_ route: ServiceRoute, requestID: String, method: String, status: Int, bytes: Int, start: UInt64,
                      apiKeyName: String?, clientSubject: String?, findings: [String] = [],
                      batch: (claims: Int, badLines: Int, stopped: String?)? = nil) {
        let seconds = Double(HTTPServer.monotonicNanoseconds() - start) / 1e9
        if status > 0 {
            metrics.recordRequest(routeIndex: route.index, method: method, status: status, seconds: seconds, findings: findings)
        }
        accessLog?.record(AccessLog.Entry(
            requestID: requestID, method: method, route: route.rawValue, status: status, bytes: bytes,
            seconds: seconds, apiKey: apiKeyName, clientSubject: clientSubject, batch: batch))
    }

    /// The body with its content coding removed (gzip inflated, at most `limits.body` bytes), or the
    /// refusal: 415 with `Accept-Encoding: gzip` for another coding (RFC 9110 §15.5.16, §12.5.3),
    /// 413 past the limit, 400 for a body that is not valid gzip.
    func decodedBody(_ request: HTTPRequest) -> Result<[UInt8], Refusal> {
        switch MediaType.contentCoding(request.headers["Content-Encoding"]) {
        case .identity:
            return .success(request.body)
        case .unsupported:
            return .failure(Refusal(problem: ProblemDetails.unsupportedContentEncoding(), headers: [("Accept-Encoding", "gzip")]))
        case .gzip:
            switch GzipInflater.inflateAll(request.body, limit: configuration.bodyLimit) {
            case .success(let body):
                return .success(body)
            case .failure(.tooLarge):
                return .failure(Refusal(problem: ProblemDetails(
                    title: "Content Too Large", status: 413,
                    detail: "The body inflates to more than \(configuration.bodyLimit) bytes (limits.body).")))
            case .failure(let failure):
                return .failure(Refusal(problem: ProblemDetails.malformedGzip(failure)))
            }
        }
    }

    /// The result part a batch asks for (`?part=warnings`; the whole result by default), nil when
    /// the query names none of them.
    static func batchPart(_ target: String) -> ClaimPart? {
        guard let q = target.firstIndex(of: "?") else { return .full }
        var part = ClaimPart.full
        for parameter in target[target.index(after: q)...].split(separator: "&") {
            let pair = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.first == "part" else { continue }
            guard pair.count == 2, let named = ClaimPart(rawValue: String(pair[1])) else { return nil }
            part = named
        }
        return part
    }

    /// A batch read whole (only when the server has no stream router): the same lines, one response.
    func wholeBatch(_ body: [UInt8], target: String) -> HTTPResponse {
        let data = processor.batchRulesets()
        var scrubber = BatchScrubber(lineLimit: configuration.bodyLimit,
                                     sections: RulesEngineProcessor.sections(for: Self.batchPart(target) ?? .full),
                                     diagnosisCodes: data.diagnosisCodes, threads: batchThreads, rules: data.rules)
        var writer = JSONWriter(capacity: max(4096, body.count * 4))
        body.withUnsafeBytes { scrubber.feed($0, into: &writer) }
        scrubber.finish(into: &writer)
        metrics.recordBatchProgress(claims: scrubber.summary.claims, badLines: scrubber.summary.badLines,
                                    findings: scrubber.takeFindingCounts())
        metrics.recordBatchEnd(outcome: "complete")
        return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "application/x-ndjson")]), body: writer.finish())
    }

    /// Threads that scrub each piece of a batch (`limits.batchThreads`; 0: one per CPU the process may use).
    var batchThreads: Int {
        configuration.batchThreads > 0 ? configuration.batchThreads : HTTPServer.availableCPUs
    }

    private func reserveBatch() -> Bool {
        let now = activeBatchCount.add(1, ordering: .relaxed).newValue
        if now > configuration.concurrentBatches {
            activeBatchCount.subtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    private func releaseBatch() {
        activeBatchCount.subtract(1, ordering: .relaxed)
    }
}
