import Testing
@testable import ClaimRules

private func ytd(_ ptSlp: Double?, _ ot: Double? = nil) -> Claim {
    withContext(cleanClaim()) { $0.yearToDateAllowed = Claim.YearToDateAllowed(ptSlp: ptSlp, ot: ot) }
}

private func withModifiers(_ mods: [[String]]) -> Claim {
    var c = cleanClaim()
    for (i, m) in mods.enumerated() { c.lines[i].modifiers = m }
    return c
}

@Suite("Modifiers: GP/GO/GN, CQ/CO, KX, slots")
struct ModifierTests {
    static let triggers: [TriggerCase] = [
        TriggerCase(.therapyModifierMissing, "97530 without GP", makeClaim([line("97530", 30, units: 2, [])])),
        TriggerCase(.therapyModifierMissing, "physician without any therapy modifier",
                    makeClaim([line("97530", 30, units: 2, nil)], role: .md)),
        TriggerCase(.therapyModifierMultiple, "GP and GO on one line", makeClaim([line("97530", 30, units: 2, ["GP", "GO"])])),
        TriggerCase(.therapyModifierMismatch, "PT bills with GO", makeClaim([line("97530", 30, units: 2, ["GO"])])),
        TriggerCase(.therapyModifierMismatch, "SLP evaluation with GP billed by a physician",
                    makeClaim([line("92521", 40, units: 1, ["GP"])], role: .md)),
        TriggerCase(.disciplineNotAllowedForCode, "PT bills an OT evaluation",
                    makeClaim([line("97165", 45, units: 1, ["GO"])])),
        TriggerCase(.assistantModifierMissing, "assistant furnished 20 of 30 minutes",
                    makeClaim([line("97110", 30, units: 2, assistant: 20)])),
        TriggerCase(.assistantModifierMismatch, "CQ with GO", makeClaim([line("97530", 30, units: 2, ["GO", "CQ"], assistant: 20)], role: .ot)),
        TriggerCase(.assistantModifierNotSupported, "CQ with 1 assistant minute",
                    makeClaim([line("97110", 30, units: 2, ["GP", "CQ"], assistant: 1)])),
        TriggerCase(.kxModifierMissing, "PT+SLP year to date over the 2026 threshold", ytd(2500)),
        TriggerCase(.kxWithoutThreshold, "KX far below the threshold",
                    withContext(withModifiers([["GP", "KX"]])) { $0.yearToDateAllowed = .init(ptSlp: 800, ot: 0) }),
        TriggerCase(.kxWithoutThreshold, "KX with no year-to-date amounts",
                    withContext(withModifiers([["GP", "KX"]])) { $0.yearToDateAllowed = nil }),
        TriggerCase(.targetedReviewThreshold, "year to date at $3,100",
                    withContext(withModifiers([["GP", "KX"], ["GP", "KX"], ["GP", "KX"], ["GP", "KX"]])) {
                        $0.yearToDateAllowed = .init(ptSlp: 3100, ot: 0)
                    }),
        TriggerCase(.tooManyModifiers, "5 modifiers", makeClaim([line("97530", 30, units: 2, ["GP", "59", "KX", "GA", "76"])])),
    ]

    @Test(arguments: triggers)
    func firesOnTrigger(_ c: TriggerCase) {
        #expect(scrub(c.claim, c.rules).ids.contains(c.id))
    }

    @Test("The clean claim's lines need exactly GP and nothing is missing or unexpected")
    func cleanModifiers() {
        let r = scrub(cleanClaim())
        for l in r.lines {
            #expect(l.requiredModifiers == ["GP"])
            #expect(l.missingModifiers.isEmpty && l.unexpectedModifiers.isEmpty)
        }
        #expect(r.status == .clean)
    }

    @Test("Discipline-specific evaluation codes take their discipline's modifier", arguments: [
        ("97161", Role.pt, "GP"), ("97165", Role.ot, "GO"), ("92521", Role.slp, "GN"), ("92522", Role.md, "GN"),
    ])
    func evaluationModifiers(_ code: String, _ role: Role, _ modifier: String) {
        let r = scrub(makeClaim([line(code, 45, units: 1, [])], role: role))
        #expect(r.lines[0].requiredModifiers == [modifier])
        #expect(r.lines[0].missingModifiers == [modifier])
        #expect(r.correctedClaim.lines[0].modifiers == [modifier])
    }

    @Test("A physician's discipline comes from the line's therapy modifier")
    func physicianUsesLineModifier() {
        let r = scrub(makeClaim([line("97530", 30, units: 2, ["GO"])], role: .md))
        #expect(r.lines[0].requiredModifiers == ["GO"])
        #expect(!r.ids.contains(.therapyModifierMismatch))
    }

    @Test("Wrong therapy modifier is unexpected and replaced in the corrected claim")
    func mismatchCorrected() {
        let r = scrub(makeClaim([line("97530", 30, units: 2, ["GO", "59"])]))
        #expect(r.lines[0].unexpectedModifiers == ["GO"])
        #expect(r.lines[0].missingModifiers == ["GP"])
        #expect(r.correctedClaim.lines[0].modifiers == ["59", "GP"])
    }

    @Test("Payers that do not require therapy modifiers do not flag them")
    func therapyModifiersOff() {
        var p = makeCommercialAMA()
        p.requireTherapyModifiers = false
        let r = scrub(makeClaim([line("97530", 30, units: 2, [])], payer: "commercial-ama"), makeRules(payers: [p]))
        #expect(!r.ids.contains(.therapyModifierMissing))
        #expect(r.lines[0].requiredModifiers.isEmpty)
    }

    /// (minutes, assistant minutes, CQ required): the 10% de minimis test judged per billed unit.
    @Test("CQ de minimis is judged per unit", arguments: [
        (30, 0, false), (30, 1, false), (30, 3, true), (45, 1, false), (45, 2, true), (23, 8, true),
        (38, 8, true), (30, 15, true), (15, 1, false), (15, 2, true), (60, 1, false),
    ])
    func deMinimisPerUnit(_ minutes: Int, _ assistant: Int, _ required: Bool) {
        let r = scrub(makeClaim([line("97110", minutes, assistant: assistant)]))
        #expect(r.lines[0].requiredModifiers.contains("CQ") == required)
        #expect(r.ids.contains(.assistantModifierMissing) == required)
    }

    @Test("Untimed codes are judged as a whole: CO when the OTA furnished more than 10%")
    func deMinimisUntimed() {
        #expect(scrub(makeClaim([line("97150", 40, units: 1, ["GO"], assistant: 5)], role: .ot)).lines[0].requiredModifiers == ["GO", "CO"])
        #expect(scrub(makeClaim([line("97150", 40, units: 1, ["GO"], assistant: 4)], role: .ot)).lines[0].requiredModifiers == ["GO"])
    }

    @Test("An assistant as the rendering provider furnished the service in whole")
    func assistantProviderNeedsCQ() {
        let claim = makeClaim([line("97530", 30, units: 2)], role: .pta, supervisor: .init(role: .pt, onSite: true))
        let r = scrub(claim)
        #expect(r.lines[0].requiredModifiers == ["GP", "CQ"])
        #expect(r.ids.contains(.assistantModifierMissing))
    }

    @Test("CQ/CO are not required before 2020-01-01")
    func assistantModifiersBefore2020() {
        let rules = makeRules(effective: "2019-01-01", through: nil)
        let r = scrub(makeClaim([line("97110", 30, units: 2, assistant: 20)], dos: "2019-12-31"), rules)
        #expect(!r.ids.contains(.assistantModifierMissing))
    }

    @Test("CQ with GP and the assistant over de minimis is clean")
    func cqProper() {
        let r = scrub(makeClaim([line("97110", 30, units: 2, ["GP", "CQ"], assistant: 20)]))
        #expect(!r.ids.contains(.assistantModifierMissing))
        #expect(!r.ids.contains(.assistantModifierMismatch))
        #expect(!r.ids.contains(.assistantModifierNotSupported))
    }

    @Test("KX: required at the threshold, OT separate from PT+SLP, near-threshold KX tolerated")
    func kxRules() {
        let at = ytd(2480)
        #expect(scrub(at).lines.allSatisfy { $0.requiredModifiers == ["GP", "KX"] })
        #expect(scrub(ytd(2479)).lines.allSatisfy { $0.requiredModifiers == ["GP"] })
        // OT line: only the OT amount matters.
        let ot = withContext(makeClaim([line("97530", 30, units: 2, ["GO"])], role: .ot)) {
            $0.yearToDateAllowed = .init(ptSlp: 5000, ot: 100)
        }
        #expect(!scrub(ot).ids.contains(.kxModifierMissing))
        // KX within the near margin ($500) of the threshold: no warning, not unexpected.
        let near = withContext(withModifiers([["GP", "KX"]])) { $0.yearToDateAllowed = .init(ptSlp: 2100, ot: 0) }
        let r = scrub(near)
        #expect(!r.ids.contains(.kxWithoutThreshold))
        #expect(r.lines[0].unexpectedModifiers.isEmpty)
    }

    @Test("Targeted review is info only: it does not change the status")
    func targetedReviewIsInfo() {
        let c = withContext(withModifiers([["GP", "KX"], ["GP", "KX"], ["GP", "KX"], ["GP", "KX"]])) {
            $0.yearToDateAllowed = .init(ptSlp: 3100, ot: 0)
        }
        let r = scrub(c)
        #expect(r.finding(.targetedReviewThreshold)?.severity == .info)
        #expect(r.status == .clean)
        #expect(!scrub(ytd(2999)).ids.contains(.targetedReviewThreshold))
    }

    @Test("The corrected claim keeps required modifiers within the 4 slots")
    func correctedWithinSlots() {
        let r = scrub(makeClaim([line("97110", 30, units: 2, ["GP", "59", "GA", "76"], assistant: 20)]))
        #expect(r.lines[0].missingModifiers == ["CQ"])
        #expect(r.correctedClaim.lines[0].modifiers == ["GP", "CQ", "59", "GA"])
        let again = scrub(r.correctedClaim)
        #expect(!again.ids.contains(.tooManyModifiers) && !again.ids.contains(.assistantModifierMissing))
        let five = scrub(makeClaim([line("97530", 30, units: 2, ["59", "GP", "KX", "GA", "76"])]))
        #expect(five.correctedClaim.lines[0].modifiers?.count == 4)
    }

    @Test("Four modifiers fit the claim form")
    func fourModifiersFit() {
        let r = scrub(makeClaim([line("97530", 30, units: 2, ["GP", "59", "GA", "76"])]))
        #expect(!r.ids.contains(.tooManyModifiers))
    }
}

@Suite("Modifier keys: the byte keys the engine compares stand for the same modifiers as String equality")
struct ModifierKeyTests {
    @Test func keysMatchTheTrackedModifiers() {
        let keys: [UInt16] = [ModifierKey.gp, ModifierKey.go, ModifierKey.gn, ModifierKey.cq, ModifierKey.co, ModifierKey.kx,
                              ModifierKey.m59, ModifierKey.xu, ModifierKey.xe, ModifierKey.xs, ModifierKey.xp]
        #expect(ModifierKey.tracked.compactMap(ModifierKey.ascii) == keys)
        for (b, k) in keys.enumerated() { #expect(ModifierKey.bit(k) == 1 << UInt16(b)) }
        #expect(ModifierKey.ascii("gp") != ModifierKey.gp)
        #expect(ModifierKey.ascii("GPX") == nil && ModifierKey.ascii("\u{E9}") == nil)
    }

    @Test func aModifierWithoutAKeyIsComparedAsAString() {
        // KELVIN SIGN is canonically equivalent to K, so Swift's String equality takes "\u{212A}X" for KX.
        #expect(ModifierKey.mask(["\u{212A}X"]) == ModifierKey.bit(ModifierKey.kx))
        #expect(ModifierKey.mask(["GP", "59", "ZZ"]) == ModifierKey.bit(ModifierKey.gp) | ModifierKey.bit(ModifierKey.m59))
        #expect(Discipline(therapyModifier: "GO") == .ot && Discipline(therapyModifier: "go") == nil)
    }
}

@Suite("Engine keys: the integer keys the engine compares decide as String equality does")
struct EngineKeyTests {
    @Test func requiredListsAreTheModifiersInTheirOrder() {
        let disciplines: [Discipline?] = [nil, .pt, .ot, .slp]
        for therapy in disciplines {
            for assistant in [nil, Discipline.pt, .ot] {
                for kx in [false, true] {
                    let r = RequiredModifiers(therapy: therapy, assistant: assistant, kx: kx)
                    var expected: [String] = []
                    if let therapy { expected.append(therapy.therapyModifier) }
                    if let a = assistant?.assistantModifier { expected.append(a) }
                    if kx { expected.append("KX") }
                    #expect(r.list == expected)
                    #expect(r.bits == ModifierKey.mask(expected))
                }
            }
        }
    }

    @Test func everyRoleHasABitOfItsOwn() {
        let bits = Role.allCases.map(\.bit)
        #expect(Set(bits).count == Role.allCases.count)
        #expect(bits.allSatisfy { $0 != 0 && $0 & ($0 - 1) == 0 })
    }

    @Test func linesBillTheSameCodeExactlyWhenTheCodesAreEqualStrings() {
        // KELVIN SIGN is canonically equivalent to K: a code without a packed key is compared as a String.
        let claim = makeClaim([line("97530", 30), line("97530", 20), line("\u{212A}0001", 10), line("K0001", 10),
                               line("97110", 15)])
        let rules = makeRules()
        let run = ScrubRun(claim: claim, rulesFor: { _ in rules })
        #expect(run.sameCode(0, 1))
        #expect(run.sameCode(2, 3))
        #expect(!run.sameCode(0, 4))
        #expect(!run.sameCode(3, 4))
        #expect(run.lines[2].codeKey == 0 && run.lines[3].codeKey != 0)
    }

    @Test func rolesThePayerAllowsAndSupervisesAreItsBits() {
        let box = PayerProfileBox(makeMedicare())
        for role in Role.allCases {
            #expect((box.allowedRoleBits & role.bit != 0) == box.profile.allowedRoles.contains(role))
            #expect((box.supervisedRoleBits & role.bit != 0) == box.profile.rolesNeedingSupervision.contains(role))
        }
    }

    @Test func smallNumbersAreTheirDecimalText() {
        for n in [-12, -1, 0, 1, 9, 10, 42, 99, 100, 101, 12_345] { #expect(MessageText.number(n) == String(n)) }
    }
}
