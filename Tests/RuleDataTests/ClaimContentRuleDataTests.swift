import ClaimRules
import Foundation
import Testing
@testable import RuleData

/// The place-of-service and taxonomy files and the payer profile's timed-unit ceiling: what ships, and what
/// the loader refuses (with file, line and field).
@Suite struct ClaimContentRuleDataTests {
    private func problems(editing name: String, _ edit: (String) -> String) throws -> [RuleDataProblem] {
        var files = try ShippedConfig.rules()
        let text = try #require(files.files[name])
        files.files[name] = edit(text)
        do {
            _ = try RuleSetLoader.load(files)
            return []
        } catch {
            return error.problems
        }
    }

    @Test func shippedPlaceOfServiceCodesAndTaxonomies() throws {
        let rules = try RuleSetLoader.load(try ShippedConfig.rules())
        let pos = rules.placesOfService
        #expect(pos.count == 52)
        #expect(pos["11"]?.name == "Office" && pos["11"]?.institutional == false && pos["11"]?.effective == nil)
        #expect(pos["12"]?.institutional == false)
        for code in ["19", "21", "22", "23", "31", "61", "62"] { #expect(pos[code]?.institutional == true, "\(code)") }
        #expect(pos["10"]?.effective == CalendarDate("2022-01-01"))
        #expect(pos["66"]?.effective == CalendarDate("2024-08-01"))
        for unassigned in ["00", "28", "30", "35", "40", "43", "59", "63", "64", "67", "80", "98"] { #expect(pos[unassigned] == nil, "\(unassigned)") }

        let tax = rules.taxonomies
        #expect(tax["225100000X"]?.role == .pt)
        #expect(tax["225200000X"]?.role == .pta)
        #expect(tax["225X00000X"]?.role == .ot)
        #expect(tax["224Z00000X"]?.role == .ota)
        #expect(tax["235Z00000X"]?.role == .slp)
        #expect(tax["2251X0800X"]?.role == .pt)
        #expect(tax["261QR0400X"] == nil)
        for p in rules.payers.values { #expect(p.maxTimedUnitsPerDay == 8, "\(p.id)") }
    }

    @Test func theNewFilesAreOptional() throws {
        var files = try ShippedConfig.rules()
        files.files[PlaceOfServiceFile.fileName] = nil
        files.files[TaxonomyFile.fileName] = nil
        let rules = try RuleSetLoader.load(files)
        #expect(rules.placesOfService.count == 0 && rules.taxonomies.count == 0)
        #expect(rules.digest != (try RuleSetLoader.load(try ShippedConfig.rules())).digest)
    }

    @Test func badPlaceOfServiceRowsAreRefused() throws {
        let found = try problems(editing: PlaceOfServiceFile.fileName) {
            $0.replacingOccurrences(of: "11\tOffice\t\tno\t", with: "1\tOffice\t2020-13-01\tmaybe\t")
              .replacingOccurrences(of: "12\tHome\t\tno\tCMS Place of Service Code Set", with: "22\tHome\t\tno\t ")
        }
        let text = found.map(\.description).joined(separator: "\n")
        #expect(text.contains(#"field "code": "1" is not a two-digit place-of-service code"#), "\(text)")
        #expect(text.contains(#"field "effective": "2020-13-01" is not a date written YYYY-MM-DD"#), "\(text)")
        #expect(text.contains(#"field "institutional": "maybe" is not yes or no"#), "\(text)")
        #expect(text.contains(#"field "code": 22 is already listed on line"#), "\(text)")
        #expect(text.contains(#"field "source": is empty"#), "\(text)")
        #expect(found.allSatisfy { $0.file == "Config/rules/place-of-service.tsv" && $0.line != nil })
    }

    @Test func badTaxonomyRowsAreRefused() throws {
        let found = try problems(editing: TaxonomyFile.fileName) {
            $0.replacingOccurrences(of: "225100000X\tPhysical Therapist\tPT\tno", with: "2251000000\tPhysical Therapist\tPTA\tsometimes")
              .replacingOccurrences(of: "235Z00000X\tSpeech-Language Pathologist\tSLP\tno", with: "235Z00000X\tSpeech-Language Pathologist\tSLP\tyes")
        }
        let text = found.map(\.description).joined(separator: "\n")
        #expect(text.contains(#"field "code": "2251000000" is not a NUCC taxonomy code"#), "\(text)")
        #expect(text.contains(#"field "discipline": "PTA" is not PT, OT or SLP"#), "\(text)")
        #expect(text.contains(#"field "assistant": "sometimes" is not yes or no"#), "\(text)")
        #expect(text.contains(#"field "assistant": SLP has no assistant taxonomy"#), "\(text)")
    }

    @Test(arguments: ["0", "97", "-1"])
    func maxTimedUnitsPerDayOutOfRangeIsRefused(_ value: String) throws {
        let found = try problems(editing: "payers/medicare.json") {
            $0.replacingOccurrences(of: #""maxTimedUnitsPerDay": 8"#, with: #""maxTimedUnitsPerDay": "# + value)
        }
        #expect(found.count == 1)
        #expect(found.first?.file == "Config/rules/payers/medicare.json")
        #expect(found.first?.field == "/maxTimedUnitsPerDay")
        #expect(found.first?.message.contains("is not 1 to 96") == true)
    }
}
