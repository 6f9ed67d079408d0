import ClaimRules
import X12

extension X12ClaimMapper {
    /// A mapper that reads provider roles from the rule set's NUCC taxonomy table (`taxonomies.tsv`), or
    /// from the NUCC code prefixes of the therapy professions when the rule data has no such table.
    public init(payerMap: X12PayerMap, rules: RuleSet?) {
        guard let table = rules?.taxonomies, table.count > 0 else {
            self.init(payerMap: payerMap)
            return
        }
        self.init(payerMap: payerMap, taxonomyRole: { table[$0]?.role })
    }
}

extension X12Reader.Options {
    /// Place of service (CLM05-1, SV105) checked against the rule set's CMS Place of Service code set
    /// (`place-of-service.tsv`); only its shape when the rule data has none.
    public init(rules: RuleSet?) {
        guard let table = rules?.placesOfService, table.count > 0 else {
            self.init()
            return
        }
        self.init(placeOfServiceCodes: Set(table.entries.keys))
    }
}
