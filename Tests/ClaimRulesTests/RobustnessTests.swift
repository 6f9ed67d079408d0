import Testing
@testable import ClaimRules

/// SplitMix64: a tiny deterministic generator, so the random claims are the same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Robustness: hostile values never trap, results stay consistent")
struct RobustnessTests {
    static let extremes = [Int.min, Int.min / 2, -1, 0, 1, 7, 8, 14, 15, 22, 23, 60, 1440, 1441, Int.max / 2, Int.max]

    @Test("Random claims with extreme numbers, odd codes and modifiers scrub without trapping")
    func randomClaims() {
        var g = SplitMix(state: 42)
        let codes = ["97530", "97110", "97140", "97150", "97161", "97165", "92521", "92507", "G0283", "99213", "", "ÄÖÜ"]
        let mods = ["GP", "GO", "GN", "CQ", "CO", "KX", "59", "XU", "GA", "", "gp", "TOOLONG"]
        let rules = makeRules(ptp: [edit("97140", "97530", .allowed), edit("97161", "97150", .notAllowed)],
                              mues: [MUEEntry(code: "97530", value: 4, adjudication: .line, rationale: "r", source: "s"),
                                     MUEEntry(code: "97110", value: 2, adjudication: .dateOfServicePolicy, rationale: "r", source: "s")])
        for _ in 0..<400 {
            let n = Int.random(in: 0...8, using: &g)
            var lines: [Claim.Line] = []
            for _ in 0..<n {
                let pick = { (a: [Int]) -> Int? in Bool.random(using: &g) ? a.randomElement(using: &g) : nil }
                lines.append(Claim.Line(
                    code: codes.randomElement(using: &g) ?? "97530", minutes: pick(Self.extremes), units: pick(Self.extremes),
                    modifiers: Bool.random(using: &g) ? (0..<Int.random(in: 0...6, using: &g)).map { _ in mods.randomElement(using: &g) ?? "GP" } : nil,
                    setting: Setting.allCases.randomElement(using: &g), assistantMinutes: pick(Self.extremes),
                    clinicianId: ["A", "B", nil].randomElement(using: &g) ?? nil))
            }
            let role = Role.allCases.randomElement(using: &g) ?? .pt
            var claim = makeClaim(lines, payer: ["medicare", "commercial-ama", "nobody"].randomElement(using: &g) ?? "medicare",
                                  role: role, dos: ["2020-01-10", "2026-03-02", "9999-12-31", "0001-01-01"].randomElement(using: &g) ?? defaultDOS)
            claim.context?.treatmentDaysSinceProgressReport = Self.extremes.randomElement(using: &g)
            claim.context?.visitNumber = Self.extremes.randomElement(using: &g)
            claim.context?.yearToDateAllowed = .init(ptSlp: [Double.nan, .infinity, -.infinity, -1, 1e300, 2480].randomElement(using: &g),
                                                     ot: [Double.nan, 0, 1e308].randomElement(using: &g))
            claim.context?.planOfCare = .init(certifiedFrom: d("0001-01-01"), certifiedThrough: d("9999-12-31"), goalIds: [])
            claim.context?.otherServicesToday = [.init(code: codes.randomElement(using: &g) ?? "97150", role: role, clinicianId: "A")]
            if Bool.random(using: &g) { claim.supervisor = .init(role: Role.allCases.randomElement(using: &g) ?? .pt, onSite: Bool.random(using: &g)) }
            let r = Scrubber.scrub(claim, rules: rules)
            _ = ClaimValidator.validate(claim, rules: rules)
            #expect(r.lines.count == claim.lines.count)
            #expect(r.lines.allSatisfy { $0.units >= 0 })
            #expect(r.errors.allSatisfy { $0.severity == .error })
            #expect(r.warnings.allSatisfy { $0.severity != .error })
            #expect((r.status == .errors) == (!r.errors.isEmpty || r.conflicts.contains { $0.severity == .error }))
        }
    }

    @Test("Unit math and dates refuse to overflow", arguments: extremes)
    func noOverflow(_ m: Int) {
        #expect(UnitMath.tableUnits(minutes: m) >= 0)
        let u = UnitMath.allocate(minutes: [m, m, m])
        #expect(u.allSatisfy { $0 >= 0 })
        #expect(!UnitMath.isTieEquivalent(minutes: [m], proposal: [Int.max]))
        let base = d("2026-03-02")
        let (target, overflow) = base.dayNumber.addingReportingOverflow(m)
        let inRange = !overflow && CalendarDate(dayNumber: target) != nil
        #expect((base.adding(days: m) != nil) == inRange)
        if let moved = base.adding(days: m) { #expect(base.days(to: moved) == m) }
        #expect(CalendarDate(yyyymmdd: m) == nil || (10101...99991231).contains(m))
    }
}

@Suite("Message building")
struct MessageTextTests {
    @Test("join concatenates pieces exactly, including non-ASCII and empty pieces", arguments: [
        ["97530", " and ", "97140", ""], ["", ""], ["§20.2 ", "Ünïcødé ", "✓", "a long rationale that is well past the small-string limit"],
    ])
    func join(_ parts: [String]) {
        let joined: String
        switch parts.count {
        case 2: joined = MessageText.join(parts[0], parts[1])
        default: joined = MessageText.join(parts[0], parts[1], parts[2], parts[3])
        }
        #expect(joined == parts.joined())
    }
}
