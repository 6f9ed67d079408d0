import ClaimRules
import HTTPServer
import RuleData

/// Everything `serve` builds from a configuration before listening: the claim processor over the
/// loaded rulesets, the TLS provider, the reload components and the OpenAPI document. Every
/// failure is a `ConfigurationError` naming the setting (and file), so `serve` exits 2.
public struct ServiceAssembly: Sendable {
    public var processor: any ClaimProcessor
    public var tls: TLSProvider?
    public var reloadComponents: [ServiceReloader.Component]
    public var openAPIDocument: [UInt8]
    /// What `serve` logs once at start-up when no NCCI quarter is imported and the built-in snapshot scrubs every
    /// claim: what the edits are and how to import the current quarter (the text of the `NCCI_EDITS_SNAPSHOT`
    /// finding). Nil when a quarter is imported.
    public var rulesetNotice: String?

    public init(configuration: ServiceConfiguration) throws(ConfigurationError) {
        var components: [ServiceReloader.Component] = []
        let rulesets = try CatalogRulesetProvider(directory: configuration.rulesetsDirectory,
                                                  defaultRuleset: try ServiceAssembly.loadDefaultRuleset())
        processor = RulesEngineProcessor(provider: rulesets)
        let catalog = rulesets.holder.current
        rulesetNotice = catalog.imported.isEmpty ? catalog.defaultRuleset.snapshotNotice.map { "No NCCI quarter is imported. " + $0.message + " " + $0.fix } : nil
        components.append(.init(name: "rulesets") { try rulesets.reload() })
        components.append(.init(name: "icd10cm") { try rulesets.reloadDiagnosisCodes() })

        if let tlsConfiguration = configuration.tlsConfiguration {
            do {
                let provider = try TLSProvider(tlsConfiguration)
                tls = provider
                components.append(.init(name: "tls") {
                    try provider.reload()
                    return "serving \(provider.certificate.subject) until \(provider.certificate.notAfter)"
                })
            } catch {
                throw ConfigurationError(setting: error.setting, origin: error.path.map { "file \($0)" } ?? "", message: error.reason)
            }
        } else {
            tls = nil
        }
        reloadComponents = components
        openAPIDocument = ServiceAssembly.embeddedOpenAPI
    }

    /// The built-in ruleset embedded from Config/rules (the CMS NCCI snapshot with the code table and payer profiles).
    static func loadDefaultRuleset() throws(ConfigurationError) -> RuleSet {
        do {
            return try RuleSetLoader.loadDefault()
        } catch {
            throw ConfigurationError(setting: "rulesets", origin: "embedded Config/rules", message: error.description)
        }
    }
}
