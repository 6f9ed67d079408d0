import EmbeddedConfig

extension ServiceAssembly {
    /// `openapi.yaml` from the package root, compiled into the binary by the EmbedConfig plugin.
    public static var embeddedOpenAPI: [UInt8] { Array((EmbeddedFiles.file(named: "openapi.yaml") ?? "").utf8) }

    /// `Config/claim-scrubber.json` as compiled into the binary: the defaults `serve` starts from.
    public static var embeddedDefaultConfiguration: String? { EmbeddedFiles.file(named: "claim-scrubber.json") }
}
