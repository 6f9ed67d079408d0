import ClaimRules

extension FHIRClaimMapper {
    /// The payer profile id, from the focal insurance's Coverage (or the insurer) through the payer map;
    /// "" with an error issue when none matches.
    mutating func mapPayer() -> String {
        let insurance = array(node, "insurance", covers: ["/payer"])
        let focal = insurance.first { $0.value["focal"]?.boolValue == true } ?? insurance.first
        var coverageTypes: [(system: String?, code: String)] = []
        var payors: [(system: String?, value: String)] = []
        var looked: [String] = []
        if let focal, let coverageReference = focal.child("coverage") {
            paths.set("/payer", coverageReference.path)
            looked.append(coverageReference.path)
            payors += coverageReference.identifiers
            if let coverage = resolver.resolve(coverageReference, from: source) {
                if let type = coverage.node.child("type") {
                    coverageTypes = type.codings
                    looked.append(type.path)
                }
                for payor in coverage.node.child("payor")?.elements ?? [] {
                    payors += payor.identifiers
                    if let organization = resolver.resolve(payor, from: coverage) { payors += organization.node.identifiers }
                }
            } else if FHIRReferenceResolver.hasReference(coverageReference) {
                report(.referenceUnresolved, .warning, .notFound,
                       "the focal insurance's coverage matches no contained resource and no Bundle entry",
                       fix: "Send the Coverage in Claim.contained or in the Bundle.", at: [coverageReference.path])
            }
        } else {
            paths.set("/payer", (focal ?? node.child("insurance") ?? node).path)
        }
        if let insurer = node.child("insurer") {
            payors += insurer.identifiers
            if let organization = resolver.resolve(insurer, from: source) { payors += organization.node.identifiers }
        }
        if let match = payerMap.payer(coverageTypes: coverageTypes, payorIdentifiers: payors) { return match.payer }
        let at = looked.isEmpty ? [(node.child("insurance") ?? node).path] : looked
        report(.payerNotMapped, .error, .required,
               focal == nil ? "the claim has no insurance, so no payer profile can be chosen"
                            : "no payer profile matches the focal insurance's Coverage.type or payor identifiers",
               fix: "Add a Coverage.type coding the payer map knows (e.g. \(FHIRSystem.x12ClaimFilingIndicator) code MB for Medicare Part B), or map the payor's identifier with the setting fhir.payerMap.",
               at: at, covers: ["/payer"])
        return ""
    }

    /// The billing provider (`Claim.provider`): its NPI and, for a practitioner, taxonomy.
    mutating func mapBillingProvider() -> Claim.BillingProvider? {
        guard let reference = node.child("provider") else { return nil }
        let party = self.party(reference: reference, qualification: nil, referrer: source, at: reference)
        billingParty = party
        paths.set("/billingProvider", reference.path)
        paths.set("/billingProvider/npi", reference.path)
        guard let npi = party.npi else {
            report(.billingNPIMissing, .information, .informational,
                   "Claim.provider has no NPI identifier (system http://hl7.org/fhir/sid/us-npi); the billing provider is not checked",
                   at: [reference.path])
            return nil
        }
        return Claim.BillingProvider(npi: npi, taxonomy: party.taxonomy)
    }
}
