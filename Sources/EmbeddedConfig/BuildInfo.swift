/// What the binary was built from, recorded at build time by the `EmbedConfigPlugin` build-tool plugin.
public enum BuildInfo {
    /// The git commit the binary was built from (40 hex digits), the revision a build outside git
    /// was given in `.git-revision` (the container build writes it), or `unknown`.
    public static var revision: String { generatedRevision }
}
