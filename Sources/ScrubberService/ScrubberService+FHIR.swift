import ClaimRules
import ClaimWire
import FHIRClaim
import HTTPServer

/// The FHIR R4 interface: `Claim/$validate` and the conformance resources. Every answer on a `/fhir/`
/// path is FHIR JSON (`application/fhir+json`), errors included.
extension ScrubberService {
    static let fhirContentType = "application/fhir+json"

    /// The conformance resources never change while the service runs: built once.
    private static let capabilityStatement = FHIRConformance.capabilityStatement()
    private static let operationDefinition = FHIRConformance.operationDefinition()
    private static let issueCodeSystem = FHIRConformance.issueCodeSystem()
    private static let minutesExtension = FHIRConformance.therapyMinutesExtension()

    func respondFHIR(_ route: ServiceRoute, _ request: HTTPRequest, findings: inout [String]) -> HTTPResponse {
        switch route {
        case .fhirMetadata: return ScrubberService.fhir(200, ScrubberService.capabilityStatement)
        case .fhirOperationDefinition: return ScrubberService.fhir(200, ScrubberService.operationDefinition)
        case .fhirCodeSystem: return ScrubberService.fhir(200, ScrubberService.issueCodeSystem)
        case .fhirMinutesExtension: return ScrubberService.fhir(200, ScrubberService.minutesExtension)
        default: break
        }
        guard MediaType.isFHIRJSON(request.headers["Content-Type"]) else {
            return ScrubberService.refusal(
                ProblemDetails(title: "Unsupported Media Type", status: 415,
                               detail: "Send the resource as Content-Type: application/fhir+json (or application/json), UTF-8."),
                fhir: true, extraHeaders: [("Accept-Post", "application/fhir+json, application/json")])
        }
        let wantsResult = MediaType.prefersPlainJSON(request.headers["Accept"])
        let body: [UInt8]
        switch decodedBody(request) {
        case .success(let decoded): body = decoded
        case .failure(let refused): return ScrubberService.refusal(refused.problem, fhir: true, extraHeaders: refused.headers)
        }
        let mapping: FHIRClaimMapping
        switch fhirReader.read(body) {
        case .notFHIR(let issue): return ScrubberService.fhir(400, OperationOutcome.encode([issue]))
        case .unsupported(let issue): return ScrubberService.fhir(422, OperationOutcome.encode([issue]))
        case .claim(let read): mapping = read
        }
        // A claim the mapping could not read whole is only checked, never scrubbed (it holds placeholders).
        let outcome: ClaimScrubOutcome = mapping.hasErrors ? .invalid(processor.problems(in: mapping.claim))
                                                           : processor.scrub(mapping.claim)
        switch outcome {
        case .invalid(let problems):
            let issues = OperationOutcome.issues(mapping: mapping, problems: problems, result: nil)
            // $validate reports an invalid resource in a 200 OperationOutcome; a client that asked for the
            // scrub result gets 422, since there is none.
            return ScrubberService.fhir(wantsResult ? 422 : 200, OperationOutcome.encode(issues))
        case .scrubbed(let result):
            findings = result.allFindingIDs.map(\.rawValue)
            if wantsResult {
                return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "application/json")]),
                                    body: ResultEncoder.encode(result))
            }
            return ScrubberService.fhir(200, OperationOutcome.encode(OperationOutcome.issues(mapping: mapping, problems: [], result: result)))
        }
    }

    static func fhir(_ status: Int, _ body: [UInt8], extraHeaders: [(String, String)] = []) -> HTTPResponse {
        var headers = HTTPHeaders([("Content-Type", fhirContentType)])
        for (name, value) in extraHeaders { headers.add(name, value) }
        return HTTPResponse(status: status, headers: headers, body: body)
    }

    /// An error response: problem+json, or on a FHIR path the same status with an OperationOutcome.
    static func refusal(_ problem: ProblemDetails, fhir: Bool, extraHeaders: [(String, String)] = []) -> HTTPResponse {
        guard fhir else { return problem.response(extraHeaders: extraHeaders) }
        let (input, type): (FHIRInputCode, FHIRIssue.IssueType)
        switch problem.status {
        case 401: (input, type) = (.notAuthorized, .login)
        case 403: (input, type) = (.forbidden, .forbidden)
        case 404: (input, type) = (.routeNotFound, .notFound)
        case 405: (input, type) = (.methodNotAllowed, .notSupported)
        case 415: (input, type) = (.mediaTypeNotSupported, .notSupported)
        // The body's content coding: not valid gzip, or inflating past the limit.
        case 400: (input, type) = (.notJSON, .structure)
        case 413: (input, type) = (.notJSON, .tooLong)
        default: (input, type) = (.internalError, .exception)
        }
        let issue = FHIRIssue(severity: .error, code: type, detailCode: input.rawValue, message: problem.detail)
        return ScrubberService.fhir(problem.status, OperationOutcome.encode([issue]), extraHeaders: extraHeaders)
    }
}
