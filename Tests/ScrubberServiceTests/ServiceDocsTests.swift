import Foundation
import Testing
@testable import ScrubberService

/// docs/readme/10-service.md carries the configuration table generated from the settings list,
/// and a curl example for every route (CI runs them against the live server).
@Suite struct ServiceDocsTests {
    let text: String

    init() throws {
        text = try String(contentsOf: packageRoot.appendingPathComponent("docs/readme/10-service.md"), encoding: .utf8)
    }

    @Test func configurationTableIsTheGeneratedOne() {
        #expect(text.contains(ServiceConfiguration.markdownTable()),
                "regenerate the table: ServiceConfiguration.markdownTable()\n\(ServiceConfiguration.markdownTable())")
    }

    @Test func everyRouteHasACurlExample() throws {
        // The FHIR routes are documented in their own page (docs/fhir.md; CI runs its examples too).
        let fhir = try String(contentsOf: packageRoot.appendingPathComponent("docs/fhir.md"), encoding: .utf8)
        for route in ServiceRoute.allCases {
            let page = route.isFHIR ? fhir : text
            #expect(page.contains("$ curl") && page.contains("127.0.0.1:8080\(route.rawValue)"), "\(route.rawValue)")
        }
    }
}
