/// One proposed outpatient therapy claim: one patient, one payer, one or more dates of service.
///
/// Property names are the public JSON field names; optional fields may be absent.
/// Validation beyond the JSON types (negative minutes, unknown payer, ...) is `ClaimValidator`'s job.
public struct Claim: Sendable, Equatable, Codable {
    /// The caller's claim identifier; echoed in the result, never placed in messages.
    public var claimId: String?
    /// Payer profile id, e.g. `medicare`, `medicare-advantage`, `commercial-ama`.
    public var payer: String
    /// The default date of service of the lines that carry none. Every line must end up with a date:
    /// its own or this one.
    public var dateOfService: CalendarDate?
    /// Claim frequency (CLM05-3 / CMS-1500 item 22): original, replacement or void.
    public var frequency: ClaimFrequency?
    /// The payer's claim number of the claim a replacement or void refers to (837P REF*F8).
    public var originalClaimId: String?
    /// Default place of service of the lines (CMS place-of-service code, two digits, e.g. `11`).
    public var placeOfService: String?
    /// The billed total; must equal the sum of the lines' charges.
    public var totalCharge: Money?
    /// ICD-10-CM codes in claim order (up to 12), with or without the dot; position 1 is first-listed.
    public var diagnoses: [String]?
    /// The billing provider (837P 2010AA), when it differs from or adds to the rendering provider.
    public var billingProvider: BillingProvider?
    /// The rendering provider.
    public var provider: Provider
    /// The supervising clinician, for assistants and students.
    public var supervisor: Supervisor?
    /// An opaque patient key, compared for equality across the claims of one batch only; never logged
    /// or echoed in messages.
    public var patientRef: String?
    public var lines: [Line]
    public var context: Context?

    public init(claimId: String? = nil, payer: String, dateOfService: CalendarDate?, frequency: ClaimFrequency? = nil,
                originalClaimId: String? = nil, placeOfService: String? = nil, totalCharge: Money? = nil,
                diagnoses: [String]? = nil, billingProvider: BillingProvider? = nil, provider: Provider,
                supervisor: Supervisor? = nil, patientRef: String? = nil, lines: [Line], context: Context? = nil) {
        self.claimId = claimId
        self.payer = payer
        self.dateOfService = dateOfService
        self.frequency = frequency
        self.originalClaimId = originalClaimId
        self.placeOfService = placeOfService
        self.totalCharge = totalCharge
        self.diagnoses = diagnoses
        self.billingProvider = billingProvider
        self.provider = provider
        self.supervisor = supervisor
        self.patientRef = patientRef
        self.lines = lines
        self.context = context
    }

    /// The rendering provider.
    public struct Provider: Sendable, Equatable, Codable {
        public var npi: String?
        public var role: Role
        /// NUCC health care provider taxonomy code, e.g. `225100000X`.
        public var taxonomy: String?
        public init(npi: String? = nil, role: Role, taxonomy: String? = nil) {
            self.npi = npi
            self.role = role
            self.taxonomy = taxonomy
        }
    }

    /// The billing provider (the clinic or the therapist in private practice).
    public struct BillingProvider: Sendable, Equatable, Codable {
        public var npi: String
        /// NUCC health care provider taxonomy code.
        public var taxonomy: String?
        public init(npi: String, taxonomy: String? = nil) {
            self.npi = npi
            self.taxonomy = taxonomy
        }
    }

    /// The supervising clinician; `onSite` is true when present in the office suite (direct supervision)
    /// and, for students, present in the room for the whole session.
    public struct Supervisor: Sendable, Equatable, Codable {
        public var npi: String?
        public var role: Role
        public var onSite: Bool?
        public init(npi: String? = nil, role: Role, onSite: Bool? = nil) {
            self.npi = npi
            self.role = role
            self.onSite = onSite
        }
    }

    /// One service line.
    public struct Line: Sendable, Equatable, Codable {
        /// CPT/HCPCS code, e.g. `97530`.
        public var code: String
        /// The line's date of service; `nil` = the claim's `dateOfService`.
        public var dateOfService: CalendarDate?
        /// Last date of a date range (837P RD8, FHIR servicedPeriod); allowed on untimed codes only.
        public var dateOfServiceThrough: CalendarDate?
        /// Direct one-on-one minutes. Optional: without them the proposed units are checked for plausibility
        /// only (the 8-minute rule cannot be verified).
        public var minutes: Int?
        /// Units the EHR proposes.
        public var units: Int?
        /// Modifiers as sent, in order.
        public var modifiers: [String]?
        /// Individual (default), group or concurrent.
        public var setting: Setting?
        /// Minutes an assistant furnished independently of the therapist (part of `minutes`).
        public var assistantMinutes: Int?
        /// An assistant (PTA/OTA) furnished the line in whole or in part, when the sender knows it but not the
        /// minutes (e.g. a FHIR care-team member with role `assist`); `assistantMinutes` wins when present.
        public var assistantInvolved: Bool?
        /// Who furnished the line; compared only for equality (co-treatment), never printed.
        public var clinicianId: String?
        /// 1-based positions in the claim's `diagnoses` (up to 4; the first is the primary).
        public var diagnosisPointers: [Int]?
        /// The line's charge (> 0).
        public var charge: Money?
        /// Place of service of this line; `nil` = the claim's `placeOfService`.
        public var placeOfService: String?

        public init(code: String, dateOfService: CalendarDate? = nil, dateOfServiceThrough: CalendarDate? = nil,
                    minutes: Int? = nil, units: Int? = nil, modifiers: [String]? = nil,
                    setting: Setting? = nil, assistantMinutes: Int? = nil, assistantInvolved: Bool? = nil,
                    clinicianId: String? = nil, diagnosisPointers: [Int]? = nil, charge: Money? = nil,
                    placeOfService: String? = nil) {
            self.code = code
            self.dateOfService = dateOfService
            self.dateOfServiceThrough = dateOfServiceThrough
            self.minutes = minutes
            self.units = units
            self.modifiers = modifiers
            self.setting = setting
            self.assistantMinutes = assistantMinutes
            self.assistantInvolved = assistantInvolved
            self.clinicianId = clinicianId
            self.diagnosisPointers = diagnosisPointers
            self.charge = charge
            self.placeOfService = placeOfService
        }
    }

    /// The date of service of line `index`: its own, else the claim's (`nil` when neither is set, which
    /// `ClaimValidator` reports).
    public func dateOfService(ofLine index: Int) -> CalendarDate? {
        lines[index].dateOfService ?? dateOfService
    }

    /// The last date of line `index`'s date range, `nil` when the line is for a single date (a range that ends on
    /// its first date is a single date).
    public func dateOfServiceThrough(ofLine index: Int) -> CalendarDate? {
        guard let through = lines[index].dateOfServiceThrough, let start = dateOfService(ofLine: index),
              start < through else { return nil }
        return through
    }

    /// The date of an `otherServicesToday` entry: its own, else the claim's default, else the claim's only date
    /// (`nil` when the claim has several dates and no default, which `ClaimValidator` reports).
    public func dateOfService(of other: OtherService) -> CalendarDate? {
        if let date = other.dateOfService ?? dateOfService { return date }
        var only: CalendarDate?
        for i in lines.indices {
            guard let d = dateOfService(ofLine: i) else { continue }
            if let o = only, o != d { return nil }
            only = d
        }
        return only
    }

    /// The earliest date of service of the claim (claim default or any line's), `nil` when none is set.
    public var earliestDateOfService: CalendarDate? {
        var earliest = lines.isEmpty ? dateOfService : nil
        for i in lines.indices {
            if let d = dateOfService(ofLine: i), earliest.map({ d < $0 }) ?? true { earliest = d }
        }
        return earliest
    }

    /// Facts about the episode and the documentation, for compliance checks. All optional.
    public struct Context: Sendable, Equatable, Codable {
        /// Treatment days since the last progress report, counting this visit.
        public var treatmentDaysSinceProgressReport: Int?
        /// Visit number in the episode, counting this visit.
        public var visitNumber: Int?
        /// A progress report is written today.
        public var progressReportToday: Bool?
        public var planOfCare: PlanOfCare?
        public var yearToDateAllowed: YearToDateAllowed?
        public var documentation: Documentation?
        /// Services on other claims for the same patient and date (PTP pairs, evaluations, co-treatment).
        public var otherServicesToday: [OtherService]?

        public init(treatmentDaysSinceProgressReport: Int? = nil, visitNumber: Int? = nil,
                    progressReportToday: Bool? = nil, planOfCare: PlanOfCare? = nil,
                    yearToDateAllowed: YearToDateAllowed? = nil, documentation: Documentation? = nil,
                    otherServicesToday: [OtherService]? = nil) {
            self.treatmentDaysSinceProgressReport = treatmentDaysSinceProgressReport
            self.visitNumber = visitNumber
            self.progressReportToday = progressReportToday
            self.planOfCare = planOfCare
            self.yearToDateAllowed = yearToDateAllowed
            self.documentation = documentation
            self.otherServicesToday = otherServicesToday
        }
    }

    /// The certified plan of care.
    public struct PlanOfCare: Sendable, Equatable, Codable {
        public var certifiedFrom: CalendarDate?
        public var certifiedThrough: CalendarDate?
        public var goalIds: [String]?
        public init(certifiedFrom: CalendarDate? = nil, certifiedThrough: CalendarDate? = nil, goalIds: [String]? = nil) {
            self.certifiedFrom = certifiedFrom
            self.certifiedThrough = certifiedThrough
            self.goalIds = goalIds
        }
    }

    /// Allowed amounts so far this calendar year, in dollars, before this claim (KX thresholds).
    public struct YearToDateAllowed: Sendable, Equatable, Codable {
        /// PT and SLP combined.
        public var ptSlp: Double?
        public var ot: Double?
        public init(ptSlp: Double? = nil, ot: Double? = nil) {
            self.ptSlp = ptSlp
            self.ot = ot
        }
    }

    /// What today's treatment note records.
    public struct Documentation: Sendable, Equatable, Codable {
        public var activityDescription: Bool?
        public var assistanceType: Bool?
        public var assistanceLevel: Bool?
        /// Plan-of-care goals today's note links to.
        public var goalIds: [String]?
        public var functionalDeficits: Bool?
        public var continuedSkilledNeed: Bool?
        public var supervisionDocumented: Bool?
        public var activityChangedByAssistant: Bool?
        public init(activityDescription: Bool? = nil, assistanceType: Bool? = nil, assistanceLevel: Bool? = nil,
                    goalIds: [String]? = nil, functionalDeficits: Bool? = nil, continuedSkilledNeed: Bool? = nil,
                    supervisionDocumented: Bool? = nil, activityChangedByAssistant: Bool? = nil) {
            self.activityDescription = activityDescription
            self.assistanceType = assistanceType
            self.assistanceLevel = assistanceLevel
            self.goalIds = goalIds
            self.functionalDeficits = functionalDeficits
            self.continuedSkilledNeed = continuedSkilledNeed
            self.supervisionDocumented = supervisionDocumented
            self.activityChangedByAssistant = activityChangedByAssistant
        }
    }

    /// A service billed on another claim for the same patient and date.
    public struct OtherService: Sendable, Equatable, Codable {
        public var code: String
        public var role: Role
        public var clinicianId: String?
        public var modifiers: [String]?
        /// The date it was furnished; `nil` = the claim's `dateOfService`, or the claim's only date (a claim
        /// with several dates and no default date must say which).
        public var dateOfService: CalendarDate?
        public init(code: String, role: Role, clinicianId: String? = nil, modifiers: [String]? = nil,
                    dateOfService: CalendarDate? = nil) {
            self.code = code
            self.role = role
            self.clinicianId = clinicianId
            self.modifiers = modifiers
            self.dateOfService = dateOfService
        }
    }
}
