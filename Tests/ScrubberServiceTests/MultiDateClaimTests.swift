import ClaimRules
import Foundation
import RuleData
import Testing
@testable import ScrubberService

/// A claim whose dates of service fall in two NCCI quarters, end to end over real sockets: each date is judged by
/// the quarter in force on it.
@Suite struct MultiDateClaimTests {
    /// Imports a quarter whose only PTP edit is 97140/97530 with modifier indicator `indicator`.
    static func importQuarter(_ quarter: String, indicator: String, into dir: String, work: String) throws {
        let ptpText = "placeholder preamble\nColumn 1\tColumn 2\t* = In existence prior to 1996\tEffective Date\t"
            + "Deletion Date *=no data\tModifier 0=not allowed 1=allowed 9=not applicable\tPTP Edit Rationale\n"
            + "97140\t97530\t\t20200101\t*\t\(indicator)\tMutually exclusive procedures\n"
        let mueText = "\"placeholder preamble\"\n\"HCPCS/CPT Code\",\"Practitioner Services MUE Values\","
            + "\"MUE Adjudication Indicator\",\"MUE Rationale\"\n97530,6,\"3 Date of Service Edit: Clinical\",\"Clinical Data\"\n"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try Data(ptpText.utf8).write(to: URL(fileURLWithPath: work + "/ptp.txt"))
        try Data(mueText.utf8).write(to: URL(fileURLWithPath: work + "/mue.csv"))
        let q = try #require(NCCIQuarter(quarter))
        let (ruleset, _) = try NCCIImporter.importFiles(ptp: [work + "/ptp.txt"], mue: [work + "/mue.csv"], quarter: q, skipInvalid: false)
        try RulesetDirectoryWriter.write(ruleset, to: dir + "/" + quarter)
    }

    /// 97140 and 97530 on the last Monday of March and the first Thursday of April; no minutes (an 837P).
    static let claim = """
        {"payer": "medicare", "provider": {"npi": "1234567893", "role": "PT"},
         "lines": [
           {"code": "97140", "dateOfService": "2026-03-30", "units": 1, "modifiers": ["GP"]},
           {"code": "97530", "dateOfService": "2026-03-30", "units": 2, "modifiers": ["GP"]},
           {"code": "97140", "dateOfService": "2026-04-02", "units": 1, "modifiers": ["GP"]},
           {"code": "97530", "dateOfService": "2026-04-02", "units": 2, "modifiers": ["GP"]}
         ]}
        """

    @Test func eachDateIsJudgedByTheQuarterInForceOnIt() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("multi-date-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dir = root + "/rulesets"
        try Self.importQuarter("2026Q1", indicator: "0", into: dir, work: root + "/q1")
        try Self.importQuarter("2026Q2", indicator: "1", into: dir, work: root + "/q2")
        let provider = try CatalogRulesetProvider(directory: dir, defaultRuleset: try RuleSetLoader.loadDefault())
        let service = try TestService(processor: RulesEngineProcessor(provider: provider))
        let response = try service.client().request("POST", "/v1/claims/scrub", json: Self.claim)
        #expect(response.status == 200)
        let body = try #require(response.json)
        #expect((body["ruleset"] as? [String: Any])?["id"] as? String == "ncci-2026Q1")
        #expect((body["rulesets"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["ncci-2026Q1", "ncci-2026Q2"])
        let lines = try #require(body["lines"] as? [[String: Any]])
        #expect(lines.map { $0["ruleset"] as? String } == ["ncci-2026Q1", "ncci-2026Q1", "ncci-2026Q2", "ncci-2026Q2"])
        #expect(lines.map { $0["dateOfService"] as? String } == ["2026-03-30", "2026-03-30", "2026-04-02", "2026-04-02"])
        let conflicts = try #require(body["conflicts"] as? [[String: Any]])
        let pairs = conflicts.map { ($0["id"] as? String ?? "", $0["lines"] as? [Int] ?? [], $0["modifierIndicator"] as? Int) }
        #expect(pairs.map(\.0) == ["PTP_NOT_PAYABLE", "PTP_MODIFIER_REQUIRED"])
        #expect(pairs.map(\.1) == [[0, 1], [2, 3]])
        let warnings = try #require(body["warnings"] as? [[String: Any]])
        #expect(warnings.filter { $0["id"] as? String == "EIGHT_MINUTE_RULE_NOT_VERIFIED" }.count == 1)
        #expect(!warnings.contains { $0["id"] as? String == "RULESET_NOT_IN_FORCE" })
    }

    @Test func diagnosesAreCheckedAgainstTheEmbeddedICD10CMRelease() throws {
        let provider = try CatalogRulesetProvider(directory: nil, defaultRuleset: try RuleSetLoader.loadDefault())
        let service = try TestService(processor: RulesEngineProcessor(provider: provider))
        // M62.8 is a subcategory heading, W19.XXXA an external cause listed first on the second line.
        let body = """
            {"payer": "medicare", "dateOfService": "2026-03-02", "diagnoses": ["M62.81", "M62.8", "W19.XXXA"],
             "provider": {"npi": "1234567893", "role": "PT"},
             "lines": [{"code": "97530", "units": 2, "modifiers": ["GP"], "diagnosisPointers": [1, 2]},
                       {"code": "97110", "units": 1, "modifiers": ["GP"], "diagnosisPointers": [3, 1]}]}
            """
        let response = try service.client().request("POST", "/v1/claims/warnings", json: body)
        #expect(response.status == 200)
        let errors = try #require(response.json?["errors"] as? [[String: Any]])
        #expect(errors.compactMap { $0["id"] as? String } == ["DIAGNOSIS_EXTERNAL_CAUSE_FIRST", "DIAGNOSIS_NOT_BILLABLE"])
        #expect(errors.first?["lines"] as? [Int] == [1])
        let warnings = try #require(response.json?["warnings"] as? [[String: Any]])
        #expect(!warnings.contains { $0["id"] as? String == "DIAGNOSIS_CODE_SET_UNAVAILABLE" })
    }

    @Test func aLineWithoutADateIsAProblemAtItsPointer() throws {
        let provider = try CatalogRulesetProvider(directory: nil, defaultRuleset: try RuleSetLoader.loadDefault())
        let service = try TestService(processor: RulesEngineProcessor(provider: provider))
        let body = #"{"payer": "medicare", "provider": {"role": "PT"}, "lines": [{"code": "97530", "dateOfService": "2026-03-30", "units": 2}, {"code": "97110", "units": 1, "charge": 1.005}]}"#
        let response = try service.client().request("POST", "/v1/claims/scrub", json: body)
        #expect(response.status == 422)
        let errors = try #require(response.json?["errors"] as? [[String: String]])
        #expect(errors.compactMap { $0["pointer"] } == ["/lines/1/charge", "/lines/1/dateOfService"])
    }
}
