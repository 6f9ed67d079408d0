/// Chooses the payer profile of a FHIR claim. FHIR has no element for the payer type (837P SBR09), so
/// the profile comes from the focal insurance's `Coverage.type` codings or from the identifiers of its
/// payors (`Coverage.payor`, and `Claim.insurer`).
///
/// Order: a `Coverage.type` coding in our payer-profile CodeSystem (`FHIRSystem.payerProfile`) names
/// the profile itself; then the configured entries, in order; then `defaults`. The first match wins, so
/// a configured entry overrides a default for the same code.
public struct PayerMap: Sendable, Equatable {
    /// One rule: a coding (`system|code`) or payor identifier (`system|value`) that means a payer profile.
    public struct Entry: Sendable, Equatable, CustomStringConvertible {
        /// Where the code is looked for.
        public enum Source: String, Sendable, CaseIterable {
            /// A coding of the focal Coverage's `type`.
            case coverageType
            /// An identifier of a payor Organization (`Coverage.payor`, `Claim.insurer`; a logical
            /// reference's `identifier` counts too).
            case payorIdentifier
        }

        public var source: Source
        public var system: String
        public var code: String
        /// A payer profile id of the rule data (`medicare`, ...).
        public var payer: String

        public init(source: Source, system: String, code: String, payer: String) {
            self.source = source
            self.system = system
            self.code = code
            self.payer = payer
        }

        /// Parses `source:system|code=payer`, e.g.
        /// `payorIdentifier:http://example.org/payer-id|12502=medicare` (the system is everything
        /// between the first `:` and the last `|`; the payer follows the last `=`).
        public init?(text: some StringProtocol) {
            let text = String(text)
            guard let colon = text.firstIndex(of: ":"), let source = Source(rawValue: String(text[..<colon])),
                  let equals = text.lastIndex(of: "="), equals > colon else { return nil }
            let key = text[text.index(after: colon)..<equals]
            let payer = String(text[text.index(after: equals)...])
            guard let bar = key.lastIndex(of: "|") else { return nil }
            let system = String(key[..<bar]), code = String(key[key.index(after: bar)...])
            guard !system.isEmpty, !code.isEmpty, !payer.isEmpty else { return nil }
            self.init(source: source, system: system, code: code, payer: payer)
        }

        /// The `source:system|code=payer` form.
        public var description: String { "\(source.rawValue):\(system)|\(code)=\(payer)" }
    }

    /// The configured entries (tried before `defaults`).
    public var entries: [Entry]

    public init(entries: [Entry] = []) { self.entries = entries }

    /// The built-in entries: the X12 claim filing indicator (837P SBR09) and the Source of Payment
    /// Typology codes that mean Medicare Part B fee-for-service or Medicare Advantage.
    public static let defaults: [Entry] = {
        var list: [Entry] = [
            Entry(source: .coverageType, system: FHIRSystem.x12ClaimFilingIndicator, code: "MB", payer: "medicare"),
            Entry(source: .coverageType, system: FHIRSystem.x12ClaimFilingIndicator, code: "16", payer: "medicare-advantage"),
        ]
        for system in [FHIRSystem.sopt, FHIRSystem.soptOID] {
            list.append(Entry(source: .coverageType, system: system, code: "121", payer: "medicare"))
            for code in ["11", "111", "112", "113", "119"] {
                list.append(Entry(source: .coverageType, system: system, code: code, payer: "medicare-advantage"))
            }
        }
        return list
    }()

    /// What chose the payer: the rule, for the documentation of a result.
    struct Match {
        var payer: String
        var source: Entry.Source
    }

    /// The payer profile for the Coverage.type codings and payor identifiers of a claim, or nil.
    func payer(coverageTypes: [(system: String?, code: String)],
               payorIdentifiers: [(system: String?, value: String)]) -> Match? {
        for coding in coverageTypes where coding.system == FHIRSystem.payerProfile {
            return Match(payer: coding.code, source: .coverageType)
        }
        for entry in entries + PayerMap.defaults {
            switch entry.source {
            case .coverageType:
                if coverageTypes.contains(where: { $0.system == entry.system && $0.code == entry.code }) {
                    return Match(payer: entry.payer, source: .coverageType)
                }
            case .payorIdentifier:
                if payorIdentifiers.contains(where: { $0.system == entry.system && $0.value == entry.code }) {
                    return Match(payer: entry.payer, source: .payorIdentifier)
                }
            }
        }
        return nil
    }

    /// The documentation table of `defaults` (docs/fhir.md carries it; a test keeps them equal).
    public static func markdownTable() -> String {
        var out = "| looked for in | system | code | payer profile |\n|---|---|---|---|\n"
        for e in defaults { out += "| `\(e.source.rawValue)` | `\(e.system)` | `\(e.code)` | `\(e.payer)` |\n" }
        return out
    }
}
