import Testing
@testable import ClaimRules

/// Checks across the claims of a batch (`CrossClaimChecker`): duplicates and co-treatment keyed by
/// patient and line date, visit counting in date order, and the memory bound.
@Suite struct CrossClaimCheckerTests {
    static func claim(_ patient: String?, _ dos: String = defaultDOS, _ lines: [Claim.Line] = [line("97530", 30, units: 2)],
                      npi: String = "1234567893", context: Claim.Context? = nil) -> Claim {
        var c = makeClaim(lines, dos: dos, context: context)
        c.provider.npi = npi
        c.patientRef = patient
        return c
    }

    static func dated(_ code: String, _ dos: String, _ modifiers: [String] = ["GP"]) -> Claim.Line {
        var l = line(code, 30, units: 2, modifiers)
        l.dateOfService = d(dos)
        return l
    }

    static let triggers: [TriggerCase] = [
        TriggerCase(.duplicateService, "the same 97530 GP for the same patient and date on two claims",
                    claim("patient-1"), earlier: [claim("patient-1")]),
        TriggerCase(.coTreatmentOtherClaim, "97530 by another clinician on an earlier claim of the batch",
                    claim("patient-1", npi: "1987654321"), earlier: [claim("patient-1")]),
        TriggerCase(.batchHistoryIncomplete, "a patient forgotten past a tiny memory bound comes back",
                    claim("patient-1", "2026-03-03"),
                    earlier: [claim("patient-1")] + (0..<20).map { claim("other-\($0)") }, memoryBudget: 2000),
    ]

    /// Admits `claims` as batch lines 1...n and returns each one's facts.
    func run(_ claims: [Claim], budget: Int = CrossClaimChecker.defaultMemoryBudget) -> [CrossClaimFacts] {
        var checker = CrossClaimChecker(memoryBudget: budget)
        return claims.enumerated().map { checker.admit($1, line: $0 + 1, rules: makeRules()) }
    }

    // MARK: - Duplicates and co-treatment

    @Test func theLaterClaimCarriesTheDuplicateNamingTheEarlierLine() {
        let facts = run([Self.claim("p"), Self.claim("q"), Self.claim("p", "2026-03-02", [line("97110", 15, units: 1), line("97530", 30, units: 2)])])
        #expect(facts[0] == .none && facts[1] == .none)
        let finding = facts[2].findings.first
        #expect(facts[2].findings.count == 1)
        #expect(finding?.id == .duplicateService)
        #expect(finding?.severity == .error)
        #expect(finding?.lines == [1])
        #expect(finding?.batchLines == [1])
        #expect(finding?.message == "97530 with the same modifiers is already billed for this patient on the same date of service on the claim at batch line 1; the payer will deny one of them as a duplicate.")
    }

    @Test func modifiersCompareAsASetAndEveryEarlierClaimIsNamed() {
        let facts = run([Self.claim("p", defaultDOS, [line("97530", 30, units: 2, ["GP", "59"])]),
                         Self.claim("p", defaultDOS, [line("97530", 30, units: 2, ["59", "GP"])]),
                         Self.claim("p", defaultDOS, [line("97530", 30, units: 2, ["GP", "59"])])])
        #expect(facts[1].findings.map(\.batchLines) == [[1]])
        #expect(facts[2].findings.map(\.batchLines) == [[1, 2]])
        #expect(facts[2].findings.first?.message.contains("on the claims at batch lines 1, 2;") == true)
    }

    @Test(arguments: [
        ("another patient", claim("q")),
        ("another date", claim("p", "2026-03-03")),
        ("another code", claim("p", defaultDOS, [line("97110", 30, units: 2)])),
        ("other modifiers", claim("p", defaultDOS, [line("97530", 30, units: 2, ["GP", "59"])])),
        ("no patient", claim(nil)),
    ])
    func noDuplicateWithoutTheSamePatientDateCodeAndModifiers(_ what: String, _ later: Claim) {
        #expect(run([Self.claim("p"), later])[1].findings.isEmpty, "\(what)")
    }

    /// Lines carry their own dates: services are keyed per line date, not per claim.
    @Test func servicesAreKeyedByEachLinesOwnDate() {
        let spanning = Self.claim("p", "2026-03-02", [Self.dated("97530", "2026-03-02"), Self.dated("97110", "2026-03-05")])
        let facts = run([spanning, Self.claim("p", "2026-03-05", [line("97110", 30, units: 2)]),
                         Self.claim("p", "2026-03-05", [line("97530", 30, units: 2)])])
        #expect(facts[1].findings.map(\.id) == [.duplicateService])
        #expect(facts[2].findings.isEmpty)
    }

    @Test func aTimedCodeByAnotherClinicianIsCoTreatmentNotADuplicate() {
        var byLine = Self.claim("p")
        byLine.lines[0].clinicianId = "ot-7"
        let facts = run([Self.claim("p"), byLine, Self.claim("p", npi: "1987654321")])
        #expect(facts[1].findings.map(\.id) == [.coTreatmentOtherClaim])
        #expect(facts[1].findings.first?.batchLines == [1])
        #expect(facts[1].findings.first?.severity == .warning)
        // Line 3's NPI differs from line 1's, and line 2's clinician too.
        #expect(facts[2].findings.map(\.id) == [.coTreatmentOtherClaim])
        #expect(facts[2].findings.first?.batchLines == [1, 2])
    }

    @Test func anUntimedCodeByAnotherClinicianIsADuplicate() {
        let evaluation = [line("97161", 45, units: 1)]
        let facts = run([Self.claim("p", defaultDOS, evaluation), Self.claim("p", defaultDOS, evaluation, npi: "1987654321")])
        #expect(facts[1].findings.map(\.id) == [.duplicateService])
    }

    /// Without both clinicians known, the same service is a duplicate.
    @Test func anUnknownClinicianMakesTheSameServiceADuplicate() {
        var unknown = Self.claim("p")
        unknown.provider.npi = nil
        #expect(run([Self.claim("p"), unknown])[1].findings.map(\.id) == [.duplicateService])
    }

    @Test func theScrubReportsTheFindingsAndTheStatusFollows() {
        let facts = run([Self.claim("p"), Self.claim("p")])
        let alone = Scrubber.scrub(Self.claim("p"), rules: makeRules())
        let batched = Scrubber.scrub(Self.claim("p"), rules: makeRules(), crossClaim: facts[1])
        #expect(alone.status != .errors)
        #expect(batched.status == .errors)
        #expect(batched.errors.last?.id == .duplicateService)
        #expect(batched.errors.dropLast() == alone.errors[...])
    }

    @Test func messagesNeverNameThePatientOrTheDates() {
        let reference = "MRN-000123-SECRET"
        var claims = [Self.claim(reference, "2026-03-02"), Self.claim(reference, "2026-03-02", npi: "1987654321"),
                      Self.claim(reference, "2026-03-02")]
        for k in 3...12 {
            claims.append(Self.claim(reference, "2026-03-\(k < 10 ? "0" : "")\(k)", context: Claim.Context(progressReportToday: false)))
        }
        var checker = CrossClaimChecker()
        for (k, c) in claims.enumerated() {
            let facts = checker.admit(c, line: k + 1, rules: makeRules())
            let result = Scrubber.scrub(c, rules: makeRules(), crossClaim: facts)
            for f in result.errors + result.warnings {
                #expect(!f.message.contains(reference) && !f.fix.contains(reference))
                #expect(!f.message.contains("2026-"))
            }
        }
    }

    // MARK: - Counting visits

    @Test func visitsAreCountedFromTheEarlierClaimsInDateOrder() {
        let facts = run([Self.claim("p", "2026-03-02"), Self.claim("p", "2026-03-04"), Self.claim("p", "2026-03-03"),
                         Self.claim("p", "2026-03-04")])
        #expect(facts[0].visitNumber == nil)
        #expect(facts[1].visitNumber == .init(value: 2, lines: [1]))
        // Out of date order: counted where its date falls among the claims seen so far.
        #expect(facts[2].visitNumber == .init(value: 2, lines: [1]))
        // A second claim on a known date adds no treatment day.
        #expect(facts[3].visitNumber == .init(value: 3, lines: [1, 2, 3]))
        #expect(facts[3].treatmentDaysSinceProgressReport?.value == 3)
    }

    @Test func aStatedCountAnchorsTheLaterDates() {
        let facts = run([Self.claim("p", "2026-03-02", context: Claim.Context(treatmentDaysSinceProgressReport: 8, visitNumber: 14)),
                         Self.claim("p", "2026-03-04"), Self.claim("p", "2026-03-05")])
        #expect(facts[1].visitNumber == .init(value: 15, lines: [1]))
        #expect(facts[2].visitNumber == .init(value: 16, lines: [1, 2]))
        #expect(facts[2].treatmentDaysSinceProgressReport == .init(value: 10, lines: [1, 2]))
    }

    @Test func aProgressReportRestartsTheDaysSinceIt() {
        var claims = [Self.claim("p", "2026-03-02", context: Claim.Context(visitNumber: 20, progressReportToday: true))]
        for day in 3...5 { claims.append(Self.claim("p", "2026-03-0\(day)")) }
        let facts = run(claims)
        #expect(facts[3].treatmentDaysSinceProgressReport == .init(value: 3, lines: [1, 2, 3]))
        #expect(facts[3].visitNumber?.value == 23)
    }

    /// The engine uses a derived count only where the claim states none, and says where it came from.
    @Test func aDerivedCountDrivesTheDocumentationFindings() {
        var claims = [Self.claim("p", "2026-02-20", context: Claim.Context(treatmentDaysSinceProgressReport: 1, visitNumber: 9,
                                                                         progressReportToday: false))]
        claims.append(Self.claim("p", "2026-02-23", context: withNote(Claim.Context())))
        claims.append(Self.claim("p", "2026-02-25", context: withNote(Claim.Context())))
        var stated = withNote(Claim.Context())
        stated.visitNumber = 2
        claims.append(Self.claim("p", "2026-02-27", context: stated))
        var checker = CrossClaimChecker()
        let rules = makeRules()
        let results = claims.enumerated().map { k, c in
            Scrubber.scrub(c, rules: rules, crossClaim: checker.admit(c, line: k + 1, rules: rules))
        }
        #expect(results[1].finding(.continuedNeedUndocumented) == nil)
        let due = results[2].finding(.continuedNeedUndocumented)
        #expect(due?.message == "This is visit 11 (counted from this patient's earlier claims in the batch, batch lines 1, 2); beyond 10 visits the note must show the continued need for skilled therapy.")
        #expect(due?.batchLines == [1, 2])
        // A claim that states its visit number is judged by it.
        #expect(results[3].finding(.continuedNeedUndocumented) == nil)
    }

    private func withNote(_ context: Claim.Context) -> Claim.Context {
        var c = context
        var doc = fullDocumentation()
        doc.continuedSkilledNeed = false
        c.documentation = doc
        return c
    }

    // MARK: - Memory bound

    @Test func theStateStaysWithinItsBudgetAndForgetsTheLeastRecentlySeen() {
        let budget = 64 * 1024
        var checker = CrossClaimChecker(memoryBudget: budget)
        let rules = makeRules()
        for k in 0..<2000 {
            _ = checker.admit(Self.claim("patient-\(k)"), line: k + 1, rules: rules)
            #expect(checker.bytesUsed <= budget)
        }
        #expect(checker.forgottenCount > 0)
        #expect(checker.patientCount < 2000)
        // The most recent patient is remembered; the first one was forgotten and is told so.
        #expect(checker.admit(Self.claim("patient-1999"), line: 2001, rules: rules).findings.map(\.id) == [.duplicateService])
        let back = checker.admit(Self.claim("patient-0"), line: 2002, rules: rules)
        #expect(back.historyIncomplete)
        #expect(back.findings.isEmpty)
    }

    @Test func aPatientPastThePerPatientBoundIsForgotten() {
        var checker = CrossClaimChecker()
        let rules = makeRules()
        let many = (0..<50).map { _ in line("97530", 30, units: 2) }
        for k in 0...(CrossClaimChecker.maxServicesPerPatient / 50) {
            _ = checker.admit(Self.claim("p", defaultDOS, many), line: k + 1, rules: rules)
        }
        #expect(checker.forgottenCount == 1)
        #expect(checker.admit(Self.claim("p"), line: 1000, rules: rules).historyIncomplete)
    }

    @Test func theSameBatchGivesTheSameFacts() {
        let claims = (0..<300).map { Self.claim("p\($0 % 17)", "2026-03-\(10 + $0 % 9)") }
        #expect(run(claims, budget: 8192) == run(claims, budget: 8192))
    }
}
