import EmbeddedConfig

/// `GET /docs`: the HTML API reference rendered from openapi.yaml at build time (`APIReferenceHTML`).
enum APIReferenceDocument {
    static let bytes: [UInt8] = Array(APIReferenceHTML.page.utf8)

    /// The page loads nothing: a browser that honours the policy refuses anything but its inline style,
    /// so a page that tried to load a script, font or image would fail loudly in the browser's log.
    static let headers: [(String, String)] = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
    ]
}
