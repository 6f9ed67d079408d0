import ClaimRules
import Foundation
import HTTPServer
import StrictJSON
@testable import ScrubberService

/// A claim processor for HTTP-layer tests: well-formed JSON objects with a string "payer" are
/// "scrubbed" to a fixed document, anything else gets the same 400/422 split the real one makes.
/// Tests of real claims use `RulesEngineProcessor` (see ClaimRoutesTests).
struct EchoProcessor: ClaimProcessor {
    func process(_ body: [UInt8], part: ClaimPart) -> ClaimOutcome {
        let value: JSONValue
        do {
            value = try JSONReader.parse(body)
        } catch {
            return .malformed([ProblemEntry(pointer: "", message: error.description)])
        }
        guard case .string = value["payer"] ?? .null else {
            return .invalid([ProblemEntry(pointer: "/payer", message: "payer is required")])
        }
        return .success(body: Array(#"{"part":"\#(part.rawValue)"}"#.utf8), findings: ["TEST_FINDING"])
    }

    /// Claims built by another format: refused at the payer unless it is `echo` (the HTTP-layer tests of
    /// the FHIR routes need a claim path, not the rules).
    func scrub(_ claim: Claim) -> ClaimScrubOutcome { .invalid(problems(in: claim)) }
    func problems(in claim: Claim) -> [FieldProblem] {
        claim.payer == "echo" ? [] : [FieldProblem(pointer: "/payer", message: "payer is required")]
    }

    func payersDocument() -> [UInt8] { Array(#"{"payers":[]}"#.utf8) }
    func rulesetDocument() -> [UInt8] { Array(#"{"rulesets":[]}"#.utf8) }
    var loadedRulesetCount: Int { 1 }
}

/// A running service on 127.0.0.1 with an ephemeral port; logs kept in memory.
final class TestService {
    let runtime: ServiceRuntime
    let accessLog = LogWriter(destination: .memory)
    let eventLog = LogWriter(destination: .memory)

    init(configure: (inout ServiceConfiguration) -> Void = { _ in }, processor: (any ClaimProcessor)? = nil,
         reloadComponents: [ServiceReloader.Component] = []) throws {
        var configuration = ServiceConfiguration()
        configuration.port = 0
        configuration.drainTimeout = 2
        configure(&configuration)
        let openAPI = (try? [UInt8](Data(contentsOf: packageRoot.appendingPathComponent("openapi.yaml")))) ?? []
        runtime = ServiceRuntime(configuration: configuration, processor: processor ?? EchoProcessor(),
                                 reloadComponents: reloadComponents,
                                 accessLogWriter: accessLog, eventLogWriter: eventLog, openAPIDocument: openAPI)
        try runtime.start()
    }

    var port: Int { runtime.boundPort }

    func client() throws -> RawHTTPClient { try RawHTTPClient(port: port) }

    deinit {
        runtime.beginShutdown()
        runtime.waitUntilStopped()
    }
}
