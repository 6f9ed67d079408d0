import Testing
@testable import ClaimRules

private func by(_ role: Role, supervisor: Claim.Supervisor? = nil, payer: String = "medicare",
                _ change: ((inout Claim.Context) -> Void)? = nil) -> Claim {
    var c = cleanClaim()
    c.provider.role = role
    c.supervisor = supervisor
    c.payer = payer
    if let change { c = withContext(c, change) }
    return c
}

@Suite("Provider: roles, supervision, students, assistants")
struct ProviderTests {
    static let triggers: [TriggerCase] = [
        TriggerCase(.providerRoleNotAllowed, "chiropractor under Medicare", by(.dc)),
        TriggerCase(.providerRoleNotAllowed, "athletic trainer under Medicare", by(.atc)),
        TriggerCase(.providerRoleNotAllowed, "aide under Medicare", by(.aide)),
        TriggerCase(.supervisorRequired, "PTA without a supervisor", by(.pta)),
        TriggerCase(.supervisorNotQualified, "PTA supervised by a physician (incident-to)", by(.pta, supervisor: .init(role: .md))),
        TriggerCase(.supervisorNotQualified, "PTA supervised by an OT", by(.pta, supervisor: .init(role: .ot))),
        TriggerCase(.studentTimeNotBillable, "PT student with the therapist off site",
                    by(.ptStudent, supervisor: .init(role: .pt, onSite: false))),
        TriggerCase(.studentTherapistPresent, "PT student with the therapist present",
                    by(.ptStudent, supervisor: .init(role: .pt, onSite: true))),
        TriggerCase(.assistantChangedActivity, "assistant changed the activity, no supervision documented",
                    by(.pta, supervisor: .init(role: .pt, onSite: true)) {
                        $0.documentation?.activityChangedByAssistant = true
                        $0.documentation?.supervisionDocumented = false
                    }),
    ]

    @Test(arguments: triggers)
    func firesOnTrigger(_ c: TriggerCase) {
        #expect(scrub(c.claim, c.rules).ids.contains(c.id))
    }

    @Test("Therapists, physicians and NPPs may bill Medicare therapy", arguments: [Role.pt, .md, .doctorOfOsteopathy, .np, .pa, .cns])
    func allowedRoles(_ role: Role) {
        var c = by(role)
        if role != .pt { for i in c.lines.indices { c.lines[i].modifiers = ["GP"] } }
        let r = scrub(c)
        #expect(!r.ids.contains(.providerRoleNotAllowed))
        #expect(!r.ids.contains(.supervisorRequired))
    }

    @Test("A payer that allows chiropractors and athletic trainers does not flag them", arguments: [Role.dc, .atc])
    func commercialAllowsRoles(_ role: Role) {
        let c = by(role, payer: "commercial-ama")
        #expect(!scrub(c).ids.contains(.providerRoleNotAllowed))
    }

    @Test("A PTA supervised by a PT is fine; students' time is billable where the payer allows it")
    func supervisedAssistantAndStudentPolicy() {
        let pta = scrub(by(.pta, supervisor: .init(role: .pt, onSite: true)))
        #expect(!pta.ids.contains(.supervisorRequired) && !pta.ids.contains(.supervisorNotQualified))
        var p = makeMedicare()
        p.id = "student-ok"
        p.studentTimeBillable = true
        let rules = makeRules(payers: [p])
        let r = scrub(by(.otStudent, supervisor: .init(role: .ot, onSite: false), payer: "student-ok"), rules)
        #expect(!r.ids.contains(.studentTimeNotBillable) && !r.ids.contains(.studentTherapistPresent))
    }

    @Test("A student supervised by the wrong discipline's therapist is not billable")
    func studentWrongSupervisor() {
        let r = scrub(by(.otStudent, supervisor: .init(role: .pt, onSite: true)))
        #expect(r.ids.contains(.studentTimeNotBillable))
        #expect(r.ids.contains(.supervisorNotQualified))
    }

    @Test("An assistant's change with documented supervision is fine")
    func assistantChangeDocumented() {
        let c = by(.pta, supervisor: .init(role: .pt, onSite: true)) {
            $0.documentation?.activityChangedByAssistant = true
            $0.documentation?.supervisionDocumented = true
        }
        #expect(!scrub(c).ids.contains(.assistantChangedActivity))
    }
}
