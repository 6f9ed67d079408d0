/// The HTML API reference `GET /docs` serves: one self-contained page rendered from openapi.yaml at
/// build time by the `EmbedConfigPlugin` build-tool plugin (a document it cannot read fails the build).
public enum APIReferenceHTML {
    /// The page (empty when the package has no openapi.yaml).
    public static var page: String { generatedPage }
}
