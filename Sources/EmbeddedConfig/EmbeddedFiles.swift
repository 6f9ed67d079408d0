/// The default configuration compiled into the binary: every file under `Config/` (named by its
/// path relative to `Config/`, e.g. `rules/codes.tsv`) and `openapi.yaml` from the package root.
///
/// The table is generated at build time by the `EmbedConfigPlugin` build-tool plugin, so an edit to
/// any of those files rebuilds it; `claim-scrubber serve` and `check` need no files on disk.
public enum EmbeddedFiles {
    /// The text of the embedded file `name` (relative to `Config/`), or nil if there is none.
    public static func file(named name: String) -> String? {
        for entry in table where entry.name == name { return entry.text }
        return nil
    }

    /// Every embedded file name, sorted.
    public static var names: [String] { table.map(\.name) }

    /// The embedded file names under `directory` (e.g. `rules/payers/`), sorted.
    public static func names(under directory: String) -> [String] {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return table.map(\.name).filter { $0.hasPrefix(prefix) }
    }
}
