import Testing
@testable import ClaimRules

private let ptpRules = makeRules(ptp: [
    edit("97140", "97530", .allowed),
    edit("97161", "97150", .notAllowed, from: "2020-01-01"),
    edit("97162", "97530", .notApplicable, from: "2020-01-01", deletion: "2020-01-01"),
    edit("97116", "97530", .allowed, from: "2020-10-01", deletion: "2026-03-01"),
    edit("97112", "97530", .allowed, from: "2026-04-01"),
])

private let mueRules = makeRules(mues: [
    MUEEntry(code: "97530", value: 4, adjudication: .line, rationale: "Clinical data", source: "test MUE"),
    MUEEntry(code: "92507", value: 1, adjudication: .dateOfServicePolicy, rationale: "CMS policy", source: "test MUE"),
    MUEEntry(code: "97110", value: 3, adjudication: .dateOfServiceClinical, rationale: "Clinical data", source: "test MUE"),
])

private func others(_ claim: Claim, _ services: [Claim.OtherService]) -> Claim {
    withContext(claim) { $0.otherServicesToday = services }
}

@Suite("Conflicts: PTP pairs, group, evaluations, co-treatment, MUE")
struct ConflictTests {
    static let triggers: [TriggerCase] = [
        TriggerCase(.ptpNotPayable, "indicator 0 pair", makeClaim([line("97161", 45, units: 1), line("97150", 45, units: 1)]),
                    rules: ptpRules),
        TriggerCase(.ptpModifierRequired, "97140 + 97530 without 59",
                    makeClaim([line("97140", 15, units: 1), line("97530", 30, units: 2)]), rules: ptpRules),
        TriggerCase(.separateIntervalsDocumentation, "97140 + 97530 with 59 on 97530",
                    makeClaim([line("97140", 15, units: 1), line("97530", 30, units: 2, ["GP", "59"])]), rules: ptpRules),
        TriggerCase(.groupWithOneOnOne, "97530 and 97150 same date",
                    makeClaim([line("97530", 30, units: 2), line("97150", 30, units: 1)])),
        TriggerCase(.evaluationSameDay, "commercial conservative profile, 97161 + 97530",
                    makeClaim([line("97161", 45, units: 1), line("97530", 30, units: 2)], payer: "commercial-ama")),
        TriggerCase(.evaluationMoreThanOne, "PT evaluation and PT re-evaluation",
                    makeClaim([line("97161", 45, units: 1), line("97164", 30, units: 1)])),
        TriggerCase(.evaluationPTAndOTSameProvider, "physician bills PT and OT evaluations",
                    makeClaim([line("97161", 45, units: 1, ["GP"]), line("97165", 45, units: 1, ["GO"])], role: .md)),
        TriggerCase(.coTreatmentDuplicate, "two clinicians bill 97530",
                    makeClaim([line("97530", 30, units: 2, clinician: "A"), line("97530", 30, units: 2, clinician: "B")])),
        TriggerCase(.coTreatmentOtherClaim, "OT bills 97530 on another claim",
                    others(cleanClaim(), [.init(code: "97530", role: .ot, clinicianId: "B")])),
        TriggerCase(.timedCodeGroupTime, "97530 for group time", makeClaim([line("97530", 30, units: 2, setting: .group)])),
        TriggerCase(.mueLineExceeded, "5 units of 97530 on one line, MUE 4",
                    makeClaim([line("97530", 75, units: 5)]), rules: mueRules),
        TriggerCase(.mueDateExceeded, "2 units of 92507, MUE 1 per date",
                    makeClaim([line("92507", 60, units: 2, ["GN"])], role: .slp), rules: mueRules),
    ]

    @Test(arguments: triggers)
    func firesOnTrigger(_ c: TriggerCase) {
        #expect(scrub(c).ids.contains(c.id))
    }

    @Test("The clean claim has no conflicts under a ruleset with PTP edits and MUEs")
    func cleanNoConflicts() {
        let rules = makeRules(ptp: [edit("97140", "97530", .allowed), edit("97161", "97150", .notAllowed)],
                              mues: [MUEEntry(code: "97530", value: 4, adjudication: .line, rationale: "x", source: "y")])
        let r = scrub(cleanClaim(), rules)
        #expect(r.conflicts.isEmpty)
        #expect(r.status == .clean)
    }

    @Test("PTP edits apply by date of service", arguments: [
        // (column 1, column 2, date of service, applies)
        ("97162", "97530", "2026-03-02", false),  // indicator 9: never
        ("97116", "97530", "2026-02-28", true),   // before the deletion date
        ("97116", "97530", "2026-03-01", false),  // deletion date is exclusive
        ("97112", "97530", "2026-03-31", false),  // not yet effective
        ("97140", "97530", "2026-03-02", true),
    ])
    func ptpByDate(_ c1: String, _ c2: String, _ dos: String, _ applies: Bool) {
        let r = scrub(makeClaim([line(c1, 15, units: 1), line(c2, 30, units: 2)], dos: dos), ptpRules)
        #expect(r.conflicts.contains { $0.column1 == c1 && $0.column2 == c2 } == applies)
    }

    @Test("Indicator 1 resolved only by a modifier on the column 2 code; resolved pairs are warnings")
    func indicatorOneResolution() {
        let onCol1 = scrub(makeClaim([line("97140", 15, units: 1, ["GP", "59"]), line("97530", 30, units: 2)]), ptpRules)
        #expect(onCol1.conflict(.ptpModifierRequired)?.lines == [0, 1])
        #expect(onCol1.status == .errors)
        let onCol2 = scrub(makeClaim([line("97140", 15, units: 1), line("97530", 30, units: 2, ["GP", "XU"])]), ptpRules)
        let c = onCol2.conflict(.separateIntervalsDocumentation)
        #expect(c?.resolved == true && c?.severity == .warning && c?.modifierIndicator == 1)
        #expect(c?.source == "test edit")
        #expect(onCol2.status == .warnings)
    }

    @Test("Indicator 0 cannot be bypassed by 59")
    func indicatorZero() {
        let r = scrub(makeClaim([line("97161", 45, units: 1), line("97150", 30, units: 1, ["GP", "59"])]), ptpRules)
        let c = r.conflict(.ptpNotPayable)
        #expect(c?.resolved == false && c?.modifierIndicator == 0 && c?.column2 == "97150")
    }

    @Test("PTP pairs are checked against services on other claims today")
    func ptpAgainstOtherServices() {
        let claim = others(makeClaim([line("97530", 30, units: 2)]), [.init(code: "97140", role: .pt)])
        let r = scrub(claim, ptpRules)
        let c = r.conflict(.ptpModifierRequired)
        #expect(c?.column1 == "97140" && c?.lines == [0])
        // The other service carrying 59 is column 1: no help.
        let other59 = others(makeClaim([line("97530", 30, units: 2)]), [.init(code: "97140", role: .pt, modifiers: ["GP", "59"])])
        #expect(scrub(other59, ptpRules).ids.contains(.ptpModifierRequired))
    }

    @Test("Group with one-on-one: 59/XU on the one-on-one code resolves it; group time lines are not paired")
    func groupResolution() {
        let r = scrub(makeClaim([line("97530", 30, units: 2, ["GP", "59"]), line("97150", 30, units: 1)]))
        #expect(r.conflict(.separateIntervalsDocumentation)?.resolved == true)
        #expect(!r.ids.contains(.groupWithOneOnOne))
        // Group on another claim counts too.
        let o = others(makeClaim([line("97530", 30, units: 2)]), [.init(code: "97150", role: .pt)])
        #expect(scrub(o).ids.contains(.groupWithOneOnOne))
    }

    @Test("The January 2020 evaluation edit follows the payer's window", arguments: [
        ("medicare", "2020-01-10", true), ("medicare", "2020-01-24", true), ("medicare", "2020-01-25", false),
        ("medicare", "2019-12-31", false), ("commercial-ama", "2026-03-02", true),
    ])
    func evaluationSameDayWindow(_ payer: String, _ dos: String, _ fires: Bool) {
        let rules = makeRules(effective: "2019-01-01", through: nil)
        let claim = makeClaim([line("97162", 45, units: 1), line("97530", 30, units: 2)], payer: payer, dos: dos)
        #expect(scrub(claim, rules).ids.contains(.evaluationSameDay) == fires)
    }

    @Test("Evaluation edit also sees an evaluation on another claim, and not a re-evaluation")
    func evaluationSameDayOtherClaim() {
        let o = others(makeClaim([line("97530", 30, units: 2)], payer: "commercial-ama"), [.init(code: "97165", role: .ot)])
        #expect(scrub(o).conflict(.evaluationSameDay)?.lines == [0])
        let reeval = makeClaim([line("97164", 30, units: 1), line("97530", 30, units: 2)], payer: "commercial-ama")
        #expect(!scrub(reeval).ids.contains(.evaluationSameDay))
    }

    @Test("One evaluation per discipline: a PT and an OT evaluation by different providers is fine")
    func evaluationsDifferentDisciplines() {
        let o = others(makeClaim([line("97161", 45, units: 1)]), [.init(code: "97165", role: .ot)])
        let r = scrub(o)
        #expect(!r.ids.contains(.evaluationMoreThanOne))
        #expect(!r.ids.contains(.evaluationPTAndOTSameProvider))
        let two = others(makeClaim([line("97161", 45, units: 1)]), [.init(code: "97163", role: .pt)])
        #expect(scrub(two).ids.contains(.evaluationMoreThanOne))
    }

    @Test("Co-treatment counts the patient's minutes once")
    func coTreatmentMinutesOnce() {
        let r = scrub(makeClaim([line("97530", 30, clinician: "A"), line("97530", 30, clinician: "B")]))
        #expect(r.unitsByLine == [2, 0])
        #expect(r.totalTimedMinutes == 30)
        #expect(!r.ids.contains(.timedCodeMultipleLines))
        // Same clinician on another claim with a different code: no co-treatment warning.
        let o = others(cleanClaim(), [.init(code: "97535", role: .ot, clinicianId: "B")])
        #expect(!scrub(o).ids.contains(.coTreatmentOtherClaim))
    }

    @Test("Group or concurrent time on a timed code earns no units", arguments: [Setting.group, .concurrent])
    func groupTimeNoUnits(_ s: Setting) {
        let r = scrub(makeClaim([line("97530", 30, setting: s), line("97110", 15)]))
        #expect(r.unitsByLine == [0, 1])
        #expect(r.finding(.timedCodeGroupTime)?.lines == [0])
        #expect(!scrub(makeClaim([line("97530", 30, units: 2, setting: .individual)])).ids.contains(.timedCodeGroupTime))
    }

    @Test("MUE: line edits per line, date edits summed over lines")
    func mueLineAndDate() {
        #expect(!scrub(makeClaim([line("97530", 60, units: 4)]), mueRules).ids.contains(.mueLineExceeded))
        // 97110 MAI 3 value 3: 2 + 2 units over two lines exceed it as a sum.
        let sum = makeClaim([line("97110", 30, units: 2), line("97110", 30, units: 2)], payer: "commercial-ama")
        let r = scrub(sum, mueRules)
        #expect(r.finding(.mueDateExceeded)?.lines == [0, 1])
        #expect(!scrub(makeClaim([line("97110", 45, units: 3)]), mueRules).ids.contains(.mueDateExceeded))
    }
}
