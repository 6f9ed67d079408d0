import Testing
@testable import ClaimRules

@Suite("ClaimValidator: semantic field problems located by JSON pointer")
struct ValidatorTests {
    @Test("The clean claim has no field problems")
    func cleanIsValid() {
        #expect(ClaimValidator.validate(cleanClaim(), rules: makeRules()).isEmpty)
    }

    @Test("Each bad field is reported at its pointer", arguments: [
        ("unknown payer", "/payer"),
        ("empty payer", "/payer"),
        ("no lines", "/lines"),
        ("51 lines", "/lines"),
        ("bad code", "/lines/1/code"),
        ("negative minutes", "/lines/0/minutes"),
        ("huge minutes", "/lines/0/minutes"),
        ("negative units", "/lines/2/units"),
        ("negative assistant", "/lines/0/assistantMinutes"),
        ("assistant over minutes", "/lines/0/assistantMinutes"),
        ("bad modifier", "/lines/0/modifiers/1"),
        ("repeated modifier", "/lines/0/modifiers/1"),
        ("through before from", "/context/planOfCare/certifiedThrough"),
        ("negative treatment days", "/context/treatmentDaysSinceProgressReport"),
        ("visit 0", "/context/visitNumber"),
        ("negative ytd", "/context/yearToDateAllowed/ot"),
        ("nan ytd", "/context/yearToDateAllowed/ptSlp"),
        ("other service code", "/context/otherServicesToday/0/code"),
    ])
    func problemAtPointer(_ name: String, _ pointer: String) {
        var c = cleanClaim()
        switch name {
        case "unknown payer": c.payer = "acme"
        case "empty payer": c.payer = ""
        case "no lines": c.lines = []
        case "51 lines": c.lines = Array(repeating: line("97530", 30), count: 51)
        case "bad code": c.lines[1].code = "9711"
        case "negative minutes": c.lines[0].minutes = -1
        case "huge minutes": c.lines[0].minutes = 1441
        case "negative units": c.lines[2].units = -2
        case "negative assistant": c.lines[0].assistantMinutes = -5
        case "assistant over minutes": c.lines[0].assistantMinutes = 31
        case "bad modifier": c.lines[0].modifiers = ["GP", "gp"]
        case "repeated modifier": c.lines[0].modifiers = ["GP", "GP"]
        case "through before from": c.context?.planOfCare = .init(certifiedFrom: d("2026-03-01"), certifiedThrough: d("2026-02-01"))
        case "negative treatment days": c.context?.treatmentDaysSinceProgressReport = -1
        case "visit 0": c.context?.visitNumber = 0
        case "negative ytd": c.context?.yearToDateAllowed = .init(ptSlp: 0, ot: -1)
        case "nan ytd": c.context?.yearToDateAllowed = .init(ptSlp: .nan, ot: 0)
        default: c.context?.otherServicesToday = [.init(code: "97-30", role: .pt)]
        }
        let problems = ClaimValidator.validate(c, rules: makeRules())
        #expect(problems.map(\.pointer) == [pointer], "\(problems)")
        #expect(problems.allSatisfy { !$0.message.isEmpty })
    }

    @Test("Range problems name the field and its real limits")
    func rangeMessages() {
        var c = cleanClaim()
        c.lines[0].minutes = 1441
        c.lines[2].units = 1000
        c.context?.visitNumber = 0
        c.context?.yearToDateAllowed = .init(ptSlp: 1_000_000_000, ot: .nan)
        let problems = ClaimValidator.validate(c, rules: makeRules())
        let messages = Dictionary(problems.map { ($0.pointer, $0.message) }, uniquingKeysWith: { a, _ in a })
        #expect(messages["/lines/0/minutes"] == "minutes must be between 0 and 1440")
        #expect(messages["/lines/2/units"] == "units must be between 0 and 999")
        #expect(messages["/context/visitNumber"] == "visitNumber must be between 1 and 9223372036854775807")
        #expect(messages["/context/yearToDateAllowed/ptSlp"] == "ptSlp must be a dollar amount of at least 0 and less than 1000000000")
        #expect(messages["/context/yearToDateAllowed/ot"] == "ot must be a dollar amount of at least 0 and less than 1000000000")
        #expect(problems.count == 5)
    }

    @Test("Every problem is reported, not just the first")
    func allProblems() {
        var c = cleanClaim()
        c.payer = "acme"
        c.lines[0].minutes = -1
        c.lines[3].code = "abc"
        c.lines[3].units = -1
        let pointers = ClaimValidator.validate(c, rules: makeRules()).map(\.pointer)
        #expect(pointers == ["/payer", "/lines/0/minutes", "/lines/3/code", "/lines/3/units"])
    }

    @Test("Code shapes: CPT, Category II/III and HCPCS Level II", arguments: [
        ("97530", true), ("G0283", true), ("0019T", true), ("3008F", true), ("9753", false), ("975300", false),
        ("97a30", false), ("GG283", false), ("", false), ("9753 ", false),
    ])
    func codeShape(_ code: String, _ ok: Bool) {
        #expect(ClaimValidator.isCodeShaped(code) == ok)
    }

    @Test("Unknown codes are not field problems (they are UNKNOWN_CODE findings)")
    func unknownCodeIsFinding() {
        var c = cleanClaim()
        c.lines[0].code = "99213"
        #expect(ClaimValidator.validate(c, rules: makeRules()).isEmpty)
        #expect(scrub(c).ids.contains(.unknownCode))
    }

    @Test("Scrubbing an invalid claim does not trap")
    func invalidClaimScrubs() {
        var c = cleanClaim()
        c.lines[0].minutes = -30
        c.lines[0].units = -4
        c.lines[0].assistantMinutes = 900
        c.lines[1].minutes = Int.max / 2
        c.lines.append(line("97530", Int.min / 2, units: Int.max / 2))
        c.context?.yearToDateAllowed = .init(ptSlp: .infinity, ot: -.infinity)
        c.context?.planOfCare = .init(certifiedFrom: d("2026-03-01"), certifiedThrough: d("2025-01-01"))
        let r = scrub(c)
        #expect(r.lines.count == 5)
        #expect(scrub(makeClaim([])).lines.isEmpty)
    }
}
