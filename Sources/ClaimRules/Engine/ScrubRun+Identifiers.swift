/// Provider identifiers: the NPI check digit of the billing, rendering and supervising providers, and NUCC taxonomy
/// codes that contradict the rendering provider's role or the lines' therapy modifiers.
extension ScrubRun {
    mutating func checkIdentifiers() {
        if let npi = claim.billingProvider?.npi { checkNPI(npi, of: "billing provider") }
        if let npi = claim.provider.npi { checkNPI(npi, of: "rendering provider") }
        if let npi = claim.supervisor?.npi { checkNPI(npi, of: "supervisor") }
        checkTaxonomies()
    }

    private mutating func checkNPI(_ npi: String, of whose: String) {
        guard !NPI.isValid(npi) else { return }
        let tenDigits = npi.utf8.count == 10 && npi.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
        report(.npiInvalid,
               tenDigits ? MessageText.join("The ", whose, "'s NPI fails the NPI check digit.")
                   : MessageText.join("The ", whose, "'s NPI is not a 10-digit number."),
               fix: MessageText.join("Send the ", whose, "'s NPI exactly as issued (NPPES registry), 10 digits."))
    }

    private mutating func checkTaxonomies() {
        let table = rules.taxonomies
        guard table.count > 0 else { return }
        let role = claim.provider.role
        if let code = claim.provider.taxonomy, let taxonomy = table[code] {
            let contradicts: Bool
            if role.isTherapist || role.isAssistant {
                contradicts = taxonomy.role != role
            } else if role.isStudent {
                contradicts = taxonomy.discipline != role.discipline
            } else {
                contradicts = true
            }
            if contradicts {
                report(.taxonomyRoleMismatch,
                       MessageText.join("The rendering provider's taxonomy ", code, " (", taxonomy.name,
                                        ") does not match the provider's role, ", role.rawValue, "."),
                       fix: "Send the taxonomy the rendering provider is enrolled with for this role (NPPES), or correct the role.")
            }
            checkModifiers(against: taxonomy, of: "rendering provider")
        }
        if let code = claim.billingProvider?.taxonomy, let taxonomy = table[code] {
            checkModifiers(against: taxonomy, of: "billing provider")
        }
    }

    /// Lines whose single therapy modifier names another discipline than a therapy taxonomy.
    private mutating func checkModifiers(against taxonomy: ProviderTaxonomy, of whose: String) {
        var hit: [Int] = []
        var named: Discipline?
        for i in lines.indices {
            if lines[i].therapyCount == 1, let discipline = lines[i].lastTherapy, discipline != taxonomy.discipline {
                hit.append(i)
                named = named ?? discipline
            }
        }
        guard let named, !hit.isEmpty else { return }
        report(.taxonomyModifierMismatch, lines: hit,
               MessageText.join("The ", whose, "'s taxonomy ", taxonomy.code, " (", taxonomy.name, ") is of the ",
                                taxonomy.discipline.rawValue, " discipline, but ", hit.count == 1 ? "a line carries " : "lines carry ",
                                named.therapyModifier, " (", named.rawValue, " plan of care)."),
               fix: "Bill each discipline's services under a provider of that discipline, or correct the therapy modifier.")
    }
}
