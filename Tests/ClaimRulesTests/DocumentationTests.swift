import Testing
@testable import ClaimRules

private func doc(_ change: @escaping @Sendable (inout Claim.Documentation) -> Void) -> Claim {
    withContext(cleanClaim()) { ctx in
        var d = ctx.documentation ?? Claim.Documentation()
        change(&d)
        ctx.documentation = d
    }
}

private func poc(_ from: String?, _ through: String?, dos: String = defaultDOS) -> Claim {
    var c = withContext(cleanClaim()) {
        $0.planOfCare = Claim.PlanOfCare(certifiedFrom: from.map(d), certifiedThrough: through.map(d), goalIds: ["G1"])
    }
    c.dateOfService = d(dos)
    return c
}

@Suite("Documentation: progress reports, skilled need, note elements, plan of care")
struct DocumentationTests {
    static let triggers: [TriggerCase] = [
        TriggerCase(.progressReportDue, "10th treatment day, no report",
                    withContext(cleanClaim()) { $0.treatmentDaysSinceProgressReport = 10 }),
        TriggerCase(.continuedNeedUndocumented, "visit 11 without continued need",
                    withContext(doc { $0.continuedSkilledNeed = false }) { $0.visitNumber = 11 }),
        TriggerCase(.activityDescriptionMissing, "97530 without activity description", doc { $0.activityDescription = nil }),
        TriggerCase(.assistanceTypeMissing, "97530 without assistance type", doc { $0.assistanceType = false }),
        TriggerCase(.assistanceLevelMissing, "97530 without assistance level", doc { $0.assistanceLevel = nil }),
        TriggerCase(.goalLinkMissing, "no goal ids", doc { $0.goalIds = [] }),
        TriggerCase(.goalLinkMissing, "goal ids not in the plan", doc { $0.goalIds = ["G9"] }),
        TriggerCase(.functionalDeficitsMissing, "no functional deficits", doc { $0.functionalDeficits = false }),
        TriggerCase(.documentationNotProvided, "no documentation object",
                    withContext(cleanClaim()) { $0.documentation = nil }),
        TriggerCase(.dateOutsidePlanOfCare, "before certification", poc("2026-03-03", "2026-05-01")),
        TriggerCase(.dateOutsidePlanOfCare, "after certification", poc("2026-01-01", "2026-03-01")),
        TriggerCase(.dateOutsidePlanOfCare, "day 91 of an open certification", poc("2025-12-02", nil)),
        TriggerCase(.certificationTooLong, "certified 120 days", poc("2026-02-01", "2026-05-31")),
    ]

    @Test(arguments: triggers)
    func firesOnTrigger(_ c: TriggerCase) {
        #expect(scrub(c.claim, c.rules).ids.contains(c.id))
    }

    @Test("Progress report: day 9 is not due; a report written today clears it")
    func progressReport() {
        #expect(!scrub(withContext(cleanClaim()) { $0.treatmentDaysSinceProgressReport = 9 }).ids.contains(.progressReportDue))
        let today = withContext(cleanClaim()) {
            $0.treatmentDaysSinceProgressReport = 12
            $0.progressReportToday = true
        }
        #expect(!scrub(today).ids.contains(.progressReportDue))
    }

    @Test("Visits: visit 10 needs nothing; visit 11 with continued need documented is fine")
    func continuedNeed() {
        #expect(!scrub(withContext(doc { $0.continuedSkilledNeed = nil }) { $0.visitNumber = 10 }).ids.contains(.continuedNeedUndocumented))
        #expect(!scrub(withContext(cleanClaim()) { $0.visitNumber = 11 }).ids.contains(.continuedNeedUndocumented))
    }

    @Test("Activity elements apply only when 97530 is billed")
    func activityOnlyFor97530() {
        var c = doc { $0.activityDescription = false; $0.assistanceType = false; $0.assistanceLevel = false }
        c.lines.removeFirst()
        let r = scrub(c)
        #expect(!r.ids.contains(.activityDescriptionMissing))
        #expect(!r.ids.contains(.assistanceTypeMissing))
        #expect(!r.ids.contains(.assistanceLevelMissing))
    }

    @Test("An evaluation-only visit is not asked for goal links or functional deficits")
    func evaluationOnlyVisit() {
        let c = withContext(makeClaim([line("97161", 45, units: 1)])) { $0.documentation = Claim.Documentation() }
        let r = scrub(c)
        #expect(!r.ids.contains(.goalLinkMissing))
        #expect(!r.ids.contains(.functionalDeficitsMissing))
        // With a treatment code on the claim, they apply.
        let t = withContext(makeClaim([line("97161", 45, units: 1), line("97110", 15, units: 1)])) { $0.documentation = Claim.Documentation() }
        #expect(scrub(t).ids.isSuperset(of: [.goalLinkMissing, .functionalDeficitsMissing]))
    }

    @Test("Plan of care: the 90th day is inside, the 91st outside; 90-day certification is fine")
    func planOfCareBoundaries() {
        // 2025-12-03 + 89 days = 2026-03-02 (day 90).
        #expect(!scrub(poc("2025-12-03", nil)).ids.contains(.dateOutsidePlanOfCare))
        #expect(scrub(poc("2025-12-02", nil)).ids.contains(.dateOutsidePlanOfCare))
        let ninety = scrub(poc("2026-02-01", "2026-05-01"))  // 90 days counting both ends
        #expect(!ninety.ids.contains(.certificationTooLong))
        #expect(!ninety.ids.contains(.dateOutsidePlanOfCare))
    }

    @Test("Documentation checks can be switched off per payer, and no info is reported then")
    func documentationOff() {
        var p = makeMedicare()
        p.documentationChecks = false
        let c = withContext(cleanClaim()) {
            $0.documentation = nil
            $0.treatmentDaysSinceProgressReport = 20
        }
        let r = scrub(c, makeRules(payers: [p]))
        #expect(!r.ids.contains(.documentationNotProvided))
        #expect(!r.ids.contains(.progressReportDue))
    }

    @Test("Messages carry no patient data: no claim id, NPI, clinician id or dates of the claim")
    func messagesHaveNoPatientData() {
        var c = withContext(cleanClaim()) {
            $0.documentation = Claim.Documentation()
            $0.visitNumber = 30
            $0.treatmentDaysSinceProgressReport = 30
            $0.planOfCare = Claim.PlanOfCare(certifiedFrom: d("2025-06-01"), certifiedThrough: d("2025-12-31"), goalIds: ["G1"])
            $0.otherServicesToday = [.init(code: "97530", role: .ot, clinicianId: "CLIN-SECRET-2")]
        }
        c.claimId = "CLAIM-SECRET"
        c.provider = .init(npi: "1999999999", role: .pta)
        c.supervisor = .init(npi: "1888888888", role: .md)
        c.lines[0].clinicianId = "CLIN-SECRET-1"
        c.lines[0].modifiers = ["GO", "CQ", "KX", "59", "GA"]
        let r = scrub(c)
        #expect(r.errors.count + r.warnings.count + r.conflicts.count > 10)
        let texts = (r.errors + r.warnings).flatMap { [$0.message, $0.fix] } + r.conflicts.flatMap { [$0.message, $0.fix] }
        for t in texts {
            for secret in ["CLAIM-SECRET", "1999999999", "1888888888", "CLIN-SECRET", "2025-06-01", "2025-12-31", "2026-03-02"] {
                #expect(!t.contains(secret), "\(t)")
            }
        }
    }
}
