/// One element value as read, with where it came from (for locating problems).
public struct X12Field: Sendable, Equatable {
    public var value: String
    /// 1-based ordinal of the segment in the body.
    public var segment: Int
    public var id: X12SegmentID
    /// The element name, e.g. `SV104` or `CLM05-1`.
    public var element: String

    public init(_ value: String, segment: Int, id: X12SegmentID, element: String) {
        self.value = value
        self.segment = segment
        self.id = id
        self.element = element
    }

    /// The segment identifier, e.g. `SV1`.
    public var segmentID: String { id.description }
}

/// A provider named in the claim: NPI (NM109 when NM108 is `XX`) and taxonomy (PRV03).
public struct X12Provider: Sendable, Equatable {
    /// The NM1 segment (its ordinal and identifier locate the provider).
    public var name: X12Field
    /// NM109 when NM108 is `XX` (an NPI).
    public var npi: X12Field?
    /// PRV03 of the provider's PRV (qualifier PXC).
    public var taxonomy: X12Field?

    public init(name: X12Field, npi: X12Field? = nil, taxonomy: X12Field? = nil) {
        self.name = name
        self.npi = npi
        self.taxonomy = taxonomy
    }
}

/// One diagnosis of the 2300 HI segment.
public struct X12Diagnosis: Sendable, Equatable {
    /// `ABK`/`ABF` (ICD-10-CM) or `BK`/`BF` (ICD-9-CM).
    public var qualifier: String
    public var code: X12Field
}

/// One service line (loop 2400) as read. Values are kept as text with the ordinal of the segment they
/// came from (the `…Field` accessors give value and place together, for locating problems).
public struct X12ServiceLine: Sendable, Equatable {
    /// Ordinals of the line's LX, SV1, DTP*472 and NTE segments (0 when absent).
    public var lineSegment = 0
    public var serviceSegment = 0
    public var dateSegment = 0
    public var noteSegment = 0
    /// LX01.
    public var number: String?
    /// SV101-1 (`HC` for CPT/HCPCS).
    public var qualifier: String = ""
    /// SV101-2.
    public var code: String?
    /// SV101-3 to SV101-6, as sent (empty slots left out), with their component numbers.
    public var modifiers: [String] = []
    var modifierComponents: [Int8] = []
    /// SV101-7 (a description, or a fifth modifier a sender squeezed in).
    public var description: String?
    /// SV102 charge, SV103 unit basis (`UN` units, `MJ` minutes), SV104 quantity, SV105 place of service.
    public var charge: String?
    public var unitBasis: String?
    public var quantity: String?
    public var placeOfService: String?
    /// SV107-1 to SV107-4.
    public var pointers: [String] = []
    /// DTP02 of DTP*472 (`D8` or `RD8`) and DTP03.
    public var dateFormat: String = ""
    public var date: String?
    /// A 2400 NTE with NTE01 `ADD` or `DCP`: the qualifier and the text.
    public var noteQualifier: String = ""
    public var note: String?
    /// 2420A rendering provider and 2420D supervising provider of this line.
    public var rendering: X12Provider?
    public var supervisor: X12Provider?

    public init() {}

    private func sv1(_ value: String?, _ element: String) -> X12Field? {
        value.map { X12Field($0, segment: serviceSegment, id: "SV1", element: element) }
    }

    public var codeField: X12Field? { sv1(code, "SV101-2") }
    public var descriptionField: X12Field? { sv1(description, "SV101-7") }
    public var chargeField: X12Field? { sv1(charge, "SV102") }
    public var unitBasisField: X12Field? { sv1(unitBasis, "SV103") }
    public var quantityField: X12Field? { sv1(quantity, "SV104") }
    public var placeOfServiceField: X12Field? { sv1(placeOfService, "SV105") }
    public func modifierField(_ index: Int) -> X12Field? {
        guard index >= 0, index < modifiers.count else { return nil }
        let c = index < modifierComponents.count ? Int(modifierComponents[index]) : index + 3
        return sv1(modifiers[index], "SV101-\(c)")
    }
    public func pointerField(_ index: Int) -> X12Field? {
        guard index >= 0, index < pointers.count else { return nil }
        return sv1(pointers[index], "SV107-\(index + 1)")
    }
    public var numberField: X12Field? { number.map { X12Field($0, segment: lineSegment, id: "LX", element: "LX01") } }
    public var dateField: X12Field? { date.map { X12Field($0, segment: dateSegment, id: "DTP", element: "DTP03") } }
    public var noteField: X12Field? { note.map { X12Field($0, segment: noteSegment, id: "NTE", element: "NTE02") } }
}

/// Everything the reader kept of one claim (loop 2300 and its context): the values the claim model
/// needs, each with its place in the file, and the syntax problems found in the claim's segments.
/// Names, addresses, member identifiers and birth dates are never kept.
public struct X12ClaimRecord: Sendable, Equatable {
    /// CLM01, the patient control number.
    public var claimID: String
    /// ST02 of the transaction set holding the claim.
    public var transaction: String
    /// Ordinal of the CLM segment.
    public var segment: Int
    /// Syntax problems in the claim's segments (a claim with any is not scrubbed).
    public var problems: [X12Problem] = []
    /// The version the transaction set declares (ST03, else GS08).
    public var version: String = ""

    /// CLM02, CLM05-1, CLM05-3.
    public var totalCharge: String?
    public var placeOfService: String?
    public var frequency: String?
    /// 2300 REF*F8 REF02: the payer claim control number of the claim a replacement or void refers to.
    public var originalClaimID: X12Field?
    /// 2300 HI (diagnoses), in order.
    public var diagnoses: [X12Diagnosis] = []
    /// 2010AA billing provider with the 2000A PRV*BI taxonomy.
    public var billing: X12Provider?
    /// 2310B rendering and 2310D supervising provider.
    public var rendering: X12Provider?
    public var supervisor: X12Provider?
    /// SBR09 claim filing indicator of the subscriber (2000B).
    public var filingIndicator: X12Field?
    /// 2010BB NM109 payer identifier.
    public var payerID: X12Field?
    public var lines: [X12ServiceLine] = []

    public init(claimID: String, transaction: String, segment: Int) {
        self.claimID = claimID
        self.transaction = transaction
        self.segment = segment
    }

    private func clm(_ value: String?, _ element: String) -> X12Field? {
        value.map { X12Field($0, segment: segment, id: "CLM", element: element) }
    }

    public var totalChargeField: X12Field? { clm(totalCharge, "CLM02") }
    public var placeOfServiceField: X12Field? { clm(placeOfService, "CLM05-1") }
    public var frequencyField: X12Field? { clm(frequency, "CLM05-3") }
}
