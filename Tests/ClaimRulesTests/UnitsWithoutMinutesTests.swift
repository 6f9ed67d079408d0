import Testing
@testable import ClaimRules

/// Medicare with the payer-profile ceiling on timed units per discipline and date (8, as shipped).
private let ceilingRules: RuleSet = {
    var medicare = makeMedicare()
    medicare.maxTimedUnitsPerDay = 8
    return makeRules(payers: [medicare, makeCommercialAMA()], mues: [
        MUEEntry(code: "97530", value: 6, adjudication: .dateOfServiceClinical, rationale: "Clinical data", source: "test MUE"),
    ])
}()

private func involved(_ l: Claim.Line, _ flag: Bool = true) -> Claim.Line {
    var l = l
    l.assistantInvolved = flag
    return l
}

@Suite("Units without minutes (837P): proposed units taken, plausibility, assistant pairing")
struct UnitsWithoutMinutesTests {
    static let triggers: [TriggerCase] = [
        TriggerCase(.eightMinuteRuleNotVerified, "97530 with 3 units and no minutes", makeClaim([line("97530", nil, units: 3)])),
        TriggerCase(.timedUnitsAboveDailyLimit, "9 timed PT units for one date without minutes",
                    makeClaim([line("97530", nil, units: 5), line("97110", nil, units: 4)]), rules: ceilingRules),
        TriggerCase(.assistantModifierUnverified, "an assistant took part, no minutes, no CQ",
                    makeClaim([involved(line("97110", nil, units: 2))])),
    ]

    @Test(arguments: triggers)
    func firesOnTrigger(_ c: TriggerCase) {
        #expect(scrub(c).ids.contains(c.id))
    }

    @Test("A timed line without minutes is not an error: its units are taken as proposed and the claim stays clean")
    func unitsTaken() {
        let claim = makeClaim([line("97530", nil, units: 3), line("97110", nil, units: 2)])
        let r = scrub(claim)
        #expect(r.status == .clean)
        #expect(r.errors.isEmpty)
        #expect(r.unitsByLine == [3, 2])
        #expect(r.warnings.map(\.id) == [.eightMinuteRuleNotVerified])
        #expect(r.warnings.first?.severity == .info)
        #expect(r.correctedClaim == claim)
        #expect(r.totalTimedMinutes == 0)
    }

    @Test("The 8-minute note is said exactly once per claim and names every line without minutes")
    func oneNotePerClaim() {
        let claim = multiDate([on("2026-03-02", line("97530", nil, units: 2)), on("2026-03-02", line("97110", 23, units: 2)),
                               on("2026-03-09", line("97140", nil, units: 1)), on("2026-03-16", line("97161", nil, units: 1))])
        let r = scrub(claim)
        let notes = r.warnings.filter { $0.id == .eightMinuteRuleNotVerified }
        #expect(notes.count == 1)
        #expect(notes.first?.lines == [0, 2])
        // The line with minutes is still verified on its own (23 minutes = 2 units).
        #expect(r.lines[1].units == 2)
        #expect(!r.ids.contains(.unitsAboveComputed))
    }

    @Test("With minutes, units work as before and no note is given")
    func withMinutesUnchanged() {
        let r = scrub(cleanClaim())
        #expect(!r.ids.contains(.eightMinuteRuleNotVerified))
    }

    @Test("The daily ceiling is per date and per discipline")
    func ceilingPerDateAndDiscipline() {
        let split = scrub(multiDate([on("2026-03-02", line("97530", nil, units: 5)), on("2026-03-09", line("97110", nil, units: 4))]),
                          ceilingRules)
        #expect(!split.ids.contains(.timedUnitsAboveDailyLimit))
        let disciplines = scrub(makeClaim([line("97530", nil, units: 5, ["GP"]), line("97110", nil, units: 4, ["GO"])], role: .md),
                                ceilingRules)
        #expect(!disciplines.ids.contains(.timedUnitsAboveDailyLimit))
        let over = scrub(makeClaim([line("97530", nil, units: 5), line("97110", 30, units: 2), line("97140", nil, units: 2)]),
                         ceilingRules)
        #expect(over.finding(.timedUnitsAboveDailyLimit)?.lines == [0, 1, 2])
        #expect(over.finding(.timedUnitsAboveDailyLimit)?.severity == .warning)
        // No ceiling in the profile: no check.
        #expect(!scrub(makeClaim([line("97530", nil, units: 5), line("97110", nil, units: 4)])).ids.contains(.timedUnitsAboveDailyLimit))
    }

    @Test("Without minutes the MUE still applies to the proposed units")
    func mueWithoutMinutes() {
        let r = scrub(makeClaim([line("97530", nil, units: 7)]), ceilingRules)
        #expect(r.ids.contains(.mueDateExceeded))
    }

    @Test("An untimed code is exactly 1 unit, minutes or not")
    func untimedOneUnit() {
        #expect(scrub(makeClaim([line("97161", nil, units: 2)])).ids.contains(.unitsAboveComputed))
        let one = scrub(makeClaim([line("97161", nil, units: 1)]))
        #expect(one.status == .clean && one.warnings.isEmpty)
    }

    @Test("assistantInvolved without minutes: pairing only, and a warning when CQ/CO is missing")
    func assistantInvolvedPairingOnly() {
        let missing = scrub(makeClaim([involved(line("97110", nil, units: 2))]))
        #expect(missing.finding(.assistantModifierUnverified)?.lines == [0])
        #expect(missing.lines[0].requiredModifiers == ["GP"])
        #expect(!missing.ids.contains(.assistantModifierMissing))

        let paired = scrub(makeClaim([involved(line("97110", nil, units: 2, ["GP", "CQ"]))]))
        #expect(!paired.ids.contains(.assistantModifierUnverified) && !paired.ids.contains(.assistantModifierNotSupported))
        #expect(paired.lines[0].unexpectedModifiers.isEmpty)

        let mismatched = scrub(makeClaim([involved(line("97110", nil, units: 2, ["GP", "CO"]))]))
        #expect(mismatched.ids.contains(.assistantModifierMismatch))
        #expect(mismatched.lines[0].unexpectedModifiers == ["CO"])

        // CQ on a line without minutes and no word of an assistant: it cannot be judged, so it is left alone.
        let unknown = scrub(makeClaim([line("97110", nil, units: 2, ["GP", "CQ"])]))
        #expect(!unknown.ids.contains(.assistantModifierNotSupported))
    }

    @Test("assistantInvolved with minutes but no assistantMinutes: the share is unknown, pairing only")
    func assistantInvolvedWithMinutes() {
        let r = scrub(makeClaim([involved(line("97110", 30, units: 2))]))
        #expect(r.ids.contains(.assistantModifierUnverified))
        // assistantMinutes wins when present: 20 of 30 minutes is well over the de minimis share.
        var l = involved(line("97110", 30, units: 2))
        l.assistantMinutes = 20
        let known = scrub(makeClaim([l]))
        #expect(known.ids.contains(.assistantModifierMissing))
        #expect(!known.ids.contains(.assistantModifierUnverified))
    }

    @Test("An assistant rendering a line without minutes furnished it in whole: CQ is required")
    func assistantRendering() {
        let r = scrub(makeClaim([line("97110", nil, units: 2)], role: .pta,
                                supervisor: Claim.Supervisor(npi: nil, role: .pt, onSite: true)))
        #expect(r.lines[0].requiredModifiers == ["GP", "CQ"])
        #expect(r.ids.contains(.assistantModifierMissing))
    }

    @Test("Duplicate timed lines without minutes are still one line per code and date")
    func duplicatesWithoutMinutes() {
        #expect(scrub(makeClaim([line("97110", nil, units: 1), line("97110", nil, units: 1)])).finding(.timedCodeMultipleLines)?.lines == [0, 1])
        #expect(scrub(makeClaim([line("97110", nil, units: 1, clinician: "A"), line("97110", nil, units: 1, clinician: "B")]))
            .ids.contains(.coTreatmentDuplicate))
    }
}
