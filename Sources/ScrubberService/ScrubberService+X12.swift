#if canImport(Glibc)
import Glibc
#endif
import ClaimRules
import ClaimX12
import HTTPServer
import X12

extension ScrubberService {
    /// `POST /v1/x12/837p` read whole (only without the stream router, `streamRouter`; it streams
    /// through `X12Stream` otherwise): an 837P interchange in, every claim scrubbed (JSON), or the 999
    /// acknowledgment of its syntax when the client accepts `application/edi-x12` first.
    func respondX12(_ request: HTTPRequest, findings: inout [String]) -> HTTPResponse {
        guard MediaType.isEDIX12(request.headers["Content-Type"]) else {
            return ProblemDetails.unsupportedX12MediaType().response(extraHeaders: [("Accept-Post", "application/edi-x12")])
        }
        let body: [UInt8]
        switch decodedBody(request) {
        case .success(let decoded): body = decoded
        case .failure(let refusal): return refusal.response
        }
        let acknowledgment = MediaType.prefersEDIX12(request.headers["Accept"])
        let session = makeX12Session(acknowledgment: acknowledgment)
        session.feed(body)
        session.finish()
        if let failure = session.failure { return ProblemDetails.notX12(failure).response() }
        for (id, count) in session.findingCounts { findings.append(contentsOf: repeatElement(id, count: count)) }
        let type = acknowledgment ? "application/edi-x12" : "application/json"
        return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", type)]), body: session.drain())
    }

    /// A session that scrubs each claim through the processor (the path of the JSON routes).
    func makeX12Session(acknowledgment: Bool) -> X12ScrubSession {
        let processor = self.processor
        let output: X12ScrubSession.Output = acknowledgment ? .acknowledgment(ScrubberService.x12Stamp()) : .report
        let rules = processor.latestRuleset
        return X12ScrubSession(output: output, mapper: X12ClaimMapper(payerMap: configuration.x12PayerMap, rules: rules),
                               readerOptions: X12Reader.Options(rules: rules)) { claim in
            processor.x12Verdict(claim)
        }
    }

    /// Today's date (CCYYMMDD) and time (HHMM) in UTC, for the acknowledgment's envelopes.
    static func x12Stamp() -> X12AcknowledgmentWriter.Stamp {
        var t = time(nil)
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return X12AcknowledgmentWriter.Stamp(date: "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))",
                                             time: "\(two(parts.tm_hour))\(two(parts.tm_min))")
    }
}

extension ClaimProcessor {
    /// The shared scrub path (`scrub(_:)`) in the terms of an 837P session.
    public func x12Verdict(_ claim: Claim) -> X12ScrubVerdict {
        switch scrub(claim) {
        case .scrubbed(let result): return .scrubbed(result)
        case .invalid(let problems):
            return problems == [RulesEngineProcessor.noRuleset] ? .noRuleset : .invalid(problems)
        }
    }
}

extension ProblemDetails {
    static func unsupportedX12MediaType() -> ProblemDetails {
        ProblemDetails(title: "Unsupported Media Type", status: 415,
                       detail: "Send the 837P file as Content-Type: application/edi-x12 (RFC 1767).",
                       errors: [ProblemEntry(pointer: "", message: "Content-Type must be application/edi-x12")])
    }

    static func notX12(_ failure: X12Tokenizer.Failure) -> ProblemDetails {
        let message: String
        switch failure {
        case .noISA: message = "the body does not start with an ISA segment (after an optional byte-order mark and white space)"
        case .unreadableISA: message = "the separators cannot be read from the ISA segment (16 elements, ISA16, then the segment terminator)"
        }
        return ProblemDetails(type: typeBase + "not-x12", title: "Not an X12 interchange", status: 422,
                              detail: "The body is not an ASC X12 interchange.", errors: [ProblemEntry(pointer: "", message: message)])
    }
}
