import ClaimRules

/// The provider role of a NUCC Health Care Provider Taxonomy code (837P PRV03) for the therapy
/// professions, used when the rule data carries no taxonomy table: a discipline's generic code and its
/// specializations share a prefix (Physical Therapist `2251…`, Occupational Therapist `225X…`,
/// Occupational Therapy Assistant `224Z…`); Physical Therapy Assistant is 225200000X and
/// Speech-Language Pathologist 235Z00000X (NUCC code set, nucc.org).
enum X12TaxonomyRoles {
    static func role(_ code: String) -> Role? {
        guard code.utf8.count == 10 else { return nil }
        switch code {
        case "225200000X": return .pta
        case "235Z00000X": return .slp
        default: break
        }
        if code.hasPrefix("2251") { return .pt }
        if code.hasPrefix("225X") { return .ot }
        if code.hasPrefix("224Z") { return .ota }
        return nil
    }
}
