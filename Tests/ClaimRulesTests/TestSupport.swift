import Testing
@testable import ClaimRules

/// A date literal; tests only use valid literals, an invalid one fails loudly via `#require` callers.
func d(_ s: String) -> CalendarDate {
    CalendarDate(s) ?? CalendarDate.epoch
}

let defaultDOS = "2026-03-02"

/// A small code table in the shape of the real one (our own short names).
func makeCodes() -> CodeTable {
    let ptot: [Discipline] = [.pt, .ot]
    var c: [CodeInfo] = [
        CodeInfo(code: "97530", name: "therapeutic activities", timed: true, family: .therapeuticProcedure,
                 disciplines: ptot, activityDocumentation: true),
        CodeInfo(code: "97110", name: "therapeutic exercise", timed: true, family: .therapeuticProcedure, disciplines: ptot),
        CodeInfo(code: "97112", name: "neuromuscular re-education", timed: true, family: .therapeuticProcedure, disciplines: ptot),
        CodeInfo(code: "97116", name: "gait training", timed: true, family: .therapeuticProcedure, disciplines: [.pt]),
        CodeInfo(code: "97140", name: "manual therapy", timed: true, family: .therapeuticProcedure, disciplines: ptot),
        CodeInfo(code: "97535", name: "self-care training", timed: true, family: .therapeuticProcedure, disciplines: ptot),
        CodeInfo(code: "97035", name: "ultrasound", timed: true, family: .attendedModality, disciplines: ptot),
        CodeInfo(code: "97150", name: "group therapy", timed: false, family: .group, disciplines: ptot),
        CodeInfo(code: "97010", name: "hot or cold packs", timed: false, family: .supervisedModality, disciplines: ptot),
        CodeInfo(code: "G0283", name: "unattended electrical stimulation", timed: false, family: .supervisedModality, disciplines: ptot),
        CodeInfo(code: "92507", name: "speech treatment", timed: false, family: .speechTreatment, disciplines: [.slp]),
    ]
    for (code, name) in [("97161", "PT evaluation, low"), ("97162", "PT evaluation, moderate"), ("97163", "PT evaluation, high")] {
        c.append(CodeInfo(code: code, name: name, timed: false, family: .evaluation, disciplines: [.pt]))
    }
    c.append(CodeInfo(code: "97164", name: "PT re-evaluation", timed: false, family: .reevaluation, disciplines: [.pt]))
    for (code, name) in [("97165", "OT evaluation, low"), ("97166", "OT evaluation, moderate"), ("97167", "OT evaluation, high")] {
        c.append(CodeInfo(code: code, name: name, timed: false, family: .evaluation, disciplines: [.ot]))
    }
    c.append(CodeInfo(code: "97168", name: "OT re-evaluation", timed: false, family: .reevaluation, disciplines: [.ot]))
    for code in ["92521", "92522", "92523", "92524"] {
        c.append(CodeInfo(code: code, name: "speech evaluation", timed: false, family: .evaluation, disciplines: [.slp]))
    }
    return CodeTable(c)
}

let medicareKX: [KXThreshold] = [
    KXThreshold(year: 2020, ptSlp: 2080, ot: 2080),
    KXThreshold(year: 2025, ptSlp: 2410, ot: 2410),
    KXThreshold(year: 2026, ptSlp: 2480, ot: 2480),
]

func makeMedicare(evaluationPolicy: EvaluationSameDayPolicy? = EvaluationSameDayPolicy(
    enabled: true, from: d("2020-01-01"), through: d("2020-01-24"))) -> PayerProfile {
    PayerProfile(id: "medicare", name: "Medicare Part B", unitMethod: .cmsTotalTime,
                 assistantModifiers: AssistantModifierPolicy(effective: d("2020-01-01"), deMinimisPercent: 10),
                 kxThresholds: medicareKX, targetedReviewThreshold: 3000,
                 allowedRoles: [.pt, .ot, .slp, .pta, .ota, .slpa, .ptStudent, .otStudent, .slpStudent,
                                .md, .doctorOfOsteopathy, .np, .pa, .cns],
                 rolesNeedingSupervision: [.pta, .ota, .slpa, .ptStudent, .otStudent, .slpStudent],
                 evaluationSameDayPolicy: evaluationPolicy)
}

func makeCommercialAMA() -> PayerProfile {
    PayerProfile(id: "commercial-ama", name: "Commercial (AMA per-code)", unitMethod: .amaPerCode,
                 allowedRoles: [.pt, .ot, .slp, .pta, .ota, .slpa, .md, .doctorOfOsteopathy, .np, .pa, .cns, .dc, .atc],
                 rolesNeedingSupervision: [.pta, .ota, .slpa, .ptStudent, .otStudent, .slpStudent],
                 evaluationSameDayPolicy: EvaluationSameDayPolicy(enabled: true, from: d("2020-01-01")),
                 timedCodeSingleLine: false)
}

func makeRules(payers: [PayerProfile] = [makeMedicare(), makeCommercialAMA()], ptp: [PTPEdit] = [],
               mues: [MUEEntry] = [], effective: String = "2026-01-01", through: String? = "2026-03-31",
               id: String = "test-2026Q1", digest: String = "test") -> RuleSet {
    var byId: [String: PayerProfile] = [:]
    for p in payers { byId[p.id] = p }
    return RuleSet(id: id, effective: d(effective), through: through.map(d), quarter: "2026Q1",
                   digest: digest, codes: makeCodes(), ptp: PTPTable(ptp), mues: MUETable(mues), payers: byId,
                   placesOfService: makePlacesOfService(), taxonomies: makeTaxonomies())
}

/// A few codes of the CMS place-of-service code set (the real file is Config/rules/place-of-service.tsv).
func makePlacesOfService() -> PlaceOfServiceTable {
    PlaceOfServiceTable([
        PlaceOfService(code: "11", name: "Office"),
        PlaceOfService(code: "12", name: "Home"),
        PlaceOfService(code: "10", name: "Telehealth Provided in Patient's Home", effective: d("2022-01-01")),
        PlaceOfService(code: "22", name: "On Campus-Outpatient Hospital", institutional: true),
        PlaceOfService(code: "31", name: "Skilled Nursing Facility", institutional: true),
    ])
}

/// The five base therapy taxonomies (the real file is Config/rules/taxonomies.tsv).
func makeTaxonomies() -> ProviderTaxonomyTable {
    ProviderTaxonomyTable([
        ProviderTaxonomy(code: "225100000X", name: "Physical Therapist", discipline: .pt, assistant: false),
        ProviderTaxonomy(code: "225200000X", name: "Physical Therapy Assistant", discipline: .pt, assistant: true),
        ProviderTaxonomy(code: "225X00000X", name: "Occupational Therapist", discipline: .ot, assistant: false),
        ProviderTaxonomy(code: "224Z00000X", name: "Occupational Therapy Assistant", discipline: .ot, assistant: true),
        ProviderTaxonomy(code: "235Z00000X", name: "Speech-Language Pathologist", discipline: .slp, assistant: false),
    ])
}

/// A hand-built ICD-10-CM release: a few billable codes, their headings and one manifestation code.
func makeCodeSet(id: String = "icd10cm-test-2026", effective: String = "2025-10-01", through: String? = "2026-09-30",
                 extra: [String: ICD10CMEntry] = [:]) -> ICD10CMCodeSet {
    var entries: [String: ICD10CMEntry] = [
        "M62": ICD10CMEntry(billable: false), "M628": ICD10CMEntry(billable: false), "M6281": ICD10CMEntry(billable: true),
        "M54": ICD10CMEntry(billable: false), "M545": ICD10CMEntry(billable: false), "M5450": ICD10CMEntry(billable: true),
        "I69": ICD10CMEntry(billable: false), "I6935": ICD10CMEntry(billable: false), "I69351": ICD10CMEntry(billable: true),
        "R26": ICD10CMEntry(billable: false), "R262": ICD10CMEntry(billable: true),
        "W19": ICD10CMEntry(billable: false), "W19XXXA": ICD10CMEntry(billable: true),
        "G99": ICD10CMEntry(billable: false), "G992": ICD10CMEntry(billable: true, manifestation: true),
    ]
    for (k, v) in extra { entries[k] = v }
    return ICD10CMCodeSet(id: id, effective: d(effective), through: through.map(d), digest: "test", entries: entries)
}

func makeCatalog() -> ICD10CMCatalog { ICD10CMCatalog([makeCodeSet()]) }

func edit(_ c1: String, _ c2: String, _ indicator: PTPModifierIndicator, from: String = "2020-01-01",
          deletion: String? = nil) -> PTPEdit {
    PTPEdit(column1: c1, column2: c2, effective: d(from), deletion: deletion.map(d), modifierIndicator: indicator,
            rationale: "Mutually exclusive procedures", source: "test edit")
}

/// Documentation that satisfies every documentation check.
func fullDocumentation() -> Claim.Documentation {
    Claim.Documentation(activityDescription: true, assistanceType: true, assistanceLevel: true, goalIds: ["G1"],
                        functionalDeficits: true, continuedSkilledNeed: true, supervisionDocumented: true,
                        activityChangedByAssistant: false)
}

func cleanContext() -> Claim.Context {
    Claim.Context(treatmentDaysSinceProgressReport: 3, visitNumber: 4, progressReportToday: false,
                  planOfCare: Claim.PlanOfCare(certifiedFrom: d("2026-02-01"), certifiedThrough: d("2026-04-30"), goalIds: ["G1", "G2"]),
                  yearToDateAllowed: Claim.YearToDateAllowed(ptSlp: 800, ot: 0), documentation: fullDocumentation(),
                  otherServicesToday: [])
}

func line(_ code: String, _ minutes: Int? = nil, units: Int? = nil, _ modifiers: [String]? = ["GP"],
          setting: Setting? = nil, assistant: Int? = nil, clinician: String? = nil) -> Claim.Line {
    Claim.Line(code: code, minutes: minutes, units: units, modifiers: modifiers, setting: setting,
               assistantMinutes: assistant, clinicianId: clinician)
}

func makeClaim(_ lines: [Claim.Line], payer: String = "medicare", role: Role = .pt, dos: String = defaultDOS,
               supervisor: Claim.Supervisor? = nil, context: Claim.Context? = cleanContext()) -> Claim {
    Claim(claimId: "C-1", payer: payer, dateOfService: d(dos), provider: Claim.Provider(npi: "1234567893", role: role),
          supervisor: supervisor, lines: lines, context: context)
}

/// The typical clean 4-line PT claim: 30 + 23 + 15 + 15 = 83 minutes = 6 units, allocated 2, 2, 1, 1.
func cleanClaim() -> Claim {
    makeClaim([line("97530", 30, units: 2), line("97110", 23, units: 2), line("97112", 15, units: 1),
               line("97116", 15, units: 1)])
}

/// A claim with one change applied to the clean claim's context.
func withContext(_ claim: Claim, _ change: (inout Claim.Context) -> Void) -> Claim {
    var c = claim
    var ctx = c.context ?? Claim.Context()
    change(&ctx)
    c.context = ctx
    return c
}

/// A claim that must trigger a finding id, named for the test report.
/// With `earlier` claims it is the last claim of a batch (lines 1...n are `earlier`), judged by a
/// `CrossClaimChecker` with `memoryBudget`.
struct TriggerCase: Sendable, CustomTestStringConvertible {
    let id: FindingID
    let name: String
    let claim: Claim
    let rules: RuleSet
    let diagnosisCodes: ICD10CMCatalog
    let crossClaim: CrossClaimFacts
    init(_ id: FindingID, _ name: String, _ claim: Claim, rules: RuleSet = makeRules(),
         diagnosisCodes: ICD10CMCatalog = .empty, earlier: [Claim] = [],
         memoryBudget: Int = CrossClaimChecker.defaultMemoryBudget) {
        self.id = id
        self.name = name
        self.claim = claim
        self.rules = rules
        self.diagnosisCodes = diagnosisCodes
        var checker = CrossClaimChecker(memoryBudget: memoryBudget)
        for (k, c) in earlier.enumerated() { _ = checker.admit(c, line: k + 1, rules: rules) }
        crossClaim = earlier.isEmpty ? .none : checker.admit(claim, line: earlier.count + 1, rules: rules)
    }
    var testDescription: String { "\(id.rawValue): \(name)" }
}

extension ScrubResult {
    var ids: Set<FindingID> { Set(allFindingIDs) }
    var unitsByLine: [Int] { lines.map(\.units) }
    func finding(_ id: FindingID) -> Finding? { (errors + warnings).first { $0.id == id } }
    func conflict(_ id: FindingID) -> Conflict? { conflicts.first { $0.id == id } }
}

func scrub(_ claim: Claim, _ rules: RuleSet = makeRules(), _ diagnosisCodes: ICD10CMCatalog = .empty) -> ScrubResult {
    Scrubber.scrub(claim, rules: rules, diagnosisCodes: diagnosisCodes)
}

func scrub(_ c: TriggerCase) -> ScrubResult {
    Scrubber.scrub(c.claim, rules: c.rules, diagnosisCodes: c.diagnosisCodes, crossClaim: c.crossClaim)
}
