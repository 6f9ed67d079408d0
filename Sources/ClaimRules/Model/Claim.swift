/// One proposed outpatient therapy claim: one patient, one payer, one date of service.
///
/// Property names are the public JSON field names (issue 2); optional fields may be absent.
/// Validation beyond the JSON types (negative minutes, unknown payer, ...) is `ClaimValidator`'s job.
public struct Claim: Sendable, Equatable, Codable {
    /// The caller's claim identifier; echoed in the result, never placed in messages.
    public var claimId: String?
    /// Payer profile id, e.g. `medicare`, `medicare-advantage`, `commercial-ama`.
    public var payer: String
    public var dateOfService: CalendarDate
    /// The billing (rendering) provider.
    public var provider: Provider
    /// The supervising clinician, for assistants and students.
    public var supervisor: Supervisor?
    public var lines: [Line]
    public var context: Context?

    public init(claimId: String? = nil, payer: String, dateOfService: CalendarDate, provider: Provider,
                supervisor: Supervisor? = nil, lines: [Line], context: Context? = nil) {
        self.claimId = claimId
        self.payer = payer
        self.dateOfService = dateOfService
        self.provider = provider
        self.supervisor = supervisor
        self.lines = lines
        self.context = context
    }

    /// The rendering provider.
    public struct Provider: Sendable, Equatable, Codable {
        public var npi: String?
        public var role: Role
        public init(npi: String? = nil, role: Role) {
            self.npi = npi
            self.role = role
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
        /// Direct one-on-one minutes (timed codes need them).
        public var minutes: Int?
        /// Units the EHR proposes.
        public var units: Int?
        /// Modifiers as sent, in order.
        public var modifiers: [String]?
        /// Individual (default), group or concurrent.
        public var setting: Setting?
        /// Minutes an assistant furnished independently of the therapist (part of `minutes`).
        public var assistantMinutes: Int?
        /// Who furnished the line; compared only for equality (co-treatment), never printed.
        public var clinicianId: String?

        public init(code: String, minutes: Int? = nil, units: Int? = nil, modifiers: [String]? = nil,
                    setting: Setting? = nil, assistantMinutes: Int? = nil, clinicianId: String? = nil) {
            self.code = code
            self.minutes = minutes
            self.units = units
            self.modifiers = modifiers
            self.setting = setting
            self.assistantMinutes = assistantMinutes
            self.clinicianId = clinicianId
        }
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
        public init(code: String, role: Role, clinicianId: String? = nil, modifiers: [String]? = nil) {
            self.code = code
            self.role = role
            self.clinicianId = clinicianId
            self.modifiers = modifiers
        }
    }
}
