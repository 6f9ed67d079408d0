/// The rulesets in service and how to reload them. (Integration with the engine and the ruleset
/// catalog lands with those branches.)
public final class RulesetSource: Sendable {
    public init(configuration: ServiceConfiguration) throws(ConfigurationError) {
        throw ConfigurationError(setting: "rulesets.directory", origin: "", message: "rules engine not integrated yet")
    }

    func reload() throws -> String { "" }
}

/// The real claim processor over `RulesetSource`.
struct RulesEngineProcessor: ClaimProcessor {
    let source: RulesetSource
    init(source: RulesetSource) { self.source = source }
    func process(_ body: [UInt8], part: ClaimPart) -> ClaimOutcome { .invalid([]) }
    func payersDocument() -> [UInt8] { [] }
    func rulesetDocument() -> [UInt8] { [] }
    var loadedRulesetCount: Int { 0 }
}

extension ServiceAssembly {
    static let embeddedOpenAPI: [UInt8] = []
}
