/// How timed minutes become units.
public enum UnitMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// CMS Pub. 100-04 ch. 5 §20.2: pool the timed minutes of a discipline for the date, convert the total with
    /// the §20.2 table, give each code floor(minutes/15), hand the rest to the largest leftovers.
    case cmsTotalTime = "cms-total-time"
    /// Industry "Rule of 8s" reading of the CPT midpoint rule: each code on its own minutes
    /// (domain-rules §2; UNCONFIRMED as AMA policy, hence a payer setting).
    case amaPerCode = "ama-per-code"
}

/// A payer's billing policies. Everything domain-rules.md marks UNCONFIRMED or payer-specific is a setting here.
///
/// Decoded from `Config/rules/payers/<id>.json`; optional fields fall back to the documented defaults
/// (see `init(from:)`), which are the Medicare Part B rules.
public struct PayerProfile: Sendable, Equatable, Codable {
    /// Profile id as used in `claim.payer`.
    public var id: String
    /// Display name.
    public var name: String
    public var unitMethod: UnitMethod
    /// GP/GO/GN required on therapy codes, exactly one, matching the discipline (Pub. 100-04 ch. 5 §20.1).
    public var requireTherapyModifiers: Bool
    /// CQ/CO policy; `nil` = the payer does not use assistant modifiers.
    public var assistantModifiers: AssistantModifierPolicy?
    /// KX thresholds per calendar year; empty = the payer has no KX policy (Pub. 100-04 ch. 5 §10.3).
    public var kxThresholds: [KXThreshold]
    /// KX is "near" when the year-to-date amount is within this many dollars of the threshold; KX sent with
    /// the amount further below draws a warning ("abusive", Pub. 100-04 ch. 5 §10.3.3). Our own setting.
    public var kxNearMargin: Double
    /// Targeted medical review threshold in dollars ($3,000 through 2027, Pub. 100-04 ch. 5 §10.3.4); `nil` = none.
    public var targetedReviewThreshold: Double?
    /// Roles that may bill therapy (Medicare: PT, OT, SLP, MD, DO, NP, PA, CNS; never DC, ATC or aides,
    /// Pub. 100-02 ch. 15 §230.5). Assistants and students are listed when they may appear as rendering provider
    /// under supervision.
    public var allowedRoles: [Role]
    /// Roles that need a supervising therapist of their discipline on the claim (Pub. 100-02 ch. 15 §230).
    public var rolesNeedingSupervision: [Role]
    /// Student minutes are billable on their own; false under Medicare Part B, where only the therapist's
    /// service is billable and only when the therapist was present the whole session (domain-rules §6 [S27]).
    public var studentTimeBillable: Bool
    /// The January 2020 edit pairing 97530/97150 with PT/OT evaluations (article's rule; CMS reversed it
    /// 2020-01-24; domain-rules §3.2).
    public var evaluationSameDayPolicy: EvaluationSameDayPolicy?
    /// A timed code must appear on one line per date (Medicare from 2021-04-19, domain-rules §1.6 [S6]).
    public var timedCodeSingleLine: Bool
    /// Progress report at least every N treatment days (Pub. 100-02 ch. 15 §220.3 D: 10); `nil` = not checked.
    public var progressReportEveryTreatmentDays: Int?
    /// Visits beyond N need documented continued skilled need (seed article: 10-12 visits); `nil` = not checked.
    public var continuedNeedAfterVisits: Int?
    /// Longest certification period in days (Pub. 100-02 ch. 15 §220.1.3: 90); `nil` = not checked.
    public var planOfCareMaxDays: Int?
    /// Modifier slots per line (CMS-1500 and 837P: 4, Pub. 100-04 ch. 5 §10.3.3).
    public var maxModifiersPerLine: Int
    /// Run the documentation compliance warnings (activity, assistance, goals, deficits).
    public var documentationChecks: Bool

    public init(id: String, name: String, unitMethod: UnitMethod, requireTherapyModifiers: Bool = true,
                assistantModifiers: AssistantModifierPolicy? = nil, kxThresholds: [KXThreshold] = [],
                kxNearMargin: Double = 500, targetedReviewThreshold: Double? = nil,
                allowedRoles: [Role], rolesNeedingSupervision: [Role] = [],
                studentTimeBillable: Bool = false, evaluationSameDayPolicy: EvaluationSameDayPolicy? = nil,
                timedCodeSingleLine: Bool = true, progressReportEveryTreatmentDays: Int? = 10,
                continuedNeedAfterVisits: Int? = 10, planOfCareMaxDays: Int? = 90,
                maxModifiersPerLine: Int = 4, documentationChecks: Bool = true) {
        self.id = id
        self.name = name
        self.unitMethod = unitMethod
        self.requireTherapyModifiers = requireTherapyModifiers
        self.assistantModifiers = assistantModifiers
        self.kxThresholds = kxThresholds
        self.kxNearMargin = kxNearMargin
        self.targetedReviewThreshold = targetedReviewThreshold
        self.allowedRoles = allowedRoles
        self.rolesNeedingSupervision = rolesNeedingSupervision
        self.studentTimeBillable = studentTimeBillable
        self.evaluationSameDayPolicy = evaluationSameDayPolicy
        self.timedCodeSingleLine = timedCodeSingleLine
        self.progressReportEveryTreatmentDays = progressReportEveryTreatmentDays
        self.continuedNeedAfterVisits = continuedNeedAfterVisits
        self.planOfCareMaxDays = planOfCareMaxDays
        self.maxModifiersPerLine = maxModifiersPerLine
        self.documentationChecks = documentationChecks
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, unitMethod, requireTherapyModifiers, assistantModifiers, kxThresholds, kxNearMargin,
             targetedReviewThreshold, allowedRoles, rolesNeedingSupervision, studentTimeBillable,
             evaluationSameDayPolicy, timedCodeSingleLine, progressReportEveryTreatmentDays,
             continuedNeedAfterVisits, planOfCareMaxDays, maxModifiersPerLine, documentationChecks
    }

    /// Decodes a profile. Required: `id`, `name`, `unitMethod`, `allowedRoles`. Defaults when absent:
    /// requireTherapyModifiers true, kxThresholds [], kxNearMargin 500, rolesNeedingSupervision [],
    /// studentTimeBillable false, timedCodeSingleLine true, maxModifiersPerLine 4, documentationChecks true;
    /// the optional policies (assistantModifiers, targetedReviewThreshold, evaluationSameDayPolicy,
    /// progressReportEveryTreatmentDays, continuedNeedAfterVisits, planOfCareMaxDays) are off when absent.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        unitMethod = try c.decode(UnitMethod.self, forKey: .unitMethod)
        requireTherapyModifiers = try c.decodeIfPresent(Bool.self, forKey: .requireTherapyModifiers) ?? true
        assistantModifiers = try c.decodeIfPresent(AssistantModifierPolicy.self, forKey: .assistantModifiers)
        kxThresholds = try c.decodeIfPresent([KXThreshold].self, forKey: .kxThresholds) ?? []
        kxNearMargin = try c.decodeIfPresent(Double.self, forKey: .kxNearMargin) ?? 500
        targetedReviewThreshold = try c.decodeIfPresent(Double.self, forKey: .targetedReviewThreshold)
        allowedRoles = try c.decode([Role].self, forKey: .allowedRoles)
        rolesNeedingSupervision = try c.decodeIfPresent([Role].self, forKey: .rolesNeedingSupervision) ?? []
        studentTimeBillable = try c.decodeIfPresent(Bool.self, forKey: .studentTimeBillable) ?? false
        evaluationSameDayPolicy = try c.decodeIfPresent(EvaluationSameDayPolicy.self, forKey: .evaluationSameDayPolicy)
        timedCodeSingleLine = try c.decodeIfPresent(Bool.self, forKey: .timedCodeSingleLine) ?? true
        progressReportEveryTreatmentDays = try c.decodeIfPresent(Int.self, forKey: .progressReportEveryTreatmentDays)
        continuedNeedAfterVisits = try c.decodeIfPresent(Int.self, forKey: .continuedNeedAfterVisits)
        planOfCareMaxDays = try c.decodeIfPresent(Int.self, forKey: .planOfCareMaxDays)
        maxModifiersPerLine = try c.decodeIfPresent(Int.self, forKey: .maxModifiersPerLine) ?? 4
        documentationChecks = try c.decodeIfPresent(Bool.self, forKey: .documentationChecks) ?? true
    }

    /// The KX threshold for a calendar year, if the profile has one.
    public func kxThreshold(year: Int) -> KXThreshold? {
        kxThresholds.first { $0.year == year }
    }
}

/// CQ/CO assistant modifier policy (Pub. 100-04 ch. 5 §20.1; CY 2020/2022 PFS rules).
public struct AssistantModifierPolicy: Sendable, Equatable, Codable {
    /// First date of service the modifiers are required (Medicare: 2020-01-01).
    public var effective: CalendarDate
    /// The assistant's independent minutes must exceed this percent of a unit (timed) or of the service
    /// (untimed) for CQ/CO to apply (de minimis: 10).
    public var deMinimisPercent: Int

    public init(effective: CalendarDate, deMinimisPercent: Int = 10) {
        self.effective = effective
        self.deMinimisPercent = deMinimisPercent
    }
}

/// KX thresholds of one calendar year, in dollars (Pub. 100-04 ch. 5 §10.3; domain-rules §5.4 table).
public struct KXThreshold: Sendable, Equatable, Codable {
    public var year: Int
    /// PT and SLP combined.
    public var ptSlp: Double
    public var ot: Double

    public init(year: Int, ptSlp: Double, ot: Double) {
        self.year = year
        self.ptSlp = ptSlp
        self.ot = ot
    }
}

/// The January 2020 NCCI edit that paid only the evaluation when 97530 (or 97150) was billed on the same day
/// as a PT or OT evaluation (seed article; domain-rules §3.2 [S14]). CMS reversed it on 2020-01-24 [S13], so for
/// Medicare it is on only for 2020-01-01...2020-01-24; the conservative commercial profile keeps it on.
public struct EvaluationSameDayPolicy: Sendable, Equatable, Codable {
    /// Policy on at all.
    public var enabled: Bool
    /// First date of service it applies (absent = always).
    public var from: CalendarDate?
    /// Last date of service it applies (absent = open-ended).
    public var through: CalendarDate?
    /// Intervention codes the edit denies (default 97530 and 97150).
    public var codes: [String]?
    /// Evaluation codes that trigger it (default PT and OT initial evaluations 97161-97163, 97165-97167).
    public var evaluationCodes: [String]?

    public static let defaultCodes = ["97530", "97150"]
    public static let defaultEvaluationCodes = ["97161", "97162", "97163", "97165", "97166", "97167"]

    public init(enabled: Bool, from: CalendarDate? = nil, through: CalendarDate? = nil, codes: [String]? = nil,
                evaluationCodes: [String]? = nil) {
        self.enabled = enabled
        self.from = from
        self.through = through
        self.codes = codes
        self.evaluationCodes = evaluationCodes
    }

    /// Whether the policy is in force on a date of service.
    public func applies(on date: CalendarDate) -> Bool {
        enabled && (from.map { $0 <= date } ?? true) && (through.map { date <= $0 } ?? true)
    }
}

extension PayerProfile {
    /// Medicare Part B rules without year-specific data (no KX thresholds), used only when a claim names a payer
    /// the rule set does not know (reported as `UNKNOWN_PAYER`).
    public static let fallback = PayerProfile(
        id: "fallback", name: "Medicare Part B defaults", unitMethod: .cmsTotalTime, requireTherapyModifiers: true,
        assistantModifiers: AssistantModifierPolicy(effective: CalendarDate(year: 2020, month: 1, day: 1) ?? CalendarDate.epoch,
                                                    deMinimisPercent: 10),
        targetedReviewThreshold: 3000,
        allowedRoles: [.pt, .ot, .slp, .pta, .ota, .slpa, .ptStudent, .otStudent, .slpStudent,
                       .md, .doctorOfOsteopathy, .np, .pa, .cns],
        rolesNeedingSupervision: [.pta, .ota, .slpa, .ptStudent, .otStudent, .slpStudent])
}
