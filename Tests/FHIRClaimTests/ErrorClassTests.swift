import ClaimRules
import FHIRClaim
import Foundation
import Testing

/// Every class of problem: what is not FHIR (400), what is not a Claim (422), and every mapping error,
/// each located by FHIRPath.
@Suite struct ErrorClassTests {
    func outcome(_ text: String) -> FHIRClaimReader.Outcome { FHIRClaimReader().read(Array(text.utf8)) }

    @Test func notJSONAndNotFHIRAreTheirOwnClass() {
        for body in ["", "{", "{\"resourceType\": \"Claim\",}", "[1, 2]", "\"Claim\"", "{\"a\": 1, \"a\": 2}", "\u{FEFF}{}"] {
            guard case .notFHIR(let issue) = outcome(body) else {
                Issue.record("\(body): expected notFHIR")
                continue
            }
            #expect(issue.severity == .error && issue.code == .structure, "\(body)")
        }
        guard case .notFHIR(let issue) = outcome("{\"resourceType\": 7}") else { Issue.record("number resourceType"); return }
        #expect(issue.detailCode == "NOT_FHIR")
        guard case .notFHIR(let syntax) = outcome("{\"x\": tru}") else { Issue.record("bad literal"); return }
        #expect(syntax.detailCode == "NOT_JSON" && syntax.message.contains("line 1"))
    }

    @Test func otherResourcesAndEmptyContainersAreUnsupported() {
        let cases: [(String, String)] = [
            (#"{"resourceType": "Patient", "id": "p"}"#, "RESOURCE_NOT_SUPPORTED"),
            (#"{"resourceType": "Parameters"}"#, "CLAIM_NOT_FOUND"),
            (#"{"resourceType": "Parameters", "parameter": [{"name": "resource", "resource": {"resourceType": "Patient"}}]}"#, "RESOURCE_NOT_SUPPORTED"),
            (#"{"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Patient"}}]}"#, "CLAIM_NOT_FOUND"),
            (#"{"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Claim"}}, {"resource": {"resourceType": "Claim"}}]}"#, "CLAIM_NOT_FOUND"),
            (#"{"resourceType": "Bundle", "entry": "nope"}"#, "CLAIM_NOT_FOUND"),
        ]
        for (body, code) in cases {
            guard case .unsupported(let issue) = outcome(body) else {
                Issue.record("\(body): expected unsupported")
                continue
            }
            #expect(issue.detailCode == code, "\(body)")
            #expect(issue.severity == .error)
        }
    }

    @Test func anEmptyClaimReportsWhatIsMissing() throws {
        let mapping = try Fixtures.mapping(["resourceType": "Claim"])
        #expect(Set(mapping.issues.map(\.detailCode)) == ["PAYER_NOT_MAPPED", "RENDERING_PROVIDER_UNKNOWN"])
        #expect(mapping.claim.lines.isEmpty)
        #expect(mapping.paths.expression(for: "/lines") == "Claim.item")
    }

    @Test func wrongTypesAreStructureErrorsAtTheirPath() throws {
        let cases: [(String, Any, String)] = [
            ("item", "not an array", "Claim.item"),
            ("item.0", 42, "Claim.item[0]"),
            ("item.0.quantity", "3", "Claim.item[0].quantity"),
            ("item.0.servicedDate", 20250303, "Claim.item[0].servicedDate"),
            ("item.0.modifier", ["GP"], "Claim.item[0].modifier[0]"),
            ("diagnosis.0.sequence", "1", "Claim.diagnosis[0].sequence"),
            ("careTeam.0.sequence", 0, "Claim.careTeam[0].sequence"),
            ("item.0.diagnosisSequence", [1.5], "Claim.item[0].diagnosisSequence[0]"),
            ("item.0.net", 150, "Claim.item[0].net"),
            ("total.value", -1, "Claim.total.value"),
            ("total.currency", "EUR", "Claim.total.currency"),
            ("item.0.quantity.value", 2.5, "Claim.item[0].quantity.value"),
            ("item.0.quantity", ["value": 2, "unit": "h", "system": "http://unitsofmeasure.org", "code": "h"], "Claim.item[0].quantity"),
            ("item.0.servicedDate", "2025-03", "Claim.item[0].servicedDate"),
            ("use", ["claim"], "Claim.use"),
        ]
        for (path, value, expression) in cases {
            let mapping = try Fixtures.mapping(try Fixtures.edited(try Fixtures.example("f01-medicare-pt"), path, value))
            let errors = mapping.issues.filter { $0.severity == .error }
            #expect(errors.contains { $0.expressions.contains(expression) }, "\(path): \(mapping.issues)")
        }
    }

    @Test func everyMappingErrorClassIsLocated() throws {
        let f01 = try Fixtures.example("f01-medicare-pt")
        let cases: [(String, Any?, FHIRInputCode, String)] = [
            ("item.0.productOrService", ["coding": [["system": "http://example.org/services", "code": "97530"]]], .productNotCPTOrHCPCS, "Claim.item[0].productOrService"),
            ("item.0.productOrService", nil, .productNotCPTOrHCPCS, "Claim.item[0]"),
            ("item.0.modifier", [["text": "GP"]], .modifierNotCoded, "Claim.item[0].modifier[0]"),
            ("item.0.servicedDate", nil, .serviceDateMissing, "Claim.item[0]"),
            ("diagnosis.1.diagnosisCodeableConcept", ["coding": [["system": "http://hl7.org/fhir/sid/icd-9-cm", "code": "724.2"]]], .diagnosisNotICD10CM, "Claim.diagnosis[1].diagnosisCodeableConcept"),
            ("diagnosis.1.sequence", 1, .sequenceDuplicate, "Claim.diagnosis[1].sequence"),
            ("careTeam.0.qualification", ["coding": [["system": "http://nucc.org/provider-taxonomy", "code": "261QR0405X"]]], .providerRoleUnknown, "Claim.careTeam[0].qualification"),
            ("insurance", [], .payerNotMapped, "Claim.insurance"),
            ("item.0.quantity", ["value": 3, "code": "kg", "system": "http://unitsofmeasure.org"], .quantityNotSupported, "Claim.item[0].quantity"),
        ]
        for (path, value, code, expression) in cases {
            var claim: Any = try Fixtures.edited(f01, path, value)
            if path.hasPrefix("careTeam.0.qualification") { claim = try Fixtures.edited(claim, "contained.4.qualification", nil) }
            let mapping = try Fixtures.mapping(claim)
            let found = mapping.issues(code)
            #expect(found.contains { $0.expressions.contains(expression) }, "\(path): \(mapping.issues)")
            #expect(mapping.hasErrors, "\(path)")
        }
    }

    @Test func tooManyItemsAreCappedAndReported() throws {
        let f01 = try Fixtures.example("f01-medicare-pt")
        let item = try #require((f01["item"] as? [[String: Any]])?.first)
        let claim = try Fixtures.edited(f01, "item", Array(repeating: item, count: ClaimValidator.maxLines + 5))
        let mapping = try Fixtures.mapping(claim)
        #expect(mapping.claim.lines.count == ClaimValidator.maxLines)
        #expect(mapping.issues(.tooManyElements).first?.expressions == ["Claim.item"])
    }
}
