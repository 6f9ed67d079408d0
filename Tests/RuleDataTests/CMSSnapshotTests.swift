import ClaimRules
import Foundation
import Testing
@testable import RuleData

/// The CMS practitioner edits in force on 2024-07-01 as published (a verbatim copy of the therapy extract in
/// `Tests/Fixtures/cms-ncci-2024-07-01/`), read here independently of the loader so that the expectations below come
/// from the CMS rows, not from our own parser or hand-typed pairs.
enum CMSSnapshot {
    struct PTPRow: Equatable {
        var column1: String
        var column2: String
        /// `*` or the CMS deletion date.
        var deletion: String
        var modifier: Int
        var rationale: String
        var inForce: Bool { deletion == "*" }
    }

    struct MUERow: Equatable {
        var code: String
        var value: Int
        var mai: Int
        var rationale: String
    }

    static let directory = ShippedConfig.packageRoot.appending(path: "Tests/Fixtures/cms-ncci-2024-07-01")

    static func ptpRows() throws -> [PTPRow] {
        let text = try String(contentsOf: directory.appending(path: "ptp-therapy-2024-07-01.tsv"), encoding: .utf8)
        var rows: [PTPRow] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("column1") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 5, let modifier = Int(f[3]) else { throw CocoaError(.fileReadCorruptFile) }
            rows.append(PTPRow(column1: f[0], column2: f[1], deletion: f[2], modifier: modifier, rationale: f[4]))
        }
        return rows
    }

    static func mueRows() throws -> [MUERow] {
        let text = try String(contentsOf: directory.appending(path: "mue-therapy-2024-07-01.csv"), encoding: .utf8)
        var rows: [MUERow] = []
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 5, let value = Int(f[1]), let mai = Int(f[2]) else { throw CocoaError(.fileReadCorruptFile) }
            rows.append(MUERow(code: f[0], value: value, mai: mai, rationale: f[3]))
        }
        return rows
    }

    /// A Medicare claim of a PT on `dos` with one line per code (15 minutes each, GP), plus `modifiers` on `code`.
    static func claim(_ codes: [String], on dos: String = "2024-08-15", role: Role = .pt, modifiers: [String: [String]] = [:],
                      minutes: Int = 15, units: Int? = nil) -> Claim {
        Claim(payer: "medicare", dateOfService: CalendarDate(dos), provider: .init(npi: "1234567893", role: role),
              lines: codes.map { Claim.Line(code: $0, minutes: minutes, units: units, modifiers: ["GP"] + (modifiers[$0] ?? [])) })
    }

    static let ptpIDs: Set<FindingID> = [.ptpNotPayable, .ptpModifierRequired, .separateIntervalsDocumentation]
}

@Suite struct CMSSnapshotTests {
    private let rules: RuleSet
    init() throws { rules = try RuleSetLoader.loadDefault() }

    @Test func shippedTablesAreTheCMSRowsInCMSOrderWithNoDatesMadeUp() throws {
        var problems: [RuleDataProblem] = []
        let files = try ShippedConfig.rules()
        let shipped = PTPPairsFile.parse(try #require(files.files[PTPPairsFile.fileName]), file: "ptp-pairs.tsv", problems: &problems)
        #expect(problems.isEmpty)
        let cms = try CMSSnapshot.ptpRows()
        #expect(cms.count == 1492)
        #expect(cms.filter(\.inForce).count == 678)
        #expect(shipped.count == cms.count)
        for (edit, row) in zip(shipped, cms) {
            let asRow = CMSSnapshot.PTPRow(column1: edit.column1, column2: edit.column2,
                                           deletion: edit.deletion.map { String($0.yyyymmdd) } ?? "*",
                                           modifier: Int(edit.modifierIndicator.rawValue), rationale: edit.rationale)
            #expect(asRow == row)
            #expect(edit.effective == nil)
        }
        let mues = MUEFile.parse(try #require(files.files[MUEFile.fileName]), file: "mues.tsv", problems: &problems)
        #expect(problems.isEmpty)
        let cmsMUEs = try CMSSnapshot.mueRows()
        #expect(cmsMUEs.count == 177)
        #expect(mues.map { CMSSnapshot.MUERow(code: $0.code, value: $0.value, mai: $0.adjudication.rawValue, rationale: $0.rationale) } == cmsMUEs)
    }

    /// Done when: with no import, a 2024-08-15 claim gets every pair in force in the CMS table, with CMS's column order
    /// and indicator. Every in-force row is tried (the PT/OT pairs and the rest); the lines are sent column 2 first, so
    /// the order in the result comes from the table, not from the claim.
    @Test func everyPairInForceOn20240701IsReportedWithCMSColumnOrderAndIndicator() throws {
        let inForce = try CMSSnapshot.ptpRows().filter(\.inForce)
        let ptot = inForce.filter { [$0.column1, $0.column2].allSatisfy { code in
            rules.codes[code].map { $0.disciplines.contains(.pt) || $0.disciplines.contains(.ot) } ?? false } }
        #expect(ptot.count > 100, "the PT/OT pairs of the table: \(ptot.count)")
        for row in inForce {
            let result = Scrubber.scrub(CMSSnapshot.claim([row.column2, row.column1]), rules: rules)
            let pair = result.conflicts.filter { Set([$0.column1, $0.column2]) == Set([row.column1, row.column2]) }
            #expect(pair.count == 1, "\(row.column1)/\(row.column2): \(pair.map(\.id.rawValue))")
            guard let conflict = pair.first else { continue }
            #expect(conflict.column1 == row.column1 && conflict.column2 == row.column2, "\(row.column1)/\(row.column2)")
            #expect(conflict.modifierIndicator == row.modifier, "\(row.column1)/\(row.column2)")
            #expect(conflict.id == (row.modifier == 0 ? .ptpNotPayable : .ptpModifierRequired), "\(row.column1)/\(row.column2)")
            #expect(!conflict.resolved)
            #expect(conflict.source == "CMS NCCI practitioner PTP edits, version 2024-07-01 (2024 Q3)")
            #expect(conflict.lines == [1, 0])
        }
    }

    @Test(arguments: ["59", "XU"])
    func distinctServiceModifierOnColumnTwoResolvesIndicatorOneOnly(modifier: String) throws {
        for row in try CMSSnapshot.ptpRows().filter(\.inForce) {
            let claim = CMSSnapshot.claim([row.column1, row.column2], modifiers: [row.column2: [modifier]])
            let pair = Scrubber.scrub(claim, rules: rules).conflicts.filter { $0.column1 == row.column1 && $0.column2 == row.column2 }
            #expect(pair.count == 1, "\(row.column1)/\(row.column2)")
            if row.modifier == 1 {
                #expect(pair.first?.id == .separateIntervalsDocumentation && pair.first?.resolved == true, "\(row.column1)/\(row.column2)")
            } else {
                #expect(pair.first?.id == .ptpNotPayable && pair.first?.resolved == false, "\(row.column1)/\(row.column2)")
            }
        }
    }

    /// Done when: none of the ended pairs fires, on the date checked and on dates before their deletion.
    @Test(arguments: ["2024-08-15", "2019-06-03", "2003-05-05"])
    func pairsNoLongerInForceNeverFire(dos: String) throws {
        let rows = try CMSSnapshot.ptpRows()
        // Pairs without a row in force in either column order (CMS sometimes ended A/B and keeps B/A in force).
        let inForce = Set(rows.filter(\.inForce).flatMap { [$0.column1 + "/" + $0.column2, $0.column2 + "/" + $0.column1] })
        let ended = rows.filter { !inForce.contains($0.column1 + "/" + $0.column2) }
        #expect(ended.contains { $0.column1 == "97140" && $0.column2 == "97530" })
        #expect(ended.contains { $0.column1 == "97530" && $0.column2 == "97164" })
        var tried = Set<String>()
        for row in ended where tried.insert(row.column1 + "/" + row.column2).inserted {
            let result = Scrubber.scrub(CMSSnapshot.claim([row.column1, row.column2], on: dos), rules: rules)
            let ptp = result.conflicts.filter { CMSSnapshot.ptpIDs.contains($0.id) && Set([$0.column1, $0.column2]) == Set([row.column1, row.column2]) }
            #expect(ptp.isEmpty, "\(row.column1)/\(row.column2) on \(dos)")
        }
        #expect(tried.count > 400)
    }

    /// Done when: MUE findings at 7 units of 97530, 97110 and 97140 (MUE 6 per date, MAI 3), none at 6.
    @Test(arguments: ["97530", "97110", "97140"])
    func mueOfSixUnitsPerDate(code: String) throws {
        let seven = Scrubber.scrub(CMSSnapshot.claim([code], minutes: 105, units: 7), rules: rules)
        let finding = seven.errors.first { $0.id == .mueDateExceeded }
        #expect(finding?.lines == [0])
        #expect(finding?.message.contains("its MUE is 6 per date of service") == true)
        #expect(finding?.source == "CMS NCCI practitioner services MUE table, version 2024-07-01 (2024 Q3)")
        let six = Scrubber.scrub(CMSSnapshot.claim([code], minutes: 90, units: 6), rules: rules)
        #expect(!six.allFindingIDs.contains(.mueDateExceeded) && !six.allFindingIDs.contains(.mueLineExceeded))
        #expect(six.lines.first?.units == 6)
    }

    /// Done when: an SLP billing 97530 with GN is clean of discipline errors (TheraPlatform, "CPT code 97530"; the CMS
    /// table pairs 92507/92508/92526 with 97530), as is an SLP plan billed by a physician with GN.
    @Test(arguments: [Role.slp, .md])
    func speechLanguagePathologyMayBill97530(role: Role) throws {
        let claim = Claim(payer: "medicare", dateOfService: CalendarDate("2024-08-15"), provider: .init(npi: "1234567893", role: role),
                          lines: [Claim.Line(code: "97530", minutes: 30, units: 2, modifiers: ["GN"]),
                                  Claim.Line(code: "92507", units: 1, modifiers: ["GN"])])
        let result = Scrubber.scrub(claim, rules: rules)
        let ids = Set(result.allFindingIDs)
        #expect(!ids.contains(.disciplineNotAllowedForCode) && !ids.contains(.therapyModifierMismatch), "\(ids.map(\.rawValue))")
        #expect(result.lines.map(\.requiredModifiers) == [["GN"], ["GN"]])
        // 92507/97530 is an indicator-1 pair of the table: the one finding left is the NCCI edit.
        #expect(result.conflicts.map(\.id) == [.ptpModifierRequired])
        #expect(result.conflicts.first?.column1 == "92507")
    }

    @Test func disciplinesFollowTheCitedSources() throws {
        for code in ["97530", "97110", "97112", "97150"] { #expect(rules.codes[code]?.disciplines == [.pt, .ot, .slp], "\(code)") }
        for code in ["97140", "97116", "97035", "97750", "G0283"] { #expect(rules.codes[code]?.disciplines == [.pt, .ot], "\(code)") }
        for code in ["92507", "92508", "92521", "92526"] { #expect(rules.codes[code]?.disciplines == [.slp], "\(code)") }
    }

    /// One fact, one finding: where a CMS edit covers a pair, the policy checks that say the same do not add theirs.
    @Test func groupAndEvaluationPoliciesDoNotRepeatTheCMSEdit() throws {
        let group = Scrubber.scrub(CMSSnapshot.claim(["97150", "97530"]), rules: rules)
        #expect(group.conflicts.map(\.id) == [.ptpModifierRequired])
        #expect(group.conflicts.first?.column1 == "97150" && group.conflicts.first?.column2 == "97530")
        // 97035 with 97150 is not in the CMS table: the group policy reports it.
        let ultrasound = Scrubber.scrub(CMSSnapshot.claim(["97150", "97035"]), rules: rules)
        #expect(ultrasound.conflicts.map(\.id) == [.groupWithOneOnOne])
        let evaluations = Scrubber.scrub(CMSSnapshot.claim(["97161", "97164"]), rules: rules)
        #expect(evaluations.conflicts.map(\.id) == [.ptpNotPayable])
        #expect(evaluations.conflicts.first?.column1 == "97161" && evaluations.conflicts.first?.column2 == "97164")
        // 92521 with 92522 is not in the CMS table: the one-evaluation-per-discipline policy reports it.
        let speech = Scrubber.scrub(CMSSnapshot.claim(["92521", "92522"], role: .slp), rules: rules)
        #expect(speech.conflicts.map(\.id) == [.evaluationMoreThanOne])
        // The same evaluation twice is no CMS pair: the policy reports it.
        let twice = Scrubber.scrub(CMSSnapshot.claim(["97161", "97161"]), rules: rules)
        #expect(twice.conflicts.map(\.id) == [.evaluationMoreThanOne])
        // Three PT evaluations: every pair is a CMS edit, so no policy finding on top.
        let three = Scrubber.scrub(CMSSnapshot.claim(["97161", "97162", "97163"]), rules: rules)
        #expect(Set(three.conflicts.map(\.id)) == [.ptpNotPayable])
        #expect(three.conflicts.count == 3)
    }

    @Test func ptpMessageSaysWhatTheModifierMustShowForThePair() throws {
        // 97150/97530: a timed therapy code in the pair, so separate 15-minute intervals (NCCI Policy Manual ch. XI §P.2).
        let timed = try #require(Scrubber.scrub(CMSSnapshot.claim(["97150", "97530"]), rules: rules).conflicts.first)
        #expect(timed.message.contains("59 or XU for a separate time interval"))
        // 92508/92507: two untimed speech codes, so a distinct session, site or practitioner (ch. I §E).
        let untimed = try #require(Scrubber.scrub(CMSSnapshot.claim(["92508", "92507"], role: .slp), rules: rules).conflicts.first)
        #expect(untimed.column1 == "92508" && untimed.modifierIndicator == 1)
        #expect(!untimed.message.contains("15-minute") && !untimed.fix.contains("15-minute"))
        #expect(untimed.message.contains("a separate session or encounter, a different site or structure, or a different practitioner"))
        let bypassed = try #require(Scrubber.scrub(CMSSnapshot.claim(["92508", "92507"], role: .slp, modifiers: ["92507": ["XE"]]), rules: rules).conflicts.first)
        #expect(bypassed.id == .separateIntervalsDocumentation && bypassed.resolved)
        #expect(!bypassed.message.contains("15-minute"))
    }

    /// Outside 2024-07-01..2024-09-30 one info finding says the edits are the snapshot and how to import the quarter;
    /// no RULESET_NOT_IN_FORCE warning on top, and the status is unchanged.
    @Test(arguments: [("2024-08-15", false), ("2024-07-01", false), ("2024-09-30", false), ("2024-06-30", true),
                      ("2024-10-01", true), ("2026-03-02", true), ("2019-06-03", true)])
    func snapshotNoticeOutsideItsQuarter(dos: String, expected: Bool) throws {
        let result = Scrubber.scrub(CMSSnapshot.claim(["97530"], on: dos, minutes: 30, units: 2), rules: rules)
        let notices = result.warnings.filter { $0.id == .ncciEditsSnapshot }
        #expect(notices.count == (expected ? 1 : 0))
        #expect(!result.allFindingIDs.contains(.rulesetNotInForce))
        if let notice = notices.first {
            #expect(notice.severity == .info)
            #expect(notice.message.contains("the CMS practitioner NCCI edits in force on 2024-07-01"))
            #expect(notice.message.contains("2024-07-01 to 2024-09-30"))
            #expect(notice.fix.contains("claim-scrubber import-ncci"))
            #expect(!notice.message.contains(dos) && !notice.fix.contains(dos), "no claim dates in messages")
        }
        // The same claim inside the quarter has the same status: the notice never changes it.
        let inside = Scrubber.scrub(CMSSnapshot.claim(["97530"], on: "2024-08-15", minutes: 30, units: 2), rules: rules)
        #expect(result.status == inside.status)
    }

    @Test func anImportedQuarterKeepsTheWarningAndNoSnapshotNotice() throws {
        var quarter = rules
        quarter.snapshot = nil
        let result = Scrubber.scrub(CMSSnapshot.claim(["97530"], on: "2026-03-02", minutes: 30, units: 2), rules: quarter)
        #expect(result.warnings.filter { $0.id == .rulesetNotInForce }.count == 1)
        #expect(!result.allFindingIDs.contains(.ncciEditsSnapshot))
        #expect(result.status == .warnings)
    }
}
