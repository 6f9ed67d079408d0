/// A payer's billing policies. Everything no public source settles, or that is payer-specific, is a setting here.
///
/// Decoded from `Config/rules/payers/<id>.json`; optional fields fall back to the documented defaults
/// (see `init(from:)`), which are the Medicare Part B rules.
public struct PayerProfile: Sendable, Equatable, Codable {
    /// Profile id as used in `claim.payer`.
    public var id: String
    /// Display name.
    public var name: String
    public var unitMethod: UnitMethod
    /// CMS total-time method only: pool the timed minutes of all disciplines together instead of per discipline
    /// (PT, OT, SLP). Per discipline is our best reading (each bills under its own plan and modifier, §20.2 D
    /// "per discipline"); no CMS sentence settles it (UNCONFIRMED). Default false.
    public var poolAcrossDisciplines: Bool
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
    /// service is billable and only when the therapist was present the whole session (APTA, "Student Supervision and Medicare").
    public var studentTimeBillable: Bool
    /// The January 2020 edit pairing 97530/97150 with PT/OT evaluations (article's rule; CMS reversed it
    /// 2020-01-24).
    public var evaluationSameDayPolicy: EvaluationSameDayPolicy?
    /// A timed code must appear on one line per date (Medicare from 2021-04-19, First Coast Service Options therapy units article).
    public var timedCodeSingleLine: Bool
    /// Progress report at least every N treatment days (Pub. 100-02 ch. 15 §220.3 D: 10); `nil` = not checked.
    public var progressReportEveryTreatmentDays: Int?
    /// Visits beyond N need documented continued skilled need (TheraPlatform, "CPT code 97530": 10-12 visits); `nil` = not checked.
    public var continuedNeedAfterVisits: Int?
    /// Longest certification period in days (Pub. 100-02 ch. 15 §220.1.3: 90); `nil` = not checked.
    public var planOfCareMaxDays: Int?
    /// Modifier slots per line (CMS-1500 and 837P: 4, Pub. 100-04 ch. 5 §10.3.3).
    public var maxModifiersPerLine: Int
    /// Run the documentation compliance warnings (activity, assistance, goals, deficits).
    public var documentationChecks: Bool
    /// Plausibility ceiling on the timed units one discipline bills for one date of service when lines carry no
    /// minutes (the 8-minute rule cannot be verified then); more draws a warning. `nil` = not checked. Our own
    /// setting: the CMS Pub. 100-04 ch. 5 §20.2 units table stops at 8 units (2 hours).
    public var maxTimedUnitsPerDay: Int?

    public init(id: String, name: String, unitMethod: UnitMethod, poolAcrossDisciplines: Bool = false,
                requireTherapyModifiers: Bool = true,
                assistantModifiers: AssistantModifierPolicy? = nil, kxThresholds: [KXThreshold] = [],
                kxNearMargin: Double = 500, targetedReviewThreshold: Double? = nil,
                allowedRoles: [Role], rolesNeedingSupervision: [Role] = [],
                studentTimeBillable: Bool = false, evaluationSameDayPolicy: EvaluationSameDayPolicy? = nil,
                timedCodeSingleLine: Bool = true, progressReportEveryTreatmentDays: Int? = 10,
                continuedNeedAfterVisits: Int? = 10, planOfCareMaxDays: Int? = 90,
                maxModifiersPerLine: Int = 4, documentationChecks: Bool = true, maxTimedUnitsPerDay: Int? = nil) {
        self.id = id
        self.name = name
        self.unitMethod = unitMethod
        self.poolAcrossDisciplines = poolAcrossDisciplines
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
        self.maxTimedUnitsPerDay = maxTimedUnitsPerDay
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, unitMethod, poolAcrossDisciplines, requireTherapyModifiers, assistantModifiers, kxThresholds, kxNearMargin,
             targetedReviewThreshold, allowedRoles, rolesNeedingSupervision, studentTimeBillable,
             evaluationSameDayPolicy, timedCodeSingleLine, progressReportEveryTreatmentDays,
             continuedNeedAfterVisits, planOfCareMaxDays, maxModifiersPerLine, documentationChecks, maxTimedUnitsPerDay
    }

    /// Decodes a profile. Required: `id`, `name`, `unitMethod`, `allowedRoles`. Defaults when absent:
    /// poolAcrossDisciplines false, requireTherapyModifiers true, kxThresholds [], kxNearMargin 500, rolesNeedingSupervision [],
    /// studentTimeBillable false, timedCodeSingleLine true, maxModifiersPerLine 4, documentationChecks true;
    /// the optional policies (assistantModifiers, targetedReviewThreshold, evaluationSameDayPolicy,
    /// progressReportEveryTreatmentDays, continuedNeedAfterVisits, planOfCareMaxDays, maxTimedUnitsPerDay) are off
    /// when absent.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        unitMethod = try c.decode(UnitMethod.self, forKey: .unitMethod)
        poolAcrossDisciplines = try c.decodeIfPresent(Bool.self, forKey: .poolAcrossDisciplines) ?? false
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
        maxTimedUnitsPerDay = try c.decodeIfPresent(Int.self, forKey: .maxTimedUnitsPerDay)
    }

    /// The KX threshold for a calendar year, if the profile has one.
    public func kxThreshold(year: Int) -> KXThreshold? {
        kxThresholds.first { $0.year == year }
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
        rolesNeedingSupervision: [.pta, .ota, .slpa, .ptStudent, .otStudent, .slpStudent],
        maxTimedUnitsPerDay: 8)
}
