import Foundation
import Testing
@testable import ScrubberService

/// The manual carries the configuration table generated from the settings list (docs/configuration.md)
/// and a curl example for every route somewhere under docs/ (CI runs them against the live server).
@Suite struct ServiceDocsTests {
    @Test func configurationTableIsTheGeneratedOne() throws {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
        #expect(text.contains(ServiceConfiguration.markdownTable()),
                "regenerate the table: ServiceConfiguration.markdownTable()\n\(ServiceConfiguration.markdownTable())")
    }

    @Test func everyRouteHasACurlExample() throws {
        let docs = packageRoot.appendingPathComponent("docs")
        var text = ""
        for name in try FileManager.default.contentsOfDirectory(atPath: docs.path) where name.hasSuffix(".md") {
            text += try String(contentsOf: docs.appendingPathComponent(name), encoding: .utf8)
        }
        for route in ServiceRoute.allCases {
            #expect(text.contains("$ curl") && text.contains("127.0.0.1:8080\(route.rawValue)"), "\(route.rawValue)")
        }
    }
}
