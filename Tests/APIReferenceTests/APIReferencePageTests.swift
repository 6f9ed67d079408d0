@testable import APIReference
import Foundation
import StrictJSON
import Testing

/// The page GET /docs serves, rendered from the repository's openapi.yaml.
@Suite struct APIReferencePageTests {
    static let openapiURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("openapi.yaml")

    let yaml: String
    let document: JSONValue
    let page: String

    init() throws {
        yaml = try String(contentsOf: Self.openapiURL, encoding: .utf8)
        document = try YAMLSubset.parse(yaml)
        page = try APIReferencePage.render(yaml: yaml)
    }

    @Test func everyPathAndOperationOfOpenAPIIsOnThePage() throws {
        let paths = try #require(document["paths"]?.objectMembers)
        #expect(!paths.isEmpty)
        for path in paths {
            let escaped = path.key.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            #expect(page.contains("<h3><code>\(escaped)</code></h3>"), "\(path.key)")
            for method in ["get", "head", "post", "put", "patch", "delete", "options"] where path.value[method] != nil {
                #expect(page.contains("<span class=\"m m-\(method)\">\(method.uppercased())</span> <code>\(escaped)</code>"), "\(method) \(path.key)")
            }
        }
        for schema in document["components"]?["schemas"]?.objectMembers ?? [] {
            #expect(page.contains(">\(schema.key)</h3>"), "schema \(schema.key)")
        }
    }

    @Test func everyInternalLinkHasItsTarget() throws {
        let ids = Set(matches(#"id="([^"]+)""#))
        let links = matches(##"href="#([^"]+)""##)
        #expect(!links.isEmpty)
        for link in links { #expect(ids.contains(link), "#\(link) has no target") }
        #expect(ids.count == matches(#"id="([^"]+)""#).count, "duplicate ids")
    }

    @Test func thePageLoadsNothingFromAnywhere() {
        #expect(page.hasPrefix("<!doctype html>"))
        #expect(page.contains(#"<meta name="viewport" content="width=device-width, initial-scale=1">"#))
        // The browser would otherwise ask for /favicon.ico.
        #expect(page.contains(#"<link rel="icon" href="data:,">"#))
        // URLs may appear as text (a code system's URI); nothing may be loaded from one.
        for forbidden in ["<script", "src=", "@import", "url(", "href=\"http", "<link rel=\"stylesheet\"", "<iframe", "<object", "<embed"] {
            #expect(!page.contains(forbidden), "\(forbidden)")
        }
        #expect(matches(##"href="([^"#][^"]*)""##).allSatisfy { $0 == "/openapi.yaml" || $0 == "data:," })
    }

    @Test func textIsEscaped() throws {
        let yaml = """
            openapi: 3.1.0
            info: { title: 'A <b>&</b> "API"', version: '1' }
            paths:
              /x:
                get:
                  summary: Use `<tag>` & more.
                  responses: { '200': { description: ok } }
            """
        let page = try APIReferencePage.render(yaml: yaml)
        #expect(page.contains("<h1>A &lt;b&gt;&amp;&lt;/b&gt; &quot;API&quot;</h1>"))
        #expect(page.contains("Use <code>&lt;tag&gt;</code> &amp; more."))
        #expect(!page.contains("<b>"))
    }

    @Test func aDocumentItCannotReadFailsWithTheLine() {
        #expect(throws: APIReferencePage.Failure(message: "openapi.yaml line 3: yes is a boolean to some YAML readers and a string to others: quote it, or write true or false")) {
            try APIReferencePage.render(yaml: "openapi: 3.1.0\ninfo: { title: t, version: '1' }\nflag: yes\npaths: {}\n")
        }
        #expect(throws: APIReferencePage.Failure(message: "openapi.yaml: paths is missing")) {
            try APIReferencePage.render(yaml: "openapi: 3.1.0\ninfo: { title: t, version: '1' }\n")
        }
    }

    func matches(_ pattern: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(page.startIndex..., in: page)
        return regex.matches(in: page, range: range).compactMap { match in
            Range(match.range(at: 1), in: page).map { String(page[$0]) }
        }
    }
}
