import Testing
@testable import ClaimRules

/// `claim` with `codes` as its diagnoses and, line by line, `pointers` (a missing entry leaves the line's alone).
func withDiagnoses(_ claim: Claim, _ codes: [String]?, pointers: [[Int]?] = []) -> Claim {
    var c = claim
    c.diagnoses = codes
    for (i, p) in pointers.enumerated() where i < c.lines.count { c.lines[i].diagnosisPointers = p }
    return c
}

private let catalog = makeCatalog()
private let twoLines = makeClaim([line("97530", 30, units: 2), line("97110", 23, units: 2)])

@Suite("Diagnoses: ICD-10-CM codes, pointers, first-listed rules, the release per date of service")
struct DiagnosisTests {
    static let triggers: [TriggerCase] = [
        TriggerCase(.diagnosisMissing, "an empty diagnosis list", withDiagnoses(twoLines, [])),
        TriggerCase(.diagnosisMissing, "charges but no diagnoses", {
            var c = twoLines
            c.totalCharge = Money(cents: 20000)
            c.lines[0].charge = Money(cents: 12000)
            c.lines[1].charge = Money(cents: 8000)
            return c
        }()),
        TriggerCase(.diagnosisPointerMissing, "a line without pointers", withDiagnoses(twoLines, ["M62.81"], pointers: [[1]]),
                    diagnosisCodes: catalog),
        TriggerCase(.diagnosisPointerInvalid, "pointer 3 of 1 diagnosis", withDiagnoses(twoLines, ["M62.81"], pointers: [[1], [3]]),
                    diagnosisCodes: catalog),
        TriggerCase(.diagnosisTooManyPointers, "5 pointers on a line",
                    withDiagnoses(twoLines, ["M62.81", "R26.2", "M54.50", "I69.351", "M62.81"], pointers: [[1, 2, 3, 4, 5], [1]]),
                    diagnosisCodes: catalog),
        TriggerCase(.diagnosisDuplicate, "M62.81 and m6281", withDiagnoses(twoLines, ["M62.81", "m6281"], pointers: [[1], [2]]),
                    diagnosisCodes: catalog),
        TriggerCase(.diagnosisNotValid, "a code not in the release", withDiagnoses(twoLines, ["M62.89"], pointers: [[1], [1]]),
                    diagnosisCodes: catalog),
        TriggerCase(.diagnosisNotBillable, "a subcategory heading", withDiagnoses(twoLines, ["M62.8"], pointers: [[1], [1]]),
                    diagnosisCodes: catalog),
        TriggerCase(.diagnosisCodeSetUnavailable, "only the FY2027 release is loaded",
                    withDiagnoses(twoLines, ["M62.81"], pointers: [[1], [1]]),
                    diagnosisCodes: ICD10CMCatalog([makeCodeSet(id: "icd10cm-2027", effective: "2026-10-01", through: "2027-09-30")])),
        TriggerCase(.diagnosisCodeSetEarlierRelease, "only the FY2025 release is loaded",
                    withDiagnoses(twoLines, ["M62.81"], pointers: [[1], [1]]),
                    diagnosisCodes: ICD10CMCatalog([makeCodeSet(id: "icd10cm-2025", effective: "2024-10-01", through: "2025-09-30")])),
        TriggerCase(.diagnosisNotConfirmed, "a code the newest earlier release lacks",
                    withDiagnoses(twoLines, ["M62.89"], pointers: [[1], [1]]),
                    diagnosisCodes: ICD10CMCatalog([makeCodeSet(id: "icd10cm-2025", effective: "2024-10-01", through: "2025-09-30")])),
        TriggerCase(.diagnosisExternalCauseFirst, "a fall first-listed",
                    withDiagnoses(twoLines, ["W19.XXXA", "M62.81"], pointers: [[2], [2]]), diagnosisCodes: catalog),
        TriggerCase(.diagnosisManifestationFirst, "a manifestation code first on a line",
                    withDiagnoses(twoLines, ["M62.81", "G99.2"], pointers: [[2, 1], [1]]), diagnosisCodes: catalog),
    ]

    @Test(arguments: triggers)
    func firesOnTrigger(_ c: TriggerCase) {
        #expect(scrub(c).ids.contains(c.id))
    }

    @Test("Valid, billable, pointed-to diagnoses with or without the dot raise nothing")
    func validDiagnoses() {
        let r = scrub(withDiagnoses(twoLines, ["m62.81", "R262"], pointers: [[1, 2], [2]]), makeRules(), catalog)
        #expect(r.status == .clean)
        #expect(r.errors.isEmpty && r.warnings.isEmpty)
    }

    @Test("A visit claim without diagnoses or billing content is not asked for diagnoses")
    func legacyClaimsAreNotAskedForDiagnoses() {
        let r = scrub(cleanClaim(), makeRules(), catalog)
        #expect(r.status == .clean && r.warnings.isEmpty)
    }

    @Test("Pointers: each to an existing position, at most 4, none twice")
    func pointerRules() {
        let r = scrub(withDiagnoses(twoLines, ["M62.81", "R26.2"], pointers: [[1, 1], [0, 2]]), makeRules(), catalog)
        let invalid = r.errors.filter { $0.id == .diagnosisPointerInvalid }
        #expect(invalid.map(\.lines) == [[0], [1]])
        #expect(!r.ids.contains(.diagnosisTooManyPointers))
        // Pointers without any diagnosis: every one points to a missing position, and diagnoses are missing.
        let none = scrub(withDiagnoses(twoLines, nil, pointers: [[1], [1]]))
        #expect(none.ids.contains(.diagnosisMissing))
        #expect(none.errors.filter { $0.id == .diagnosisPointerInvalid }.count == 2)
    }

    @Test("An external-cause code may follow, not lead: first on the claim or first on a line")
    func externalCause() {
        let second = scrub(withDiagnoses(twoLines, ["M62.81", "W19.XXXA"], pointers: [[1, 2], [1]]), makeRules(), catalog)
        #expect(!second.ids.contains(.diagnosisExternalCauseFirst))
        let onLine = scrub(withDiagnoses(twoLines, ["M62.81", "W19.XXXA"], pointers: [[1, 2], [2, 1]]), makeRules(), catalog)
        #expect(onLine.finding(.diagnosisExternalCauseFirst)?.lines == [1])
        let claimFirst = scrub(withDiagnoses(twoLines, ["W19.XXXA", "M62.81"], pointers: [[2], [2]]), makeRules(), catalog)
        #expect(claimFirst.finding(.diagnosisExternalCauseFirst)?.lines == [])
    }

    @Test("Each diagnosis is checked against the release in force on the date of the lines that point to it")
    func releasePerDate() {
        let fy2025 = makeCodeSet(id: "icd10cm-2025", effective: "2024-10-01", through: "2025-09-30")
        let fy2026 = makeCodeSet(id: "icd10cm-2026", effective: "2025-10-01", through: "2026-09-30",
                                 extra: ["M6285": ICD10CMEntry(billable: true)])
        let both = ICD10CMCatalog([fy2026, fy2025])
        let rules = makeRules(effective: "2025-07-01", through: "2025-12-31")
        let claim = withDiagnoses(
            multiDate([on("2025-09-29", line("97530", 30, units: 2)), on("2025-10-02", line("97530", 30, units: 2))]),
            ["M62.85", "M62.81"], pointers: [[2], [1]])
        let r = scrub(claim, rules, both)
        #expect(!r.ids.contains(.diagnosisNotValid))
        // The new code pointed to from the September line: not a code of the FY2025 release.
        let early = withDiagnoses(claim, ["M62.85", "M62.81"], pointers: [[1], [2]])
        let f = scrub(early, rules, both).finding(.diagnosisNotValid)
        #expect(f?.lines == [0])
        #expect(f?.message.contains("icd10cm-2025") == true)
    }

    @Test("Dates no loaded release covers are said once, as info, and their codes are not judged; no release at all is silence")
    func unavailableOnce() {
        let claim = withDiagnoses(twoLines, ["Q99.999", "M62.81"], pointers: [[1], [2]])
        let none = scrub(claim)
        #expect(none.errors.isEmpty && none.warnings.isEmpty && none.status == .clean)
        let later = ICD10CMCatalog([makeCodeSet(id: "icd10cm-2027", effective: "2026-10-01", through: "2027-09-30")])
        let r = scrub(claim, makeRules(), later)
        #expect(r.warnings.filter { $0.id == .diagnosisCodeSetUnavailable }.count == 1)
        #expect(r.finding(.diagnosisCodeSetUnavailable)?.severity == .info)
        #expect(!r.ids.contains(.diagnosisNotValid))
        #expect(r.status == .clean)
        // Covered and uncovered dates together: only the uncovered lines are named.
        let mixed = withDiagnoses(multiDate([on("2025-09-29", line("97530", 30, units: 2)), on("2026-03-02", line("97530", 30, units: 2))]),
                                  ["M62.81"], pointers: [[1], [1]])
        #expect(scrub(mixed, makeRules(through: nil), catalog).finding(.diagnosisCodeSetUnavailable)?.lines == [0])
    }

    @Test("A date after every loaded release is judged by the newest earlier one, with warnings, never errors")
    func earlierReleaseStandsIn() throws {
        // The FY2026 test release judges November 2026: M62.89 is not in it, M62.8 is a heading there, M62.81 billable.
        let claim = withDiagnoses(multiDate([on("2026-11-02", line("97530", 30, units: 2)), on("2026-11-04", line("97110", 23, units: 2))]),
                                  ["M62.81", "M62.89", "M62.8"], pointers: [[1, 2], [1, 3]])
        let r = scrub(claim, makeRules(through: nil), catalog)
        #expect(!r.ids.contains(.diagnosisNotValid) && !r.ids.contains(.diagnosisNotBillable))
        #expect(!r.ids.contains(.diagnosisCodeSetUnavailable))
        #expect(!r.errors.contains { $0.id.rawValue.hasPrefix("DIAGNOSIS") })
        let unconfirmed = r.warnings.filter { $0.id == .diagnosisNotConfirmed }
        #expect(unconfirmed.map(\.lines) == [[0], [1]])
        #expect(unconfirmed.allSatisfy { $0.severity == .warning && $0.message.contains("icd10cm-test-2026") && $0.message.contains("2026-09-30") })
        #expect(unconfirmed.allSatisfy { $0.fix.contains("claim-scrubber import-icd10cm") })
        #expect(unconfirmed[1].message.contains("heading"))
        let notice = try #require(r.finding(.diagnosisCodeSetEarlierRelease))
        #expect(notice.severity == .info && notice.lines.isEmpty)
        #expect(notice.message.contains("icd10cm-test-2026"))
        #expect(r.warnings.filter { $0.id == .diagnosisCodeSetEarlierRelease }.count == 1)

        // Billable there: only the notice. A covered date beside a later one: the notice names the later lines.
        let fine = withDiagnoses(claim, ["M62.81"], pointers: [[1], [1]])
        let quiet = scrub(fine, makeRules(through: nil), catalog)
        #expect(!quiet.errors.contains { $0.id.rawValue.hasPrefix("DIAGNOSIS") })
        #expect(quiet.finding(.diagnosisCodeSetEarlierRelease) != nil && !quiet.ids.contains(.diagnosisNotConfirmed))
        let mixed = withDiagnoses(multiDate([on("2026-09-29", line("97530", 30, units: 2)), on("2026-10-05", line("97530", 30, units: 2))]),
                                  ["M62.89"], pointers: [[1], [1]])
        let m = scrub(mixed, makeRules(through: nil), catalog)
        #expect(m.finding(.diagnosisCodeSetEarlierRelease)?.lines == [1])
        // The release in force on September 29 says with certainty that M62.89 is no code: an error, and no warning.
        #expect(m.finding(.diagnosisNotValid)?.lines == [0, 1])
        #expect(!m.ids.contains(.diagnosisNotConfirmed))
        // With the later release loaded, it judges the date, and the earlier one is not consulted.
        let fy2027 = makeCodeSet(id: "icd10cm-2027", effective: "2026-10-01", through: "2027-09-30", extra: ["M6289": ICD10CMEntry(billable: true)])
        let current = scrub(claim, makeRules(through: nil), ICD10CMCatalog([makeCodeSet(), fy2027]))
        #expect(!current.ids.contains(.diagnosisCodeSetEarlierRelease) && !current.ids.contains(.diagnosisNotConfirmed))
        #expect(current.finding(.diagnosisNotBillable)?.lines == [1])
    }

    @Test("Messages name diagnoses by position, never by code")
    func noCodesInMessages() {
        let claim = withDiagnoses(twoLines, ["W19.XXXA", "M62.89", "M62.8", "G99.2", "W19.XXXA"], pointers: [[1, 4], [7, 2, 3, 4, 5]])
        let r = scrub(claim, makeRules(), catalog)
        #expect(r.errors.count >= 5)
        for f in r.errors + r.warnings {
            for code in ["W19", "M62", "G99", "M628"] { #expect(!f.message.contains(code), "\(f.message)") }
        }
    }
}
