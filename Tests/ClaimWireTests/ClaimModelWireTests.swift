import ClaimRules
import Foundation
import StrictJSON
import Testing
@testable import ClaimWire

/// The wire format of a whole professional claim: dates per line, diagnoses and pointers, charges, place of
/// service, billing provider and taxonomy codes, frequency, patientRef; and what is refused, with its pointer.
struct ClaimModelWireTests {
    /// A monthly claim: two visit dates, no claim-level date, no minutes, every new field.
    static let monthly = """
        {
          "claimId": "M-1",
          "payer": "medicare",
          "frequency": "7",
          "originalClaimId": "PAYER-0001",
          "placeOfService": "11",
          "totalCharge": 360.5,
          "diagnoses": ["M62.81", "R262"],
          "billingProvider": {"npi": "1245319599", "taxonomy": "261QR0400X"},
          "provider": {"npi": "1234567893", "role": "PT", "taxonomy": "225100000X"},
          "patientRef": "opaque-7",
          "lines": [
            {"code": "97530", "dateOfService": "2026-03-02", "units": 2, "modifiers": ["GP"], "diagnosisPointers": [1, 2], "charge": 120.00},
            {"code": "97110", "dateOfService": "2026-03-09", "units": 2, "modifiers": ["GP", "CQ"], "assistantInvolved": true,
             "diagnosisPointers": [1], "charge": 110.50, "placeOfService": "12"},
            {"code": "97150", "dateOfService": "2026-03-10", "dateOfServiceThrough": "2026-03-12", "units": 3, "modifiers": ["GP"],
             "diagnosisPointers": [2], "charge": 130}
          ],
          "context": {"otherServicesToday": [{"code": "97530", "role": "OT", "dateOfService": "2026-03-09"}]}
        }
        """

    static func problems(_ text: String, rules: RuleSet? = TestRules.ruleSet) -> [String] {
        do {
            if let rules { _ = try ClaimDecoder().decode(Array(text.utf8), rules: rules) } else { _ = try ClaimDecoder().decode(Array(text.utf8)) }
            return ["accepted"]
        } catch {
            return error.problems.map { "\($0.pointer): \($0.message)" }
        }
    }

    @Test func decodesEveryNewFieldLikeFoundationCodable() throws {
        let claim = try ClaimDecoder().decode(Array(Self.monthly.utf8), rules: TestRules.ruleSet)
        #expect(claim == (try ClaimFixtures.foundationDecode(Self.monthly)))
        #expect(claim.dateOfService == nil)
        #expect(claim.frequency == .replacement && claim.originalClaimId == "PAYER-0001")
        #expect(claim.totalCharge == Money(cents: 36_050))
        #expect(claim.diagnoses == ["M62.81", "R262"])
        #expect(claim.billingProvider == Claim.BillingProvider(npi: "1245319599", taxonomy: "261QR0400X"))
        #expect(claim.provider.taxonomy == "225100000X")
        #expect(claim.patientRef == "opaque-7")
        #expect(claim.lines.map(\.dateOfService) == [CalendarDate("2026-03-02"), CalendarDate("2026-03-09"), CalendarDate("2026-03-10")])
        #expect(claim.lines[2].dateOfServiceThrough == CalendarDate("2026-03-12"))
        #expect(claim.lines[1].assistantInvolved == true && claim.lines[1].placeOfService == "12")
        #expect(claim.lines.map(\.charge) == [Money(cents: 12_000), Money(cents: 11_050), Money(cents: 13_000)])
        #expect(claim.lines.map(\.diagnosisPointers) == [[1, 2], [1], [2]])
        #expect(claim.context?.otherServicesToday?.first?.dateOfService == CalendarDate("2026-03-09"))
    }

    @Test func encodesAndReadsBackEveryNewFieldWithChargesToTheCent() throws {
        let claim = try ClaimDecoder().decode(Array(Self.monthly.utf8))
        let bytes = ClaimEncoder.encode(claim)
        #expect(try ClaimDecoder().decode(bytes) == claim)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#""totalCharge":360.50"#) && text.contains(#""charge":130.00"#))
        #expect(text.contains(#""dateOfServiceThrough":"2026-03-12""#))
    }

    @Test func theClaimDateIsRequiredOnlyWhenALineHasNone() {
        #expect(Self.problems(#"{"payer":"medicare","provider":{"role":"PT"},"lines":[{"code":"97530","minutes":30}]}"#)
            == ["/dateOfService: dateOfService is required (on the claim, or on every line)"])
        #expect(Self.problems(#"""
            {"payer":"medicare","provider":{"role":"PT"},
             "lines":[{"code":"97530","dateOfService":"2026-03-02"},{"code":"97110"},{"code":"97140","dateOfService":"2026-03-03"},{"code":"97112"}]}
            """#) == [
            "/lines/1/dateOfService: dateOfService is required: the line has none and the claim has no default dateOfService",
            "/lines/3/dateOfService: dateOfService is required: the line has none and the claim has no default dateOfService",
        ])
        // With a claim default, lines may leave theirs out.
        #expect(Self.problems(#"{"payer":"medicare","dateOfService":"2026-03-02","provider":{"role":"PT"},"lines":[{"code":"97530"},{"code":"97110","dateOfService":"2026-03-03"}]}"#)
            == ["accepted"])
    }

    @Test func chargesAreDollarAmountsWithAtMostTwoDecimals() {
        func line(_ charge: String) -> String {
            #"{"payer":"medicare","dateOfService":"2026-03-02","provider":{"role":"PT"},"lines":[{"code":"97530","charge":"# + charge + "}]}"
        }
        #expect(Self.problems(line("12.345")) == ["/lines/0/charge: charge must be an amount of dollars with at most two decimal places and no exponent (at most 12 whole digits), found 12.345"])
        #expect(Self.problems(line("1e2")).first?.hasPrefix("/lines/0/charge: charge must be an amount of dollars") == true)
        #expect(Self.problems(line("-5")) == ["/lines/0/charge: charge must not be negative, found -5"])
        #expect(Self.problems(line(#""12.00""#)) == ["/lines/0/charge: charge must be a number of dollars, found string"])
        #expect(Self.problems(line("0")) == ["/lines/0/charge: charge must be greater than 0"])
        #expect(Self.problems(line("0.5")) == ["accepted"])
        #expect(Self.problems(#"{"payer":"medicare","dateOfService":"2026-03-02","provider":{"role":"PT"},"totalCharge":0.00,"lines":[{"code":"97530"}]}"#)
            == ["/totalCharge: totalCharge must be greater than 0"])
    }

    @Test func everyNewFieldReportsItsProblemsTogether() {
        let text = #"""
            {"payer": "medicare", "frequency": "9", "originalClaimId": 7, "placeOfService": 11, "totalCharge": "10",
             "diagnoses": "M62.81", "billingProvider": {"taxonomy": "225100000X", "name": "x"}, "patientRef": false,
             "provider": {"role": "PT", "taxonomy": 225},
             "lines": [{"code": "97530", "dateOfService": "2026-02-30", "dateOfServiceThrough": 5, "assistantInvolved": "yes",
                        "diagnosisPointers": [1, "2", 1.5, -1], "charge": null, "placeOfService": ["11"]}],
             "context": {"otherServicesToday": [{"code": "97530", "role": "OT", "dateOfService": "tomorrow"}]}}
            """#
        #expect(Self.problems(text) == [
            #"/frequency: frequency "9" is not one of: 1, 7, 8"#,
            "/originalClaimId: originalClaimId must be a string, found number",
            "/placeOfService: placeOfService must be a string, found number",
            "/totalCharge: totalCharge must be a number of dollars, found string",
            "/diagnoses: diagnoses must be an array, found string",
            #"/billingProvider/name: unknown field "name" in billingProvider; allowed fields: npi, taxonomy"#,
            "/billingProvider/npi: npi is required",
            "/patientRef: patientRef must be a string, found boolean",
            "/provider/taxonomy: taxonomy must be a string, found number",
            "/lines/0/dateOfService: dateOfService must be a real calendar date written YYYY-MM-DD",
            "/lines/0/dateOfServiceThrough: dateOfServiceThrough must be a string, found number",
            "/lines/0/assistantInvolved: assistantInvolved must be true or false, found string",
            "/lines/0/diagnosisPointers/1: diagnosisPointers entries must be whole numbers, found string",
            "/lines/0/diagnosisPointers/2: diagnosisPointers entries must be whole numbers without fraction or exponent, found 1.5",
            "/lines/0/diagnosisPointers/3: diagnosisPointers entries must be whole numbers of 0 or more, found -1",
            "/lines/0/placeOfService: placeOfService must be a string, found array",
            "/context/otherServicesToday/0/dateOfService: dateOfService must be a real calendar date written YYYY-MM-DD",
        ])
    }

    @Test func formsTheSchemaCannotTellAreCheckedByTheValidator() {
        let text = #"""
            {"payer": "medicare", "placeOfService": "1", "originalClaimId": "",
             "diagnoses": ["M62.81", "12345", "M6.281", "A1", "B2", "C3", "D4", "E5", "F6", "G7", "H8", "J9", "K10"],
             "billingProvider": {"npi": "1", "taxonomy": "2251"}, "provider": {"role": "PT", "taxonomy": "225100000x"},
             "lines": [
               {"code": "97530", "dateOfService": "2026-03-02", "dateOfServiceThrough": "2026-03-01", "diagnosisPointers": [0, 13], "placeOfService": "A1"},
               {"code": "97150", "dateOfService": "2026-03-02", "dateOfServiceThrough": "2026-04-02"},
               {"code": "97110", "dateOfService": "2026-03-09"}
             ],
             "context": {"otherServicesToday": [{"code": "97530", "role": "OT"}]}}
            """#
        #expect(Self.problems(text) == [
            "/lines/0/dateOfServiceThrough: dateOfServiceThrough is before the line's dateOfService",
            "/lines/1/dateOfServiceThrough: a line's date range may span at most 31 days",
            "/diagnoses: at most 12 diagnoses are accepted",
            "/diagnoses/1: an ICD-10-CM code is 3 to 7 letters and digits, a letter first, with an optional dot after the third (e.g. M62.81)",
            "/diagnoses/2: an ICD-10-CM code is 3 to 7 letters and digits, a letter first, with an optional dot after the third (e.g. M62.81)",
            "/diagnoses/3: an ICD-10-CM code is 3 to 7 letters and digits, a letter first, with an optional dot after the third (e.g. M62.81)",
            "/diagnoses/4: an ICD-10-CM code is 3 to 7 letters and digits, a letter first, with an optional dot after the third (e.g. M62.81)",
            "/diagnoses/5: an ICD-10-CM code is 3 to 7 letters and digits, a letter first, with an optional dot after the third (e.g. M62.81)",
            "/diagnoses/6: an ICD-10-CM code is 3 to 7 letters and digits, a letter first, with an optional dot after the third (e.g. M62.81)",
            "/diagnoses/7: an ICD-10-CM code is 3 to 7 letters and digits, a letter first, with an optional dot after the third (e.g. M62.81)",
            "/diagnoses/8: an ICD-10-CM code is 3 to 7 letters and digits, a letter first, with an optional dot after the third (e.g. M62.81)",
            "/diagnoses/9: an ICD-10-CM code is 3 to 7 letters and digits, a letter first, with an optional dot after the third (e.g. M62.81)",
            "/diagnoses/10: an ICD-10-CM code is 3 to 7 letters and digits, a letter first, with an optional dot after the third (e.g. M62.81)",
            "/diagnoses/11: an ICD-10-CM code is 3 to 7 letters and digits, a letter first, with an optional dot after the third (e.g. M62.81)",
            "/placeOfService: a place of service is a two-digit CMS code such as 11",
            "/provider/taxonomy: a NUCC taxonomy code is 10 uppercase letters and digits ending in X, such as 225100000X",
            "/billingProvider/taxonomy: a NUCC taxonomy code is 10 uppercase letters and digits ending in X, such as 225100000X",
            "/originalClaimId: originalClaimId must not be empty",
            "/lines/0/diagnosisPointers/0: a diagnosis pointer is a position in diagnoses, 1 to 12",
            "/lines/0/diagnosisPointers/1: a diagnosis pointer is a position in diagnoses, 1 to 12",
            "/lines/0/placeOfService: a place of service is a two-digit CMS code such as 11",
            "/context/otherServicesToday/0/dateOfService: dateOfService is required when the claim's lines have several dates and the claim has no dateOfService",
        ])
    }

    @Test func lineResultsCarryTheirDateAndMultiRulesetResultsListTheRulesets() throws {
        var rng = SeededRandom(seed: 0xDA7E_0001)
        var result = RandomResult.make(&rng)
        result.lines = [
            ScrubResult.LineResult(index: 0, code: "97150", timed: false, minutes: nil, units: 3, proposedUnits: 3,
                                   requiredModifiers: ["GP"], missingModifiers: [], unexpectedModifiers: [],
                                   dateOfService: CalendarDate("2026-03-30"), dateOfServiceThrough: CalendarDate("2026-04-01"),
                                   ruleset: "2026Q1"),
        ]
        result.rulesets = [result.ruleset, ScrubResult.RulesetRef(id: "2026Q2", effective: CalendarDate("2026-04-01") ?? .epoch,
                                                                  quarter: "2026Q2", digest: "d2")]
        let value = try JSONReader.parse(ResultEncoder.encode(result))
        #expect(value["lines"]?[0]?.objectMembers?.map(\.key).prefix(5) == ["index", "code", "dateOfService", "dateOfServiceThrough", "ruleset"])
        #expect(value["lines"]?[0]?["dateOfService"] == .string("2026-03-30"))
        #expect(value["rulesets"]?[1]?["id"] == .string("2026Q2"))
        let units = try JSONReader.parse(ResultEncoder.encode(result, sections: .unitsPart))
        #expect(units["lines"]?[0]?["dateOfService"] == .string("2026-03-30"))
    }
}
