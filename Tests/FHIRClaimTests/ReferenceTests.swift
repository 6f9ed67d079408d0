import ClaimRules
import FHIRClaim
import Foundation
import Testing

/// Contained `#id` references, Bundle entries by fullUrl and by Type/id, Parameters, and references that
/// lead nowhere or in circles.
@Suite struct ReferenceTests {
    /// f01 as a Bundle: the Claim without contained resources, each resource its own entry.
    static func bundle(fullUrls: Bool) throws -> [String: Any] {
        var claim = try Fixtures.example("f01-medicare-pt")
        let contained = try #require(claim["contained"] as? [[String: Any]])
        claim["contained"] = nil
        var entries: [[String: Any]] = []
        var urlOfID: [String: String] = [:]
        for (i, resource) in contained.enumerated() {
            let type = try #require(resource["resourceType"] as? String), id = try #require(resource["id"] as? String)
            let url = fullUrls ? "urn:uuid:00000000-0000-4000-8000-00000000000\(i)" : "http://example.org/fhir/\(type)/\(id)"
            urlOfID["#" + id] = fullUrls ? url : "\(type)/\(id)"
            var copy = resource
            // References between the moved resources follow them.
            if var payor = copy["payor"] as? [[String: Any]], let ref = payor.first?["reference"] as? String {
                payor[0]["reference"] = urlOfID[ref] ?? ref
                copy["payor"] = payor
            }
            entries.append(["fullUrl": url, "resource": copy])
        }
        // Coverage's payor pointed at #medicare before it was moved: fix it up now that every URL is known.
        for i in entries.indices {
            if var resource = entries[i]["resource"] as? [String: Any], var payor = resource["payor"] as? [[String: Any]],
               let ref = payor.first?["reference"] as? String, let moved = urlOfID[ref] {
                payor[0]["reference"] = moved
                resource["payor"] = payor
                entries[i]["resource"] = resource
            }
        }
        var text = String(decoding: try Fixtures.bytes(claim), as: UTF8.self)
        for (old, new) in urlOfID { text = text.replacingOccurrences(of: "\"\(old)\"", with: "\"\(new)\"") }
        let moved = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        entries.insert(["fullUrl": "urn:uuid:00000000-0000-4000-8000-0000000000ff", "resource": moved], at: 2)
        return ["resourceType": "Bundle", "type": "collection", "entry": entries]
    }

    @Test func bundleEntriesResolveByFullUrlAndByTypeAndID() throws {
        let alone = try Fixtures.mapping(try Fixtures.example("f01-medicare-pt"))
        for fullUrls in [true, false] {
            let mapping = try Fixtures.mapping(try ReferenceTests.bundle(fullUrls: fullUrls))
            #expect(mapping.claim == alone.claim, "fullUrls: \(fullUrls)")
            #expect(mapping.issues.isEmpty, "\(mapping.issues)")
            // Expressions start at the submitted Bundle.
            #expect(mapping.paths.expression(for: "/lines/1/modifiers/0") == "Bundle.entry[2].resource.item[1].modifier[0]")
        }
    }

    @Test func parametersCarryTheClaimOrABundle() throws {
        let alone = try Fixtures.mapping(try Fixtures.example("f01-medicare-pt"))
        let parameters: [String: Any] = ["resourceType": "Parameters", "parameter": [
            ["name": "mode", "valueCode": "create"],
            ["name": "resource", "resource": try Fixtures.example("f01-medicare-pt")],
        ]]
        let mapping = try Fixtures.mapping(parameters)
        #expect(mapping.claim == alone.claim)
        #expect(mapping.paths.expression(for: "/lines/0/code") == "Parameters.parameter[1].resource.item[0].productOrService")
        let wrapped: [String: Any] = ["resourceType": "Parameters", "parameter": [["name": "resource", "resource": try ReferenceTests.bundle(fullUrls: true)]]]
        #expect(try Fixtures.mapping(wrapped).claim == alone.claim)
    }

    @Test func practitionerRoleLeadsToItsPractitioner() throws {
        var claim: Any = try Fixtures.example("f01-medicare-pt")
        let role: [String: Any] = ["resourceType": "PractitionerRole", "id": "role1", "practitioner": ["reference": "#pt1"],
                                   "code": [["coding": [["system": "http://example.org/roles", "code": "therapist"]]]]]
        claim = try Fixtures.edited(claim, "contained.5", role)
        claim = try Fixtures.edited(claim, "careTeam.0.provider", ["reference": "#role1"])
        claim = try Fixtures.edited(claim, "careTeam.0.qualification", nil)
        let mapping = try Fixtures.mapping(claim)
        #expect(mapping.claim.provider == Claim.Provider(npi: "1765432103", role: .pt, taxonomy: "225100000X"))
        #expect(mapping.issues.isEmpty)
    }

    @Test func logicalReferencesGiveTheNPIWithoutResolving() throws {
        let claim = try Fixtures.edited(try Fixtures.example("f01-medicare-pt"), "careTeam.0.provider",
                                        ["identifier": ["system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567893"]])
        let mapping = try Fixtures.mapping(claim)
        #expect(mapping.claim.provider == Claim.Provider(npi: "1234567893", role: .pt, taxonomy: "225100000X"))
        #expect(mapping.issues.isEmpty)
    }

    @Test func danglingReferencesAreReportedWhereTheyAre() throws {
        var claim: Any = try Fixtures.example("f01-medicare-pt")
        claim = try Fixtures.edited(claim, "careTeam.0.provider", ["reference": "Practitioner/missing"])
        claim = try Fixtures.edited(claim, "insurance.0.coverage", ["reference": "#nothing"])
        claim = try Fixtures.edited(claim, "item.0.careTeamSequence", [9])
        claim = try Fixtures.edited(claim, "item.1.diagnosisSequence", [2, 13])
        let mapping = try Fixtures.mapping(claim)
        let unresolved = mapping.issues(.referenceUnresolved)
        #expect(unresolved.flatMap(\.expressions) == ["Claim.careTeam[0].provider", "Claim.insurance[0].coverage"])
        #expect(unresolved.allSatisfy { $0.severity == .warning })
        #expect(mapping.issues(.sequenceUnresolved).flatMap(\.expressions) == ["Claim.item[0].careTeamSequence[0]", "Claim.item[1].diagnosisSequence[1]"])
        #expect(mapping.issues(.payerNotMapped).count == 1)
        #expect(mapping.claim.lines[1].diagnosisPointers == [2])
        #expect(mapping.hasErrors)
    }

    @Test func aSequencePastTheDiagnosesIsAPointerToAMissingPosition() throws {
        // Diagnoses numbered 1 and 2: sequence 4 is pointer 4 of 2 diagnoses, the engine's DIAGNOSIS_POINTER_INVALID,
        // as the same pointer in our JSON or an 837P SV107 gets.
        let past = try Fixtures.mapping(try Fixtures.edited(try Fixtures.example("f01-medicare-pt"), "item.1.diagnosisSequence", [2, 4]))
        #expect(past.issues(.sequenceUnresolved).isEmpty)
        #expect(past.claim.lines[1].diagnosisPointers == [2, 4])
        #expect(!past.hasErrors)
        // Sequences that are not positions (1 and 5): item 0's sequence 2 and item 1's 3 cannot be translated and
        // stay mapping errors.
        var gapped: Any = try Fixtures.edited(try Fixtures.example("f01-medicare-pt"), "diagnosis.1.sequence", 5)
        gapped = try Fixtures.edited(gapped, "item.1.diagnosisSequence", [3])
        let unresolved = try Fixtures.mapping(gapped)
        #expect(unresolved.issues(.sequenceUnresolved).flatMap(\.expressions) == ["Claim.item[0].diagnosisSequence[1]", "Claim.item[1].diagnosisSequence[0]"])
        #expect(unresolved.hasErrors)
    }

    @Test func referenceCyclesEndAfterOneLookup() throws {
        var claim: Any = try Fixtures.example("f01-medicare-pt")
        // A PractitionerRole whose practitioner is itself, a Coverage whose payor is the Coverage, a contained
        // resource pointing at its container.
        let loop: [String: Any] = ["resourceType": "PractitionerRole", "id": "loop", "practitioner": ["reference": "#loop"]]
        claim = try Fixtures.edited(claim, "contained.5", loop)
        claim = try Fixtures.edited(claim, "careTeam.0.provider", ["reference": "#loop"])
        claim = try Fixtures.edited(claim, "careTeam.0.qualification", nil)
        claim = try Fixtures.edited(claim, "contained.3.payor", [["reference": "#cov"], ["reference": "#"]])
        let mapping = try Fixtures.mapping(claim)
        #expect(mapping.issues(.providerRoleUnknown).count == 1)
        #expect(mapping.claim.payer == "medicare")

        // Two Bundle entries referring to each other.
        var bundle = try ReferenceTests.bundle(fullUrls: true)
        var entries = try #require(bundle["entry"] as? [[String: Any]])
        entries.append(["fullUrl": "urn:uuid:a", "resource": ["resourceType": "PractitionerRole", "id": "a", "practitioner": ["reference": "urn:uuid:b"]]])
        entries.append(["fullUrl": "urn:uuid:b", "resource": ["resourceType": "PractitionerRole", "id": "b", "practitioner": ["reference": "urn:uuid:a"]]])
        bundle["entry"] = entries
        let edited = try Fixtures.edited(bundle, "entry.2.resource.careTeam.0.provider", ["reference": "urn:uuid:a"])
        let cyclic = try Fixtures.mapping(try Fixtures.edited(edited, "entry.2.resource.careTeam.0.qualification", nil))
        #expect(cyclic.issues(.providerRoleUnknown).count == 1)
    }
}
