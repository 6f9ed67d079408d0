import ClaimRules

/// The provider role a NUCC health care provider taxonomy code means, for the roles the rules know.
///
/// Codes from the NUCC Health Care Provider Taxonomy code set (nucc.org): a discipline's generic code
/// and its specializations share a prefix (PT `2251…`, OT `225X…`, OTA `224Z…`). Students have no
/// taxonomy code: our provider-role CodeSystem (`FHIRSystem.providerRole`) names them.
enum ProviderTaxonomy {
    static func role(nucc code: String) -> Role? {
        if let exact = exact[code] { return exact }
        for (prefix, role) in prefixes where code.hasPrefix(prefix) && code.utf8.count == 10 { return role }
        return nil
    }

    private static let exact: [String: Role] = [
        "225200000X": .pta,          // Physical Therapy Assistant
        "235Z00000X": .slp,          // Speech-Language Pathologist
        "2355S0801X": .slpa,         // Speech-Language Assistant
        "2255A2300X": .atc,          // Athletic Trainer
        "111N00000X": .dc,           // Chiropractor
        "363A00000X": .pa, "363AM0700X": .pa, "363AS0400X": .pa,  // Physician Assistant
        "364S00000X": .cns,          // Clinical Nurse Specialist
    ]

    /// Longest prefixes first where they overlap.
    private static let prefixes: [(String, Role)] = [
        ("2251", .pt),               // Physical Therapist and its specializations
        ("225X", .ot),               // Occupational Therapist and its specializations
        ("224Z", .ota),              // Occupational Therapy Assistant and its specializations
        ("363L", .np),               // Nurse Practitioner
        ("364S", .cns),
        ("207", .md), ("208", .md),  // Allopathic & Osteopathic Physicians (MD or DO)
        ("204", .md), ("209", .md),
    ]
}
