import ClaimRules
import Foundation
import StrictJSON
import Testing
@testable import ClaimWire

struct ClaimCheckTests {
    @Test func validClaimPrintsTheResultAndExitsByStatus() throws {
        let outcome = ClaimCheck.run(Array(ClaimFixtures.full.utf8), rules: TestRules.ruleSet)
        #expect(outcome.diagnostics.isEmpty)
        #expect(outcome.output.last == UInt8(ascii: "\n"))
        let value = try JSONReader.parse(Array(outcome.output.dropLast()))
        #expect(value["payer"] == "medicare")
        #expect(value["ruleset"]?["id"] == "test-rules")
        let status = value["status"]?.stringValue
        #expect(outcome.exitStatus == (status == "clean" ? 0 : 1))
    }

    @Test func prettyFlagIndents() {
        let outcome = ClaimCheck.run(Array(ClaimFixtures.minimal.utf8), rules: TestRules.ruleSet, pretty: true)
        #expect(outcome.output.starts(with: Array("{\n  \"".utf8)))
    }

    @Test func exitStatusIsZeroOnlyWithoutFindings() throws {
        var rng = SeededRandom(seed: 0xC4EC_0001)
        var result = RandomResult.make(&rng)
        result.status = .clean
        result.errors = []
        result.warnings = []
        result.conflicts = []
        #expect(ClaimCheck.exitStatus(for: result) == 0)
        var noticed = result
        noticed.warnings = [Finding(id: .ncciEditsSnapshot, severity: .info, lines: [], message: "m", fix: "f", source: "s")]
        #expect(ClaimCheck.exitStatus(for: noticed) == 0, "an info notice does not change the status")
        noticed.warnings.append(Finding(id: .kxWithoutThreshold, severity: .warning, lines: [0], message: "m", fix: "f", source: "s"))
        #expect(ClaimCheck.exitStatus(for: noticed) == 1)
        var warned = result
        warned.status = .warnings
        #expect(ClaimCheck.exitStatus(for: warned) == 1)
        var errored = result
        errored.status = .errors
        #expect(ClaimCheck.exitStatus(for: errored) == 1)
    }

    @Test func malformedJSONExitsTwoWithLineAndColumn() {
        let outcome = ClaimCheck.run(Array("{\n  \"payer\": medicare\n}".utf8), rules: TestRules.ruleSet, inputName: "claim.json")
        #expect(outcome.exitStatus == 2)
        #expect(outcome.output.isEmpty)
        #expect(outcome.diagnostics == ["claim.json:2:12: malformed JSON: unexpected 'm' where a value was expected"])
    }

    @Test func schemaProblemsExitTwoWithEveryPointer() {
        let text = #"{"payer":"medicare","provider":{"role":"XX"},"lines":[{"code":"97530","minutes":-3}]}"#
        let outcome = ClaimCheck.run(Array(text.utf8), rules: TestRules.ruleSet, inputName: "c.json")
        #expect(outcome.exitStatus == 2)
        #expect(outcome.diagnostics.first == "c.json: not a valid claim (3 problems):")
        #expect(outcome.diagnostics.dropFirst().map { $0.split(separator: ":").first.map(String.init) ?? "" }
            == ["  /provider/role", "  /lines/0/minutes", "  /dateOfService"])
    }

    @Test func semanticProblemsFromTheValidatorExitTwo() {
        let text = #"{"payer":"acme","dateOfService":"2026-01-05","provider":{"role":"PT"},"lines":[{"code":"9753"}]}"#
        let outcome = ClaimCheck.run(Array(text.utf8), rules: TestRules.ruleSet)
        #expect(outcome.exitStatus == 2)
        let pointers = outcome.diagnostics.dropFirst().compactMap { $0.split(separator: ":").first }.map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(pointers == ["/payer", "/lines/0/code"])
    }

    @Test func rulesForAClaimAreChosenByItsEarliestDateOfService() throws {
        let text = #"{"payer":"medicare","dateOfService":"2026-03-02","provider":{"role":"PT"},"lines":[{"code":"97530","minutes":30,"units":2,"modifiers":["GP"]}]}"#
        var asked: [CalendarDate?] = []
        let outcome = ClaimCheck.run(Array(text.utf8), rulesFor: { date in asked.append(date); return TestRules.ruleSet })
        #expect(asked == [CalendarDate("2026-03-02")])
        #expect(outcome.exitStatus != 2, "\(outcome.diagnostics)")
        let none = ClaimCheck.run(Array(text.utf8), rulesFor: { _ in nil }, inputName: "c.json")
        #expect(none.exitStatus == 2)
        #expect(none.output.isEmpty)
        #expect(none.diagnostics == ["c.json: no ruleset is loaded"])
    }

    @Test func argumentsParse() throws {
        #expect(try CheckArguments.parse(["claim.json"]).get() == CheckArguments(input: "claim.json"))
        #expect(try CheckArguments.parse(["-", "--pretty"]).get() == CheckArguments(input: "-", pretty: true))
        #expect(try CheckArguments.parse(["--config", "/etc/scrubber.json", "x.json"]).get()
            == CheckArguments(input: "x.json", configFile: "/etc/scrubber.json"))
        #expect(try CheckArguments.parse(["--config=/c.json", "--rules=/r", "x.json"]).get()
            == CheckArguments(input: "x.json", configFile: "/c.json", rulesDirectory: "/r"))
        #expect(try CheckArguments.parse(["x.json", "--rules", "Config/rules"]).get().rulesDirectory == "Config/rules")
        #expect(throws: CheckUsageError("missing claim file (use - for standard input)")) { try CheckArguments.parse([]).get() }
        #expect(try CheckArguments.parse(["--batch", "-", "--jobs", "3"]).get() == CheckArguments(input: "-", batch: true, jobs: 3))
        #expect(try CheckArguments.parse(["b.ndjson", "--jobs=2", "--batch"]).get() == CheckArguments(input: "b.ndjson", batch: true, jobs: 2))
        #expect(throws: CheckUsageError("--jobs needs a number from 1 to 1024")) { try CheckArguments.parse(["--batch", "-", "--jobs", "x"]).get() }
        #expect(throws: CheckUsageError("--jobs applies to --batch only")) { try CheckArguments.parse(["-", "--jobs", "2"]).get() }
        #expect(throws: CheckUsageError("missing batch file (use - for standard input)")) { try CheckArguments.parse(["--batch"]).get() }
        #expect(throws: CheckUsageError("unknown option --fast")) { try CheckArguments.parse(["--fast", "x"]).get() }
        #expect(throws: CheckUsageError("unknown option --pretty=yes")) { try CheckArguments.parse(["--pretty=yes", "x"]).get() }
        #expect(throws: CheckUsageError("unexpected argument b: one claim file at a time")) { try CheckArguments.parse(["a", "b"]).get() }
        #expect(throws: CheckUsageError("--config needs a file")) { try CheckArguments.parse(["a", "--config"]).get() }
        #expect(throws: CheckUsageError("--rules needs a directory")) { try CheckArguments.parse(["a", "--rules"]).get() }
        #expect((try? CheckArguments.parse(["--help"]).get()) == nil)
    }

    @Test func eachDateIsJudgedByTheRuleSetForIt() throws {
        let march = RuleSet(id: "march", effective: CalendarDate(year: 2026, month: 3, day: 1) ?? .epoch,
                            through: CalendarDate(year: 2026, month: 3, day: 31), digest: "m",
                            codes: TestRules.ruleSet.codes, payers: TestRules.ruleSet.payers)
        let text = #"{"payer":"medicare","provider":{"role":"PT"},"lines":[{"code":"97530","dateOfService":"2026-03-30","minutes":30,"units":2,"modifiers":["GP"]},{"code":"97530","dateOfService":"2026-04-02","minutes":30,"units":2,"modifiers":["GP"]}]}"#
        var asked: [CalendarDate?] = []
        let outcome = ClaimCheck.run(Array(text.utf8), rulesFor: { date in
            asked.append(date)
            return date?.month == 3 ? march : TestRules.ruleSet
        })
        #expect(outcome.diagnostics.isEmpty)
        #expect(asked.map { $0?.month } == [3, 4])
        let value = try JSONReader.parse(outcome.output)
        #expect(value["rulesets"]?.arrayElements?.compactMap { $0["id"]?.stringValue } == ["march", "test-rules"])
        #expect(value["lines"]?.arrayElements?.compactMap { $0["ruleset"]?.stringValue } == ["march", "test-rules"])
    }
}
