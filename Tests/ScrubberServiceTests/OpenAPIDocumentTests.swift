import Foundation
import Testing
@testable import ScrubberService

/// openapi.yaml names every route with the methods the router allows (schemathesis in CI checks
/// the schemas against the live server).
@Suite struct OpenAPIDocumentTests {
    let text: String

    init() throws {
        text = try String(contentsOf: packageRoot.appendingPathComponent("openapi.yaml"), encoding: .utf8)
    }

    @Test func everyRouteIsDocumentedWithItsMethods() throws {
        #expect(text.hasPrefix("openapi: 3.1"))
        let lines = text.components(separatedBy: "\n")
        for route in ServiceRoute.allCases {
            let start = try #require(lines.firstIndex(of: "  \(route.rawValue):"), "\(route.rawValue) missing")
            let end = lines[(start + 1)...].firstIndex { $0.hasPrefix("  /") || !$0.hasPrefix(" ") && !$0.isEmpty } ?? lines.count
            let methods = Set(lines[(start + 1)..<end].filter { $0.hasPrefix("    ") && !$0.hasPrefix("     ") }
                .compactMap { $0.trimmingCharacters(in: .whitespaces).split(separator: ":").first.map(String.init) })
            let expected = Set(route.allow.lowercased().components(separatedBy: ", "))
            #expect(methods == expected, "\(route.rawValue): documented \(methods), served \(expected)")
        }
    }

    @Test func claimSchemaListsExactlyTheDecoderFields() {
        for field in ["claimId", "payer", "dateOfService", "provider", "supervisor", "lines", "context",
                      "treatmentDaysSinceProgressReport", "visitNumber", "progressReportToday", "planOfCare",
                      "yearToDateAllowed", "documentation", "otherServicesToday", "assistantMinutes", "clinicianId",
                      "frequency", "originalClaimId", "placeOfService", "totalCharge", "diagnoses", "billingProvider",
                      "patientRef", "taxonomy", "dateOfServiceThrough", "assistantInvolved", "diagnosisPointers", "charge"] {
            #expect(text.contains(" \(field):"), "\(field) missing")
        }
        #expect(text.contains("additionalProperties: false"))
    }
}
