import ClaimRules
import ClaimWire
import FHIRClaim
import Foundation
import RuleData
import StrictJSON
import Testing

/// Issues from field problems and findings, the clean claim, the conformance resources, and the same
/// claim through our JSON and through FHIR.
@Suite struct OperationOutcomeTests {
    static let rules: RuleSet? = try? RuleSetLoader.loadDefault()

    func scrub(_ claim: Claim) throws -> (problems: [FieldProblem], result: ScrubResult?) {
        let rules = try #require(OperationOutcomeTests.rules)
        let problems = ClaimValidator.validate(claim, rules: rules)
        return (problems, problems.isEmpty ? Scrubber.scrub(claim, rules: rules) : nil)
    }

    func json(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test func fieldProblemsPointAtTheFHIRElement() throws {
        let mapping = try Fixtures.mapping(try Fixtures.example("f02-medicare-ot-co"))
        let problems = [FieldProblem(pointer: "/lines/1/modifiers/1", message: "modifier repeated on the line"),
                        FieldProblem(pointer: "/lines/0/units", message: "units must be between 0 and 999"),
                        FieldProblem(pointer: "/totalCharge", message: "the total is not the sum of the charges")]
        let issues = OperationOutcome.issues(mapping: mapping, problems: problems, result: nil)
        let added = Array(issues.dropFirst(mapping.issues.count))
        #expect(added.map(\.expressions) == [["Claim.item[1].modifier[1]"], ["Claim.item[0].quantity"], ["Claim.total"]])
        #expect(added.map(\.code) == [.codeInvalid, .value, .value])
        #expect(added.allSatisfy { $0.severity == .error && $0.detailCode == "CLAIM_FIELD_INVALID" })
    }

    @Test func aProblemTheMappingAlreadyReportedIsNotRepeated() throws {
        let claim = try Fixtures.edited(try Fixtures.example("f01-medicare-pt"), "contained.3.type", ["text": "Medicare"])
        let mapping = try Fixtures.mapping(claim)
        let (problems, _) = try scrub(mapping.claim)
        #expect(problems.contains { $0.pointer == "/payer" })
        let issues = OperationOutcome.issues(mapping: mapping, problems: problems, result: nil)
        #expect(issues.filter { $0.expressions.contains("Claim.insurance[0].coverage") }.map(\.detailCode) == ["PAYER_NOT_MAPPED"])
    }

    @Test func findingsBecomeIssuesAtTheirElements() throws {
        // f02 bills group 97150 with 97530 and 97110: CMS PTP edits 97150/97530 and 97150/97110 (indicator 1).
        let mapping = try Fixtures.mapping(try Fixtures.example("f02-medicare-ot-co"))
        let (problems, result) = try scrub(mapping.claim)
        #expect(problems.isEmpty)
        let scrubbed = try #require(result)
        let issues = OperationOutcome.issues(mapping: mapping, problems: [], result: scrubbed)
        #expect(issues.count == mapping.issues.count + scrubbed.errors.count + scrubbed.warnings.count + scrubbed.conflicts.count)
        #expect(scrubbed.conflicts.filter { $0.id == .ptpModifierRequired }.count == 2)
        for conflict in scrubbed.conflicts where conflict.id == .ptpModifierRequired {
            let issue = try #require(issues.first { $0.detailCode == "PTP_MODIFIER_REQUIRED" && $0.message == conflict.message })
            #expect(issue.severity == .error && issue.code == .businessRule)
            #expect(issue.expressions == conflict.lines.map { "Claim.item[\($0)].modifier" })
            #expect(issue.message == conflict.message && issue.fix == conflict.fix)
        }
        let body = try json(OperationOutcome.encode(issues))
        #expect(body["resourceType"] as? String == "OperationOutcome")
        let first = try #require((body["issue"] as? [[String: Any]])?.first)
        let coding = try #require(((first["details"] as? [String: Any])?["coding"] as? [[String: Any]])?.first)
        #expect(coding["system"] as? String == "https://claim-scrubber.dev/fhir/CodeSystem/claim-scrubber-issue")
        #expect(coding["code"] as? String == issues.first?.detailCode)
        #expect(coding["display"] as? String == issues.first?.message)
        #expect(first["diagnostics"] as? String == issues.first?.fix)
    }

    @Test func aCleanClaimGetsOneInformationIssueSayingSo() throws {
        var claim = try Fixtures.edited(try Fixtures.example("f01-medicare-pt"), "item.1", nil)
        claim = try Fixtures.edited(claim, "total.value", 150.0)
        claim = try Fixtures.edited(claim, "item.0.extension", [["url": "https://claim-scrubber.dev/fhir/StructureDefinition/therapy-minutes",
                                                                "valueDuration": ["value": 45, "system": "http://unitsofmeasure.org", "code": "min"]]])
        var mapping = try Fixtures.mapping(claim)
        // FHIR has no element for treatment-note facts; give them as the JSON API would.
        mapping.claim.context = Claim.Context(
            treatmentDaysSinceProgressReport: 2, visitNumber: 3, progressReportToday: false,
            planOfCare: .init(certifiedFrom: try Fixtures.date("2025-02-01"), certifiedThrough: try Fixtures.date("2025-04-30"), goalIds: ["G1"]),
            yearToDateAllowed: .init(ptSlp: 100, ot: 0),
            documentation: .init(activityDescription: true, assistanceType: true, assistanceLevel: true, goalIds: ["G1"],
                                 functionalDeficits: true, continuedSkilledNeed: true, supervisionDocumented: true))
        let (problems, result) = try scrub(mapping.claim)
        #expect(problems.isEmpty)
        let scrubbed = try #require(result)
        #expect(scrubbed.status == .clean, "\(scrubbed.errors + scrubbed.warnings)")
        let issues = OperationOutcome.issues(mapping: mapping, problems: [], result: scrubbed)
        // Dated 2025, outside the built-in NCCI edits' quarter (2024 Q3): that info notice comes with the clean issue.
        #expect(issues.map(\.detailCode) == ["NCCI_EDITS_SNAPSHOT", "CLAIM_CLEAN"])
        #expect(issues.allSatisfy { $0.severity == .information })
    }

    @Test func theSameClaimAsOurJSONGetsTheSameFindings() throws {
        let decoder = ClaimDecoder()
        var withMinutes = try Fixtures.edited(try Fixtures.example("f01-medicare-pt"), "item.0.extension",
                                              [["url": "https://claim-scrubber.dev/fhir/StructureDefinition/therapy-minutes",
                                                "valueDuration": ["value": 40, "system": "http://unitsofmeasure.org", "code": "min"]]])
        withMinutes = try Fixtures.edited(withMinutes, "item.1.extension", [["url": "https://claim-scrubber.dev/fhir/StructureDefinition/therapy-minutes",
                                                                              "valueDuration": ["value": 10, "system": "http://unitsofmeasure.org", "code": "min"]]])
        for claim in [try Fixtures.example("f01-medicare-pt"), try Fixtures.example("f02-medicare-ot-co"), withMinutes] {
            let mapped = try Fixtures.mapping(claim).claim
            let viaJSON = try decoder.decode(ClaimEncoder.encode(mapped))
            let a = try #require(try scrub(mapped).result), b = try #require(try scrub(viaJSON).result)
            #expect(a.allFindingIDs == b.allFindingIDs)
            #expect((a.errors + a.warnings).map(\.lines) == (b.errors + b.warnings).map(\.lines))
            #expect(a.lines == b.lines)
            #expect(!a.allFindingIDs.isEmpty)
        }
    }

    @Test func conformanceResourcesCarryWhatFHIRRequires() throws {
        let capability = try json(FHIRConformance.capabilityStatement())
        #expect(capability["resourceType"] as? String == "CapabilityStatement")
        #expect(capability["fhirVersion"] as? String == "4.0.1")
        #expect((capability["format"] as? [String])?.contains("json") == true)
        let rest = try #require((capability["rest"] as? [[String: Any]])?.first)
        let claim = try #require((rest["resource"] as? [[String: Any]])?.first { $0["type"] as? String == "Claim" })
        let operation = try #require((claim["operation"] as? [[String: Any]])?.first)
        #expect(operation["name"] as? String == "validate")
        #expect(operation["definition"] as? String == FHIRSystem.operationDefinition)

        let definition = try json(FHIRConformance.operationDefinition())
        #expect(definition["url"] as? String == FHIRSystem.operationDefinition)
        #expect(definition["code"] as? String == "validate" && definition["id"] as? String == "claim-scrub")

        let codes = try json(FHIRConformance.issueCodeSystem())
        let concepts = Set(((codes["concept"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String })
        #expect(concepts == Set(FindingID.allCases.map(\.rawValue) + FHIRInputCode.allCases.map(\.rawValue)))
        #expect(codes["count"] as? Int == concepts.count)

        let ext = try json(FHIRConformance.therapyMinutesExtension())
        #expect(ext["url"] as? String == FHIRSystem.therapyMinutes)
    }

    @Test func docsCarryThePayerMapDefaults() throws {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("docs/fhir.md"), encoding: .utf8)
        #expect(text.contains(PayerMap.markdownTable()), "regenerate: PayerMap.markdownTable()\n\(PayerMap.markdownTable())")
    }
}
