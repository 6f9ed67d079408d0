/// One code of the CMS Place of Service code set (professional claims: CMS-1500 item 24B, 837P CLM05-1/SV105).
public struct PlaceOfService: Sendable, Equatable {
    /// Two digits, e.g. `11`.
    public var code: String
    /// The code set's short name, e.g. "Office".
    public var name: String
    /// First date of service the code may be reported for; `nil` = long-standing.
    public var effective: CalendarDate?
    /// Outpatient therapy in this setting is billed by the facility on the institutional claim (UB-04/837I with
    /// revenue codes 042x/043x/044x), not on a professional claim.
    public var institutional: Bool

    public init(code: String, name: String, effective: CalendarDate? = nil, institutional: Bool = false) {
        self.code = code
        self.name = name
        self.effective = effective
        self.institutional = institutional
    }
}

/// The place-of-service codes of a rule set. An empty table means place of service is not checked.
public struct PlaceOfServiceTable: Sendable, Equatable {
    public let entries: [String: PlaceOfService]

    /// Builds the table; a later entry for the same code replaces an earlier one (the loader rejects duplicates).
    public init(_ codes: [PlaceOfService] = []) {
        var d: [String: PlaceOfService] = [:]
        d.reserveCapacity(codes.count)
        for c in codes { d[c.code] = c }
        entries = d
    }

    public subscript(code: String) -> PlaceOfService? { entries[code] }
    public var count: Int { entries.count }
}
