/// One element value as read, with where it came from (for locating problems).
public struct X12Field: Sendable, Equatable {
    public var value: String
    /// 1-based ordinal of the segment in the body.
    public var segment: Int
    public var segmentID: String
    /// The element name, e.g. `SV104` or `CLM05-1`.
    public var element: String

    public init(_ value: String, segment: Int, segmentID: String, element: String) {
        self.value = value
        self.segment = segment
        self.segmentID = segmentID
        self.element = element
    }
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

/// One service line (loop 2400) as read.
public struct X12ServiceLine: Sendable, Equatable {
    /// LX01.
    public var number: X12Field?
    /// The SV1 segment's ordinal (0 when the line has none).
    public var serviceSegment = 0
    /// SV101-1 (`HC` for CPT/HCPCS).
    public var qualifier: String = ""
    /// SV101-2.
    public var code: X12Field?
    /// SV101-3 to SV101-6, as sent (empty slots left out).
    public var modifiers: [X12Field] = []
    /// SV101-7 (a description, or a fifth modifier a sender squeezed in).
    public var description: X12Field?
    /// SV102.
    public var charge: X12Field?
    /// SV103: `UN` units or `MJ` minutes.
    public var unitBasis: X12Field?
    /// SV104.
    public var quantity: X12Field?
    /// SV105.
    public var placeOfService: X12Field?
    /// SV107-1 to SV107-4.
    public var pointers: [X12Field] = []
    /// DTP02 of DTP*472 (`D8` or `RD8`) and DTP03.
    public var dateFormat: String = ""
    public var date: X12Field?
    /// A 2400 NTE with NTE01 `ADD` or `DCP`: the qualifier and the text.
    public var noteQualifier: String = ""
    public var note: X12Field?
    /// 2420A rendering provider and 2420D supervising provider of this line.
    public var rendering: X12Provider?
    public var supervisor: X12Provider?

    public init() {}
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

    /// CLM02.
    public var totalCharge: X12Field?
    /// CLM05-1, CLM05-3.
    public var placeOfService: X12Field?
    public var frequency: X12Field?
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
}
