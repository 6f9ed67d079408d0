import Foundation
import Testing
@testable import ClaimRules

@Suite("Rule set: dates, PTP table, MUE table, payer profiles, ruleset window")
struct RuleSetTests {
    static let triggers: [TriggerCase] = [
        TriggerCase(.rulesetNotInForce, "DOS after the ruleset's window", makeClaim([line("97530", 30, units: 2)], dos: "2026-04-01")),
        TriggerCase(.rulesetNotInForce, "DOS before the ruleset's window", makeClaim([line("97530", 30, units: 2)], dos: "2025-12-31")),
        TriggerCase(.unknownPayer, "payer without profile", makeClaim([line("97530", 30, units: 2)], payer: "acme")),
        TriggerCase(.unknownCode, "code not in the table", makeClaim([line("99213", 30, units: 1)])),
        TriggerCase(.ncciEditsSnapshot, "snapshot ruleset, DOS after its window",
                    makeClaim([line("97530", 30, units: 2)], dos: "2026-04-01"), rules: snapshotRules()),
    ]

    /// The test ruleset marked as a snapshot of the edits in force on its first day.
    static func snapshotRules() -> RuleSet {
        var rules = makeRules()
        rules.snapshot = "test NCCI edits"
        return rules
    }

    @Test("A snapshot ruleset outside its window adds one info notice instead of the warning; the status stays")
    func snapshotNoticeReplacesTheWarning() {
        for dos in ["2026-04-01", "2025-12-31", "2030-06-01"] {
            let claim = makeClaim([line("97530", 30, units: 2)], dos: dos)
            let r = scrub(claim, RuleSetTests.snapshotRules())
            let notices = r.warnings.filter { $0.id == .ncciEditsSnapshot }
            #expect(notices.count == 1, "\(dos)")
            #expect(!r.ids.contains(.rulesetNotInForce))
            #expect(notices.first?.message.contains("the built-in snapshot of the test NCCI edits") == true)
            #expect(notices.first?.message.contains("2026-01-01 to 2026-03-31") == true)
            // The same claim under a ruleset whose window covers the date: the same status and other findings.
            let covered = scrub(claim, makeRules(effective: "2000-01-01", through: nil))
            #expect(r.status == covered.status, "\(dos)")
            #expect(r.ids.subtracting([.ncciEditsSnapshot]) == covered.ids, "\(dos)")
        }
        for dos in ["2026-01-01", "2026-03-31"] {
            #expect(scrub(makeClaim([line("97530", 30, units: 2)], dos: dos), RuleSetTests.snapshotRules()).warnings.isEmpty)
        }
        // Not a snapshot (an imported quarter): the warning, which does change the status.
        let quarter = scrub(makeClaim([line("97530", 30, units: 2)], dos: "2026-04-01"))
        #expect(quarter.warnings.map(\.id) == [.rulesetNotInForce])
        #expect(quarter.status == .warnings)
    }

    @Test(arguments: triggers)
    func firesOnTrigger(_ c: TriggerCase) {
        #expect(scrub(c.claim, c.rules).ids.contains(c.id))
    }

    @Test("The window's first and last days are in force")
    func windowEdges() {
        for dos in ["2026-01-01", "2026-03-31"] {
            #expect(!scrub(makeClaim([line("97530", 30, units: 2)], dos: dos)).ids.contains(.rulesetNotInForce))
        }
    }

    @Test("CalendarDate parses only real YYYY-MM-DD dates", arguments: [
        ("2026-03-02", true), ("2024-02-29", true), ("2026-02-29", false), ("2026-13-01", false), ("2026-00-10", false),
        ("2026-3-2", false), ("20260302", false), ("2026-03-02T00:00", false), ("", false), ("２０２６-03-02", false),
        ("0000-01-01", false), ("9999-12-31", true), ("2026-04-31", false), ("2000-02-29", true), ("1900-02-29", false),
    ])
    func parse(_ text: String, _ valid: Bool) {
        let date = CalendarDate(text)
        #expect((date != nil) == valid)
        if let date { #expect(date.description == text) }
    }

    @Test("CalendarDate day arithmetic and ordering")
    func arithmetic() throws {
        let a = try #require(CalendarDate("2020-01-01"))
        #expect(a.dayNumber == 18262)
        #expect(a.adding(days: 23) == CalendarDate("2020-01-24"))
        #expect(a.adding(days: 60) == CalendarDate("2020-03-01"))  // leap year
        #expect(a.adding(days: -1) == CalendarDate("2019-12-31"))
        #expect(try #require(CalendarDate("2026-02-01")).days(to: try #require(CalendarDate("2026-05-01"))) == 89)
        #expect(d("2019-12-31") < a && a < d("2020-01-02"))
        #expect(a.yyyymmdd == 20200101)
        #expect(CalendarDate(yyyymmdd: 20260229) == nil)
        for n in stride(from: -1000, to: 40000, by: 97) {
            #expect(CalendarDate(dayNumber: n)?.dayNumber == n)
        }
    }

    @Test("CalendarDate is Codable as a YYYY-MM-DD string and refuses impossible dates")
    func codable() throws {
        let data = try JSONEncoder().encode([CalendarDate("2026-03-02")])
        #expect(String(decoding: data, as: UTF8.self) == "[\"2026-03-02\"]")
        #expect(try JSONDecoder().decode([CalendarDate].self, from: Data("[\"2024-02-29\"]".utf8)) == [CalendarDate("2024-02-29")])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CalendarDate].self, from: Data("[\"2026-02-30\"]".utf8)) }
    }

    @Test("PTPTable finds pairs by column order and date, latest effective wins")
    func ptpLookup() {
        let t = PTPTable([
            edit("97140", "97530", .notAllowed, from: "2010-01-01", deletion: "2015-01-01"),
            edit("97140", "97530", .allowed, from: "2015-01-01"),
            edit("97161", "97530", .notAllowed, from: "2020-01-01", deletion: "2020-01-24"),
            edit("97110", "97150", .allowed),
        ])
        #expect(t.count == 4)
        #expect(t.edit(column1: "97140", column2: "97530", on: d("2012-06-01"))?.modifierIndicator == .notAllowed)
        #expect(t.edit(column1: "97140", column2: "97530", on: d("2015-01-01"))?.modifierIndicator == .allowed)
        #expect(t.edit(column1: "97530", column2: "97140", on: d("2026-01-01")) == nil)
        #expect(t.edit(column1: "97161", column2: "97530", on: d("2020-01-23")) != nil)
        #expect(t.edit(column1: "97161", column2: "97530", on: d("2020-01-24")) == nil)
        #expect(t.edit(column1: "99999", column2: "97530", on: d("2020-01-10")) == nil)
        let e = t.edit(column1: "97110", column2: "97150", on: d("2026-01-01"))
        #expect(e?.rationale == "Mutually exclusive procedures" && e?.source == "test edit" && e?.deletion == nil)
    }

    @Test("PTPTable packed rows are at most 24 bytes")
    func rowSize() {
        #expect(MemoryLayout<PTPTable.Row>.stride <= 24)
    }

    @Test("PTPTable fast init adopts valid packed arrays and equals the edit-list build")
    func fastInit() throws {
        let built = PTPTable([edit("A0001", "A0002", .allowed), edit("A0001", "A0003", .notAllowed, deletion: "2021-01-01")])
        let fast = try PTPTable(codes: built.codes, rows: built.rows, rationales: built.rationales, sources: built.sources)
        #expect(fast == built)
        #expect(fast.edit(column1: "A0001", column2: "A0003", on: d("2020-06-01"))?.modifierIndicator == .notAllowed)
    }

    @Test("PTPTable fast init refuses broken invariants", arguments: [
        "duplicateCode", "idRange", "stringRange", "indicator", "date", "deletion", "order",
    ])
    func fastInitRefuses(_ breakage: String) {
        var codes = ["97140", "97530", "97110"]
        var rows = [
            PTPTable.Row(column1: 0, column2: 1, effective: 20200101, deletion: PTPTable.noDeletion, indicator: 1, rationale: 0, source: 0),
            PTPTable.Row(column1: 0, column2: 2, effective: 20200101, deletion: 20210101, indicator: 0, rationale: 0, source: 0),
        ]
        switch breakage {
        case "duplicateCode": codes[2] = "97140"
        case "idRange": rows[1].column2 = 3
        case "stringRange": rows[0].source = 1
        case "indicator": rows[0].indicator = 2
        case "date": rows[0].effective = 20200230
        case "deletion": rows[1].deletion = 20191231
        default: rows.swapAt(0, 1)
        }
        #expect(throws: PTPTable.BuildError.self) {
            try PTPTable(codes: codes, rows: rows, rationales: ["r"], sources: ["s"])
        }
    }

    @Test("PayerProfile decodes a minimal JSON profile with documented defaults, and a full one")
    func payerProfileDecoding() throws {
        let minimal = #"{"id":"x","name":"X","unitMethod":"ama-per-code","allowedRoles":["PT","OT"]}"#
        let p = try JSONDecoder().decode(PayerProfile.self, from: Data(minimal.utf8))
        #expect(p.unitMethod == .amaPerCode && p.requireTherapyModifiers && p.maxModifiersPerLine == 4)
        #expect(p.assistantModifiers == nil && p.kxThresholds.isEmpty && p.progressReportEveryTreatmentDays == nil)
        let full = try JSONEncoder().encode(makeMedicare())
        #expect(try JSONDecoder().decode(PayerProfile.self, from: full) == makeMedicare())
        let bad = #"{"id":"x","name":"X","unitMethod":"per-minute","allowedRoles":["PT"]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PayerProfile.self, from: Data(bad.utf8)) }
    }

    @Test("An unknown payer falls back to Medicare rules and reports an error")
    func unknownPayerFallback() {
        let r = scrub(makeClaim([line("97530", 30, units: 2)], payer: "acme"))
        #expect(r.status == .errors)
        #expect(r.unitMethod == .cmsTotalTime)
        #expect(r.unitsByLine == [2])
    }

    @Test("Result carries the ruleset's id, effective date, quarter and digest")
    func rulesetRef() {
        let r = scrub(cleanClaim())
        #expect(r.ruleset == .init(id: "test-2026Q1", effective: d("2026-01-01"), quarter: "2026Q1", digest: "test"))
        #expect(r.claimId == "C-1" && r.payer == "medicare")
    }
}

@Suite("Rule set storage: indexes follow mutation, copies are independent")
struct RuleSetStorageTests {
    @Test("Setting ptp, mues, codes or payers after init takes effect; the original copy is unchanged")
    func mutationRebuildsIndexes() {
        let original = makeRules()
        var rules = original
        rules.ptp = PTPTable([edit("97140", "97530", .notAllowed)])
        rules.mues = MUETable([MUEEntry(code: "97530", value: 1, adjudication: .line, rationale: "r", source: "s")])
        var p = makeMedicare()
        p.id = "other"
        rules.payers["other"] = p
        let claim = makeClaim([line("97140", 15, units: 1), line("97530", 30, units: 2)], payer: "other")
        let r = scrub(claim, rules)
        #expect(r.ids.contains(.ptpNotPayable))
        #expect(r.ids.contains(.mueLineExceeded))
        #expect(!r.ids.contains(.unknownPayer))
        let before = scrub(claim, original)
        #expect(before.ids.contains(.unknownPayer))
        #expect(!before.ids.contains(.ptpNotPayable))
        var noCodes = original
        noCodes.codes = CodeTable([])
        #expect(scrub(cleanClaim(), noCodes).ids.contains(.unknownCode))
        #expect(!scrub(cleanClaim(), original).ids.contains(.unknownCode))
    }
}
