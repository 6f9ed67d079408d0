import Testing
@testable import ClaimRules

/// CMS Pub. 100-04 ch. 5 §20.2 worked examples (domain-rules §1.4): minutes per code and the CMS answer.
/// `alternatives` lists every allocation CMS accepts (ties in examples 2 and 5).
struct CMSExample: Sendable, CustomTestStringConvertible {
    let name: String
    let codes: [String]
    let minutes: [Int]
    let alternatives: [[Int]]
    var testDescription: String { name }
}

let cmsExamples: [CMSExample] = [
    CMSExample(name: "B: 60 min 97530 = 4 units", codes: ["97530"], minutes: [60], alternatives: [[4]]),
    CMSExample(name: "1: 24 + 23 = 3 units, more to 97112", codes: ["97112", "97110"], minutes: [24, 23],
               alternatives: [[2, 1]]),
    CMSExample(name: "2: 20 + 20 = 3 units, either gets 2", codes: ["97112", "97110"], minutes: [20, 20],
               alternatives: [[2, 1], [1, 2]]),
    CMSExample(name: "3: 33 + 7 = 3 units, the 7-minute code gets the third", codes: ["97110", "97140"],
               minutes: [33, 7], alternatives: [[2, 1]]),
    CMSExample(name: "4: 18 + 13 + 10 + 8 = 3 units, ultrasound 0", codes: ["97110", "97140", "97116", "97035"],
               minutes: [18, 13, 10, 8], alternatives: [[1, 1, 1, 0]]),
    CMSExample(name: "5: 7 + 7 + 7 = 1 unit to any one", codes: ["97112", "97110", "97140"], minutes: [7, 7, 7],
               alternatives: [[1, 0, 0], [0, 1, 0], [0, 0, 1]]),
]

@Suite("Units: CMS total time, AMA per code, untimed, proposals")
struct UnitTests {
    static let triggers: [TriggerCase] = [
        TriggerCase(.unitsAboveComputed, "3 units for 30 minutes", makeClaim([line("97530", 30, units: 3)])),
        TriggerCase(.unitsAboveComputed, "2 units on an untimed evaluation", makeClaim([line("97161", 45, units: 2)])),
        TriggerCase(.unitsBelowComputed, "1 unit for 40 minutes", makeClaim([line("97530", 40, units: 1)])),
        TriggerCase(.timedCodeMissingMinutes, "97530 with neither minutes nor units", makeClaim([line("97530", nil)])),
        TriggerCase(.timedCodeMultipleLines, "97110 on two lines",
                    makeClaim([line("97110", 15, units: 1), line("97110", 15, units: 1)])),
        TriggerCase(.noBillableUnits, "ultrasound constrained by total time (example 4)",
                    makeClaim([line("97110", 18), line("97140", 13), line("97116", 10), line("97035", 8)])),
    ]

    @Test(arguments: triggers)
    func firesOnTrigger(_ c: TriggerCase) {
        #expect(scrub(c.claim, c.rules).ids.contains(c.id))
    }

    @Test("§20.2 table: 8-22 = 1, 23-37 = 2, ... past two hours", arguments: [
        (0, 0), (7, 0), (8, 1), (22, 1), (23, 2), (37, 2), (38, 3), (52, 3), (53, 4), (67, 4), (68, 5), (82, 5),
        (83, 6), (97, 6), (98, 7), (112, 7), (113, 8), (127, 8), (128, 9), (142, 9), (143, 10),
    ])
    func tableUnits(_ minutes: Int, _ units: Int) {
        #expect(UnitMath.tableUnits(minutes: minutes) == units)
    }

    @Test("CMS worked example: engine allocation is one CMS accepts", arguments: cmsExamples)
    func cmsExampleAllocation(_ ex: CMSExample) {
        let claim = makeClaim(zip(ex.codes, ex.minutes).map { line($0, $1) })
        let r = scrub(claim)
        #expect(ex.alternatives.contains(r.unitsByLine))
        #expect(r.totalTimedMinutes == ex.minutes.reduce(0, +))
    }

    @Test("CMS worked example: every CMS-accepted allocation is accepted when proposed", arguments: cmsExamples)
    func cmsExampleProposalsAccepted(_ ex: CMSExample) {
        for alt in ex.alternatives {
            let claim = makeClaim(zip(ex.codes, zip(ex.minutes, alt)).map { line($0, $1.0, units: $1.1) })
            let r = scrub(claim)
            #expect(r.unitsByLine == alt)
            #expect(!r.ids.contains(.unitsAboveComputed) && !r.ids.contains(.unitsBelowComputed), "\(alt)")
        }
    }

    @Test("Example 2: billing 3 units of one code is refused")
    func exampleTwoNotThreeOfOne() {
        let r = scrub(makeClaim([line("97112", 20, units: 3), line("97110", 20, units: 0)]))
        #expect(r.ids.contains(.unitsAboveComputed))
        #expect(r.ids.contains(.unitsBelowComputed))
    }

    @Test("Example 3: a non-tie proposal (33 min code gets 3) is refused")
    func exampleThreeWrongShare() {
        let r = scrub(makeClaim([line("97110", 33, units: 3), line("97140", 7, units: 0)]))
        #expect(r.finding(.unitsAboveComputed)?.lines == [0])
        #expect(r.unitsByLine == [2, 1])
    }

    @Test("Tie-break is deterministic: more minutes first, then earlier line")
    func tieBreak() {
        #expect(UnitMath.allocate(minutes: [20, 20]) == [2, 1])
        #expect(UnitMath.allocate(minutes: [5, 20]) == [0, 2])  // leftovers 5 and 5: 20 minutes wins
        #expect(UnitMath.allocate(minutes: [7, 7, 7]) == [1, 0, 0])
        #expect(UnitMath.allocate(minutes: [8, 22]) == [1, 1])  // 30 total = 2; floors 0,1; leftover 8 beats 7
    }

    @Test("Allocation keeps ≥15 min ⇒ ≥1 unit and never exceeds the table for the total",
          arguments: [[15, 7], [16, 16, 16], [30, 1, 1, 1], [44, 44], [14, 14, 14, 14], [120, 3], [1, 1, 1, 1, 1, 1, 1, 1]])
    func allocationInvariants(_ minutes: [Int]) {
        let u = UnitMath.allocate(minutes: minutes)
        #expect(u.reduce(0, +) == UnitMath.tableUnits(minutes: minutes.reduce(0, +)))
        for (m, n) in zip(minutes, u) { #expect(n >= m / 15) }
        #expect(UnitMath.isTieEquivalent(minutes: minutes, proposal: u))
    }

    @Test("A lone timed service under 8 minutes earns no units")
    func loneUnderEight() {
        let r = scrub(makeClaim([line("97530", 7)]))
        #expect(r.unitsByLine == [0])
        #expect(r.ids.contains(.noBillableUnits))
        #expect(scrub(makeClaim([line("97530", 7, units: 1)])).ids.contains(.unitsAboveComputed))
    }

    @Test("Untimed codes are 1 unit whatever the minutes", arguments: ["97161", "97150", "G0283", "97010"])
    func untimedOneUnit(_ code: String) {
        let r = scrub(makeClaim([line(code, 95, units: 1)]))
        #expect(r.unitsByLine == [1])
        #expect(r.lines[0].timed == false)
        #expect(!r.ids.contains(.unitsAboveComputed))
    }

    @Test("AMA per-code method rounds each code on its own minutes", arguments: [
        ([10, 10], [1, 1]),      // CMS: 1 unit for 20 minutes
        ([33, 7], [2, 0]),       // CMS: 3 units
        ([24, 23], [2, 2]),
        ([7, 7, 7], [0, 0, 0]),
    ])
    func amaPerCode(_ minutes: [Int], _ expected: [Int]) {
        let codes = ["97110", "97140", "97112"]
        let claim = makeClaim(minutes.enumerated().map { line(codes[$0.offset], $0.element) }, payer: "commercial-ama")
        let r = scrub(claim)
        #expect(r.unitMethod == .amaPerCode)
        #expect(r.unitsByLine == expected)
    }

    @Test("Timed minutes pool per discipline, not across PT and OT")
    func poolPerDiscipline() {
        // A physician bills under two plans: 10 min PT + 10 min OT are two separate pools of 1 unit each.
        let claim = makeClaim([line("97110", 10, ["GP"]), line("97530", 10, ["GO"])], role: .md)
        #expect(scrub(claim).unitsByLine == [1, 1])
        // The same minutes under one discipline pool to 1 unit.
        #expect(scrub(makeClaim([line("97110", 10), line("97530", 10)])).unitsByLine == [1, 0])
    }

    @Test("A payer may pool timed minutes across disciplines")
    func poolAcrossDisciplines() {
        var p = makeMedicare()
        p.poolAcrossDisciplines = true
        let claim = makeClaim([line("97110", 10, ["GP"]), line("97530", 10, ["GO"])], role: .md)
        #expect(scrub(claim, makeRules(payers: [p])).unitsByLine == [1, 0])
    }

    @Test("Duplicate lines of a timed code are merged into the first line")
    func duplicateMerged() {
        let r = scrub(makeClaim([line("97110", 15), line("97110", 15)]))
        #expect(r.unitsByLine == [2, 0])
        #expect(r.finding(.timedCodeMultipleLines)?.lines == [0, 1])
        #expect(r.totalTimedMinutes == 30)
    }

    @Test("Payers without the single-line rule do not flag duplicate lines")
    func duplicateAllowedByProfile() {
        let r = scrub(makeClaim([line("97110", 15), line("97110", 15)], payer: "commercial-ama"))
        #expect(!r.ids.contains(.timedCodeMultipleLines))
    }

    @Test("Proposals equal to the computed units raise no unit finding, and the clean claim is clean")
    func cleanClaimUnits() {
        let r = scrub(cleanClaim())
        #expect(r.unitsByLine == [2, 2, 1, 1])
        #expect(r.totalTimedMinutes == 83)
        for id in [FindingID.unitsAboveComputed, .unitsBelowComputed, .timedCodeMissingMinutes,
                   .timedCodeMultipleLines, .noBillableUnits] {
            #expect(!r.ids.contains(id))
        }
    }
}
