import Foundation
import Testing
@testable import ScrubberService

/// docs/api.md carries the configuration table generated from the settings list,
/// and a curl example for every route (CI runs them against the live server).
@Suite struct ServiceDocsTests {
    let text: String

    init() throws {
        text = try String(contentsOf: packageRoot.appendingPathComponent("docs/api.md"), encoding: .utf8)
    }

    @Test func configurationTableIsTheGeneratedOne() {
        #expect(text.contains(ServiceConfiguration.markdownTable()),
                "regenerate the table: ServiceConfiguration.markdownTable()\n\(ServiceConfiguration.markdownTable())")
    }

    @Test func everyRouteHasACurlExample() {
        for route in ServiceRoute.allCases {
            #expect(text.contains("$ curl") && text.contains("127.0.0.1:8080\(route.rawValue)"), "\(route.rawValue)")
        }
    }
}
