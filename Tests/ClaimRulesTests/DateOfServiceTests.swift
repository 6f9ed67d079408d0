import Testing
@testable import ClaimRules

/// `line` with its own date of service (and optionally a date range).
func on(_ date: String, _ l: Claim.Line, through: String? = nil) -> Claim.Line {
    var l = l
    l.dateOfService = d(date)
    l.dateOfServiceThrough = through.map(d)
    return l
}

/// A claim whose lines carry their own dates and no claim-level default.
func multiDate(_ lines: [Claim.Line], payer: String = "medicare", role: Role = .pt,
               context: Claim.Context? = cleanContext()) -> Claim {
    var c = makeClaim(lines, payer: payer, role: role, context: context)
    c.dateOfService = nil
    return c
}

private let a = "2026-03-02", b = "2026-03-09", c3 = "2026-03-16"

private let pairRules = makeRules(ptp: [edit("97150", "97530", .allowed)], mues: [
    MUEEntry(code: "97530", value: 6, adjudication: .dateOfServiceClinical, rationale: "Clinical data", source: "test MUE"),
    MUEEntry(code: "97140", value: 2, adjudication: .line, rationale: "Clinical data", source: "test MUE"),
    MUEEntry(code: "97150", value: 1, adjudication: .dateOfServicePolicy, rationale: "CMS policy", source: "test MUE"),
])

@Suite("Dates of service: every per-date rule judged per date, date ranges, a rule set per date")
struct DateOfServiceTests {
    static let triggers: [TriggerCase] = [
        TriggerCase(.timedCodeDateRange, "97530 billed for 2026-03-02 to 2026-03-04",
                    multiDate([on(a, line("97530", 30, units: 2), through: "2026-03-04")])),
    ]

    @Test(arguments: triggers)
    func firesOnTrigger(_ c: TriggerCase) {
        #expect(scrub(c).ids.contains(c.id))
    }

    @Test("Timed minutes are pooled per date: 10 + 10 minutes on two dates are a unit each, not one unit in total")
    func unitsPerDate() {
        let r = scrub(multiDate([on(a, line("97110", 10, units: 1)), on(b, line("97140", 10, units: 1))]))
        #expect(r.unitsByLine == [1, 1])
        #expect(r.errors.isEmpty && r.warnings.isEmpty)
        // The same minutes on one date pool to a single unit (CMS total time).
        let same = scrub(multiDate([on(a, line("97110", 10, units: 1)), on(a, line("97140", 10, units: 1))]))
        #expect(same.unitsByLine.reduce(0, +) == 1)
        #expect(same.ids.contains(.unitsAboveComputed))
    }

    @Test("A timed code on two dates is two lines for two days; on one date it is a duplicate")
    func duplicatesPerDate() {
        let apart = scrub(multiDate([on(a, line("97110", 15, units: 1)), on(b, line("97110", 15, units: 1))]))
        #expect(!apart.ids.contains(.timedCodeMultipleLines))
        #expect(apart.unitsByLine == [1, 1])
        let together = scrub(multiDate([on(a, line("97110", 15, units: 1)), on(b, line("97530", 15, units: 1)),
                                        on(a, line("97110", 15, units: 1))]))
        #expect(together.finding(.timedCodeMultipleLines)?.lines == [0, 2])
    }

    @Test("Co-treatment is per date: two clinicians billing 97530 on different dates are not co-treating")
    func coTreatmentPerDate() {
        let apart = scrub(multiDate([on(a, line("97530", 30, units: 2, clinician: "A")),
                                     on(b, line("97530", 30, units: 2, clinician: "B"))]))
        #expect(!apart.ids.contains(.coTreatmentDuplicate))
        let together = scrub(multiDate([on(a, line("97530", 30, units: 2, clinician: "A")),
                                        on(a, line("97530", 30, units: 2, clinician: "B"))]))
        #expect(together.ids.contains(.coTreatmentDuplicate))
    }

    @Test("PTP edits and group with one-on-one are judged per date")
    func pairsPerDate() {
        let apart = scrub(multiDate([on(a, line("97150", 30, units: 1)), on(b, line("97530", 30, units: 2))]), pairRules)
        #expect(apart.conflicts.isEmpty)
        let claim = multiDate([on(a, line("97150", 30, units: 1)), on(b, line("97530", 30, units: 2)),
                               on(b, line("97150", 30, units: 1))])
        let r = scrub(claim, pairRules)
        // Only the second date's pair (lines 2 and 1; the PTP edit covers the group rule for the pair).
        #expect(r.conflicts.map(\.lines) == [[2, 1]])
        #expect(r.conflicts.map(\.id) == [.ptpModifierRequired])
        let noEdit = scrub(claim)
        #expect(noEdit.conflicts.map(\.id) == [.groupWithOneOnOne])
        #expect(noEdit.conflicts.map(\.lines) == [[2, 1]])
    }

    @Test("The same pair on two dates is reported once per date")
    func pairOnTwoDates() {
        let claim = multiDate([on(a, line("97150", 30, units: 1)), on(a, line("97530", 30, units: 2)),
                               on(b, line("97150", 30, units: 1)), on(b, line("97530", 30, units: 2))])
        let r = scrub(claim, pairRules)
        #expect(r.conflicts.filter { $0.id == .ptpModifierRequired }.map(\.lines) == [[0, 1], [2, 3]])
    }

    @Test("MUE: MAI 2/3 sums units per date, MAI 1 per line")
    func mueWithDates() {
        let apart = scrub(multiDate([on(a, line("97530", 75, units: 5)), on(b, line("97530", 75, units: 5))]), pairRules)
        #expect(!apart.ids.contains(.mueDateExceeded))
        let sameDay = scrub(multiDate([on(a, line("97530", 60, units: 4, ["GP"], clinician: "X")),
                                       on(b, line("97110", 15, units: 1)),
                                       on(a, line("97530", 60, units: 4, ["GP"], clinician: "X"))]), pairRules)
        #expect(sameDay.finding(.mueDateExceeded)?.lines == [0, 2])
        let perLine = scrub(multiDate([on(a, line("97140", 45, units: 3)), on(b, line("97140", 30, units: 2))]), pairRules)
        #expect(perLine.finding(.mueLineExceeded)?.lines == [0])
    }

    @Test("Evaluations: one per discipline per date")
    func evaluationsPerDate() {
        let apart = scrub(multiDate([on(a, line("97161", 45, units: 1)), on(b, line("97164", 30, units: 1))]))
        #expect(!apart.ids.contains(.evaluationMoreThanOne))
        let together = scrub(multiDate([on(a, line("97161", 45, units: 1)), on(b, line("97110", 15, units: 1)),
                                        on(a, line("97164", 30, units: 1))]))
        #expect(together.conflict(.evaluationMoreThanOne)?.lines == [0, 2])
    }

    @Test("An untimed code over a date range bills at most one unit a day and meets the lines of every date it covers")
    func untimedRange() {
        let ok = scrub(multiDate([on(a, line("97150", 30, units: 3), through: "2026-03-04")]))
        #expect(ok.unitsByLine == [3])
        #expect(!ok.ids.contains(.unitsAboveComputed) && !ok.ids.contains(.timedCodeDateRange))
        #expect(ok.lines[0].dateOfService == d(a) && ok.lines[0].dateOfServiceThrough == d("2026-03-04"))
        let over = scrub(multiDate([on(a, line("97150", 30, units: 4), through: "2026-03-04")]))
        #expect(over.unitsByLine == [3])
        #expect(over.ids.contains(.unitsAboveComputed))
        let met = scrub(multiDate([on(a, line("97150", 30, units: 3), through: "2026-03-04"),
                                   on("2026-03-03", line("97530", 30, units: 2))]))
        #expect(met.conflict(.groupWithOneOnOne)?.lines == [0, 1])
        // A range that ends on its first day is a single date.
        let single = scrub(multiDate([on(a, line("97530", 30, units: 2), through: a)]))
        #expect(!single.ids.contains(.timedCodeDateRange))
        #expect(single.lines[0].dateOfServiceThrough == nil)
    }

    @Test("An MAI 2/3 MUE over a date range allows the per-date value on each day of the range")
    func mueOverRange() {
        let ok = scrub(multiDate([on(a, line("97150", 30, units: 3), through: "2026-03-04")]), pairRules)
        #expect(!ok.ids.contains(.mueDateExceeded))
        var claim = multiDate([on(a, line("97150", 30, units: 3), through: "2026-03-04")])
        claim.lines[0].units = 5
        #expect(scrub(claim, pairRules).ids.contains(.mueDateExceeded))
    }

    @Test("Every line result carries its date; one rule set leaves the per-line ruleset out")
    func lineResultsCarryDates() {
        let r = scrub(cleanClaim())
        #expect(r.lines.allSatisfy { $0.dateOfService == d(defaultDOS) && $0.dateOfServiceThrough == nil && $0.ruleset == nil })
        #expect(r.rulesets == nil)
        let m = scrub(multiDate([on(b, line("97110", 15, units: 1)), on(a, line("97140", 15, units: 1))]))
        #expect(m.lines.map(\.dateOfService) == [d(b), d(a)])
    }

    @Test("A one-date claim scrubs the same whether the date is the claim's or every line's", arguments: allTriggers)
    func claimDateEqualsLineDates(_ t: TriggerCase) {
        guard let date = t.claim.dateOfService else { return }
        var moved = t.claim
        moved.dateOfService = nil
        for i in moved.lines.indices { moved.lines[i].dateOfService = date }
        var r1 = scrub(t)
        var r2 = Scrubber.scrub(moved, rules: t.rules, diagnosisCodes: t.diagnosisCodes, crossClaim: t.crossClaim)
        r1.correctedClaim = t.claim
        r2.correctedClaim = t.claim
        #expect(r1 == r2)
    }

    @Test("Each date is judged by the rule set in force on it")
    func rulesetPerDate() {
        let q1 = makeRules(ptp: [edit("97150", "97530", .allowed)], effective: "2026-01-01", through: "2026-03-31",
                           id: "2026Q1", digest: "q1")
        let q2 = makeRules(effective: "2026-04-01", through: "2026-06-30", id: "2026Q2", digest: "q2")
        let claim = multiDate([on("2026-03-30", line("97150", 30, units: 1)), on("2026-03-30", line("97530", 30, units: 2)),
                               on("2026-04-02", line("97150", 30, units: 1)), on("2026-04-02", line("97530", 30, units: 2))])
        var asked: [CalendarDate] = []
        let r = Scrubber.scrub(claim) { date in
            asked.append(date)
            return date < d("2026-04-01") ? q1 : q2
        }
        #expect(asked == [d("2026-03-30"), d("2026-04-02")])
        #expect(r.conflicts.filter { $0.id == .ptpModifierRequired }.map(\.lines) == [[0, 1]])
        #expect(!r.ids.contains(.rulesetNotInForce))
        #expect(r.ruleset.id == "2026Q1")
        #expect(r.rulesets?.map(\.id) == ["2026Q1", "2026Q2"])
        #expect(r.lines.map(\.ruleset) == ["2026Q1", "2026Q1", "2026Q2", "2026Q2"])

        // One rule set for both dates: the April date is outside its window and says so, naming its lines.
        let single = scrub(claim, q1)
        #expect(single.finding(.rulesetNotInForce)?.lines == [2, 3])
        #expect(single.conflicts.filter { $0.id == .ptpModifierRequired }.map(\.lines) == [[0, 1], [2, 3]])
        #expect(single.rulesets == nil)
    }

    @Test("KX uses the threshold of each line's calendar year")
    func kxPerYear() {
        let claim = withContext(multiDate([on("2025-12-30", line("97530", 30, units: 2)), on("2026-01-05", line("97530", 30, units: 2))])) {
            $0.yearToDateAllowed = Claim.YearToDateAllowed(ptSlp: 2450, ot: 0)
            $0.planOfCare = nil
        }
        let r = scrub(claim)
        #expect(r.lines.map(\.requiredModifiers) == [["GP", "KX"], ["GP"]])
    }

    @Test("Plan of care: only the lines whose date is outside the certification are named")
    func planOfCarePerDate() {
        let claim = withContext(multiDate([on("2026-03-02", line("97530", 30, units: 2)), on("2026-05-04", line("97530", 30, units: 2))])) {
            $0.planOfCare = Claim.PlanOfCare(certifiedFrom: d("2026-02-01"), certifiedThrough: d("2026-04-30"), goalIds: ["G1"])
        }
        let f = scrub(claim).finding(.dateOutsidePlanOfCare)
        #expect(f?.lines == [1])
        #expect(f?.message.contains("2026") == false)
    }

    @Test("otherServicesToday entries are compared with the lines of their own date")
    func otherServicesPerDate() {
        let base = multiDate([on(a, line("97530", 30, units: 2, clinician: "A")), on(b, line("97530", 30, units: 2, clinician: "A"))])
        let onB = withContext(base) { $0.otherServicesToday = [.init(code: "97530", role: .ot, clinicianId: "B", dateOfService: d(b))] }
        #expect(scrub(onB).finding(.coTreatmentOtherClaim)?.lines == [1])
        let elsewhere = withContext(base) { $0.otherServicesToday = [.init(code: "97530", role: .ot, clinicianId: "B", dateOfService: d(c3))] }
        #expect(!scrub(elsewhere).ids.contains(.coTreatmentOtherClaim))
    }

    @Test("Messages never carry a date of service")
    func noDatesInMessages() {
        let claim = multiDate([on(a, line("97530", 30, units: 2), through: "2026-03-04"), on(b, line("97150", 30, units: 1)),
                               on(b, line("97530", 30, units: 5))])
        let r = scrub(claim, pairRules)
        for text in (r.errors + r.warnings).flatMap({ [$0.message, $0.fix] }) + r.conflicts.flatMap({ [$0.message, $0.fix] }) {
            #expect(!text.contains("2026-03"), "\(text)")
        }
    }
}
