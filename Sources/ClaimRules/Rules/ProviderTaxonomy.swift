/// A NUCC Health Care Provider Taxonomy code of a therapy profession (837P PRV03), with what it says about the
/// provider: the discipline, and therapist or assistant.
public struct ProviderTaxonomy: Sendable, Equatable {
    /// Ten characters, e.g. `225100000X`.
    public var code: String
    /// The NUCC classification (and specialization), e.g. "Physical Therapist, Orthopedic".
    public var name: String
    public var discipline: Discipline
    /// A PTA or OTA code rather than a therapist's.
    public var assistant: Bool

    public init(code: String, name: String, discipline: Discipline, assistant: Bool) {
        self.code = code
        self.name = name
        self.discipline = discipline
        self.assistant = assistant
    }

    /// The role this taxonomy describes: PT, OT, SLP, PTA or OTA.
    public var role: Role {
        switch (discipline, assistant) {
        case (.pt, false): return .pt
        case (.pt, true): return .pta
        case (.ot, false): return .ot
        case (.ot, true): return .ota
        case (.slp, false): return .slp
        case (.slp, true): return .slpa
        }
    }
}

/// The therapy taxonomy codes of a rule set. Codes outside it (clinics, physicians, ...) are not judged.
public struct ProviderTaxonomyTable: Sendable, Equatable {
    public let entries: [String: ProviderTaxonomy]

    /// Builds the table; a later entry for the same code replaces an earlier one (the loader rejects duplicates).
    public init(_ codes: [ProviderTaxonomy] = []) {
        var d: [String: ProviderTaxonomy] = [:]
        d.reserveCapacity(codes.count)
        for c in codes { d[c.code] = c }
        entries = d
    }

    public subscript(code: String) -> ProviderTaxonomy? { entries[code] }
    public var count: Int { entries.count }
}
