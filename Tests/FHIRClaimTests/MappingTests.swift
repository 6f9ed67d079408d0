import ClaimRules
import FHIRClaim
import Foundation
import Testing

/// Every field of the mapping, on the two constructed therapy claims and edits of them.
@Suite struct MappingTests {
    @Test func medicarePTClaimMapsEveryField() throws {
        let mapping = try Fixtures.mapping(try Fixtures.example("f01-medicare-pt"))
        let dos = try Fixtures.date("2025-03-03")
        let expected = Claim(
            claimId: "CONSTRUCTED-F01-MEDICARE-PT", payer: "medicare", dateOfService: dos, totalCharge: Money(cents: 19500),
            diagnoses: ["M62.81", "M54.50"], billingProvider: .init(npi: "1948573625"),
            provider: .init(npi: "1765432103", role: .pt, taxonomy: "225100000X"),
            lines: [
                .init(code: "97530", dateOfService: dos, units: 3, modifiers: ["GP"], diagnosisPointers: [1, 2],
                      charge: Money(cents: 15000), placeOfService: "11"),
                .init(code: "97140", dateOfService: dos, units: 1, modifiers: ["GP"], diagnosisPointers: [2],
                      charge: Money(cents: 4500), placeOfService: "11"),
            ])
        #expect(mapping.claim == expected)
        #expect(mapping.issues.isEmpty, "\(mapping.issues)")
    }

    @Test func medicareOTClaimWithAssistantMapsEveryField() throws {
        let mapping = try Fixtures.mapping(try Fixtures.example("f02-medicare-ot-co"))
        let dos = try Fixtures.date("2025-03-04")
        let expected = Claim(
            claimId: "CONSTRUCTED-F02-MEDICARE-OT-CO", payer: "medicare", dateOfService: dos, totalCharge: Money(cents: 17000),
            diagnoses: ["I69.351", "M62.81"], billingProvider: .init(npi: "1432109878"),
            provider: .init(npi: "1321098760", role: .ot, taxonomy: "225X00000X"),
            lines: [
                .init(code: "97530", dateOfService: dos, units: 2, modifiers: ["GO"], diagnosisPointers: [1, 2],
                      charge: Money(cents: 10000), placeOfService: "11"),
                .init(code: "97110", dateOfService: dos, units: 1, modifiers: ["GO", "CO"], assistantInvolved: true,
                      diagnosisPointers: [2], charge: Money(cents: 4000), placeOfService: "11"),
                .init(code: "97150", dateOfService: dos, units: 1, modifiers: ["GO"], diagnosisPointers: [1],
                      charge: Money(cents: 3000), placeOfService: "11"),
            ])
        #expect(mapping.claim == expected)
        // The total-minutes supportingInfo of the file is not read, and says so once.
        #expect(mapping.issues.map(\.detailCode) == ["MINUTES_NOT_READ"])
        #expect(mapping.issues.first?.expressions == ["Claim.supportingInfo[0]"])
        #expect(mapping.issues.first?.severity == .information)
    }

    @Test func pathsLeadFromOurPointersToTheFHIRElements() throws {
        let paths = try Fixtures.mapping(try Fixtures.example("f02-medicare-ot-co")).paths
        let cases: [(String, String)] = [
            ("/lines/1/modifiers/1", "Claim.item[1].modifier[1]"),
            ("/lines/1/modifiers", "Claim.item[1].modifier"),
            ("/lines/0/code", "Claim.item[0].productOrService"),
            ("/lines/2/units", "Claim.item[2].quantity"),
            ("/lines/0/dateOfService", "Claim.item[0].servicedDate"),
            ("/lines/0/placeOfService", "Claim.item[0].locationCodeableConcept"),
            ("/lines/0/diagnosisPointers/1", "Claim.item[0].diagnosisSequence[1]"),
            ("/lines/1/charge", "Claim.item[1].net"),
            ("/lines/1/assistantInvolved", "Claim.item[1].careTeamSequence"),
            ("/lines/0/minutes", "Claim.item[0].extension('https://claim-scrubber.dev/fhir/StructureDefinition/therapy-minutes')"),
            ("/lines/2/somethingNew", "Claim.item[2]"),
            ("/diagnoses/0", "Claim.diagnosis[0]"),
            ("/diagnoses", "Claim.diagnosis"),
            ("/totalCharge", "Claim.total"),
            ("/payer", "Claim.insurance[0].coverage"),
            ("/provider/role", "Claim.careTeam[0].qualification"),
            ("/provider/npi", "Claim.careTeam[0].provider"),
            ("/billingProvider/npi", "Claim.provider"),
            ("/lines", "Claim.item"),
            ("/dateOfService", "Claim.item"),
            ("/context/visitNumber", "Claim"),
            ("", "Claim"),
        ]
        for (pointer, expression) in cases {
            #expect(paths.expression(for: pointer) == expression, "\(pointer)")
        }
    }

    @Test func diagnosisSequenceIsReadByValueNotPosition() throws {
        var claim: Any = try Fixtures.example("f01-medicare-pt")
        // Sequences 7 and 3, listed in that order: position 1 is sequence 3 (M54.50), position 2 sequence 7.
        claim = try Fixtures.edited(claim, "diagnosis.0.sequence", 7)
        claim = try Fixtures.edited(claim, "diagnosis.1.sequence", 3)
        claim = try Fixtures.edited(claim, "item.0.diagnosisSequence", [7])
        claim = try Fixtures.edited(claim, "item.1.diagnosisSequence", [3, 7])
        let mapping = try Fixtures.mapping(claim)
        #expect(mapping.claim.diagnoses == ["M54.50", "M62.81"])
        #expect(mapping.claim.lines.map(\.diagnosisPointers) == [[2], [1, 2]])
        #expect(mapping.paths.expression(for: "/diagnoses/0") == "Claim.diagnosis[1]")
        #expect(mapping.issues.isEmpty)
    }

    @Test func absentQuantityIsOneUnitWithAnInformationIssue() throws {
        let claim = try Fixtures.edited(try Fixtures.example("f01-medicare-pt"), "item.1.quantity", nil)
        let mapping = try Fixtures.mapping(claim)
        #expect(mapping.claim.lines[1].units == 1)
        let issue = try #require(mapping.issues(.quantityDefaulted).first)
        #expect(issue.severity == .information)
        #expect(issue.expressions == ["Claim.item[1].quantity"])
        #expect(!mapping.hasErrors)
    }

    @Test func ucumMinutesQuantityIsMinutesNotUnits() throws {
        let claim = try Fixtures.edited(try Fixtures.example("f01-medicare-pt"), "item.0.quantity",
                                        ["value": 38, "unit": "min", "system": "http://unitsofmeasure.org", "code": "min"])
        let mapping = try Fixtures.mapping(claim)
        #expect(mapping.claim.lines[0].minutes == 38)
        #expect(mapping.claim.lines[0].units == nil)
        #expect(mapping.paths.expression(for: "/lines/0/minutes") == "Claim.item[0].quantity")
        // net is a per-minute price then: no net check against unitPrice.
        #expect(mapping.issues.isEmpty)
    }

    @Test func minutesExtensionCarriesMinutesBesideUnits() throws {
        let ext: [String: Any] = ["url": "https://claim-scrubber.dev/fhir/StructureDefinition/therapy-minutes",
                                  "valueDuration": ["value": 45, "unit": "min", "system": "http://unitsofmeasure.org", "code": "min"]]
        let claim = try Fixtures.edited(try Fixtures.example("f01-medicare-pt"), "item.0.extension", [ext])
        let mapping = try Fixtures.mapping(claim)
        #expect(mapping.claim.lines[0].minutes == 45)
        #expect(mapping.claim.lines[0].units == 3)
        #expect(mapping.paths.expression(for: "/lines/0/minutes") == "Claim.item[0].extension[0].valueDuration")
        #expect(mapping.issues.isEmpty)

        let conflicting = try Fixtures.edited(claim, "item.0.quantity", ["value": 40, "system": "http://unitsofmeasure.org", "code": "min"])
        let conflict = try Fixtures.mapping(conflicting)
        #expect(conflict.issues(.minutesConflict).count == 1)
        #expect(conflict.hasErrors)
    }

    @Test func servicedPeriodGivesADateRange() throws {
        var claim = try Fixtures.edited(try Fixtures.example("f01-medicare-pt"), "item.0.servicedDate", nil)
        claim = try Fixtures.edited(claim, "item.0.servicedPeriod", ["start": "2025-03-03", "end": "2025-03-05T10:00:00Z"])
        claim = try Fixtures.edited(claim, "item.1.servicedDate", nil)
        claim = try Fixtures.edited(claim, "item.1.servicedPeriod", ["start": "2025-03-04", "end": "2025-03-04"])
        let mapping = try Fixtures.mapping(claim)
        #expect(mapping.claim.lines[0].dateOfService == (try Fixtures.date("2025-03-03")))
        #expect(mapping.claim.lines[0].dateOfServiceThrough == (try Fixtures.date("2025-03-05")))
        #expect(mapping.claim.lines[1].dateOfService == (try Fixtures.date("2025-03-04")))
        #expect(mapping.claim.lines[1].dateOfServiceThrough == nil)
        // Lines on different dates: no claim-level default.
        #expect(mapping.claim.dateOfService == nil)
        #expect(mapping.paths.expression(for: "/lines/0/dateOfServiceThrough") == "Claim.item[0].servicedPeriod.end")
        #expect(mapping.issues.isEmpty)
    }

    @Test func modifiersAreReadFromAnySystemThatCarriesTheCode() throws {
        let modifiers: [[String: Any]] = [
            ["coding": [["system": "http://www.ama-assn.org/go/cpt", "code": "59"]]],
            ["coding": [["system": "http://example.org/local", "code": "GP"]]],
            ["coding": [["system": "http://example.org/local", "code": "XX"],
                        ["system": "http://terminology.hl7.org/CodeSystem/modifiers", "code": "KX"]]],
        ]
        let claim = try Fixtures.edited(try Fixtures.example("f01-medicare-pt"), "item.1.modifier", modifiers)
        let mapping = try Fixtures.mapping(claim)
        #expect(mapping.claim.lines[1].modifiers == ["59", "GP", "KX"])
    }

    @Test func placeOfServiceOutsideTheCMSCodeSetIsAWarning() throws {
        let claim = try Fixtures.edited(try Fixtures.example("f01-medicare-pt"), "item.0.locationCodeableConcept",
                                        ["coding": [["system": "http://example.org/places", "code": "clinic"]]])
        let mapping = try Fixtures.mapping(claim)
        #expect(mapping.claim.lines[0].placeOfService == nil)
        #expect(mapping.issues(.placeOfServiceNotCMS).map(\.severity) == [.warning])
        #expect(!mapping.hasErrors)
    }

    @Test func netIsComparedWithQuantityTimesUnitPrice() throws {
        let claim = try Fixtures.edited(try Fixtures.example("f01-medicare-pt"), "item.0.net", ["value": 140.0, "currency": "USD"])
        let mapping = try Fixtures.mapping(claim)
        #expect(mapping.claim.lines[0].charge == Money(cents: 14000))
        let issue = try #require(mapping.issues(.netMismatch).first)
        #expect(issue.severity == .warning)
        #expect(issue.expressions == ["Claim.item[0].net", "Claim.item[0].unitPrice"])

        // Without net, the charge is quantity × unitPrice.
        let priced = try Fixtures.mapping(try Fixtures.edited(try Fixtures.example("f01-medicare-pt"), "item.0.net", nil))
        #expect(priced.claim.lines[0].charge == Money(cents: 15000))
        #expect(priced.issues.isEmpty)
    }

    @Test func careTeamRolesAssistantAndSupervisor() throws {
        var claim: Any = try Fixtures.example("f02-medicare-ot-co")
        // The OT becomes the supervisor of an OTA who renders item 0 (role primary, OTA taxonomy).
        claim = try Fixtures.edited(claim, "careTeam.0.role.coding.0.code", "supervisor")
        claim = try Fixtures.edited(claim, "careTeam.1.role.coding.0.code", "primary")
        claim = try Fixtures.edited(claim, "item.0.careTeamSequence", [1, 2])
        let mapping = try Fixtures.mapping(claim)
        #expect(mapping.claim.provider == Claim.Provider(npi: nil, role: .ota, taxonomy: "224Z00000X"))
        #expect(mapping.claim.supervisor == Claim.Supervisor(npi: "1321098760", role: .ot))
        #expect(mapping.claim.lines.map(\.assistantInvolved) == [nil, nil, nil])
        #expect(mapping.paths.expression(for: "/supervisor") == "Claim.careTeam[0]")
        #expect(mapping.paths.expression(for: "/provider/role") == "Claim.careTeam[1].qualification")
    }

    @Test func ourProviderRoleCodeNamesStudents() throws {
        let claim = try Fixtures.edited(try Fixtures.example("f01-medicare-pt"), "careTeam.0.qualification",
                                        ["coding": [["system": "https://claim-scrubber.dev/fhir/CodeSystem/provider-role", "code": "PT-student"]]])
        let mapping = try Fixtures.mapping(claim)
        #expect(mapping.claim.provider.role == .ptStudent)
    }

    @Test func roleFallsBackToThePractitionerQualification() throws {
        // No careTeam qualification: the contained Practitioner's NUCC qualification gives the role.
        let claim = try Fixtures.edited(try Fixtures.example("f01-medicare-pt"), "careTeam.0.qualification", nil)
        let mapping = try Fixtures.mapping(claim)
        #expect(mapping.claim.provider == Claim.Provider(npi: "1765432103", role: .pt, taxonomy: "225100000X"))
        #expect(mapping.paths.expression(for: "/provider/role") == "Claim.contained[4].qualification[0].code")
    }

    @Test func taxonomiesMapToRoles() throws {
        let cases: [(String, Role?)] = [
            ("225100000X", .pt), ("2251X0800X", .pt), ("225200000X", .pta), ("225X00000X", .ot), ("225XR0403X", .ot),
            ("224Z00000X", .ota), ("235Z00000X", .slp), ("207Q00000X", .md), ("363L00000X", .np), ("363A00000X", .pa),
            ("111N00000X", .dc), ("261QR0405X", nil),
        ]
        for (code, role) in cases {
            let claim = try Fixtures.edited(try Fixtures.example("f01-medicare-pt"), "careTeam.0.qualification",
                                            ["coding": [["system": "http://nucc.org/provider-taxonomy", "code": code]]])
            let mapping = try Fixtures.mapping(try Fixtures.edited(claim, "contained.4.qualification", nil))
            #expect(mapping.claim.provider.role == (role ?? .other), "\(code)")
            #expect(mapping.issues(.providerRoleUnknown).isEmpty == (role != nil), "\(code)")
        }
    }

    @Test func itemsRenderedByDifferentPractitionersCarryWhoFurnishedThem() throws {
        var claim: Any = try Fixtures.example("f02-medicare-ot-co")
        // A second OT renders item 2.
        claim = try Fixtures.edited(claim, "careTeam.2", ["sequence": 3, "provider": ["identifier": ["system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567893"]],
                                                          "role": ["coding": [["system": "http://terminology.hl7.org/CodeSystem/claimcareteamrole", "code": "primary"]]],
                                                          "qualification": ["coding": [["system": "http://nucc.org/provider-taxonomy", "code": "225X00000X"]]]])
        claim = try Fixtures.edited(claim, "item.2.careTeamSequence", [3])
        let mapping = try Fixtures.mapping(claim)
        let ids = mapping.claim.lines.map(\.clinicianId)
        #expect(ids[0] != nil && ids[0] == ids[1] && ids[2] != nil && ids[2] != ids[0])
        #expect(mapping.issues(.renderingProvidersDiffer).isEmpty)

        let slp = try Fixtures.edited(claim, "careTeam.2.qualification.coding.0.code", "235Z00000X")
        let mixed = try Fixtures.mapping(slp)
        #expect(mixed.claim.provider.role == .ot)
        #expect(mixed.issues(.renderingProvidersDiffer).map(\.severity) == [.warning])
    }

    @Test func withoutACareTeamTheBillingPractitionerRenders() throws {
        var claim: Any = try Fixtures.example("f01-medicare-pt")
        claim = try Fixtures.edited(claim, "careTeam", nil)
        claim = try Fixtures.edited(claim, "item.0.careTeamSequence", nil)
        claim = try Fixtures.edited(claim, "item.1.careTeamSequence", nil)
        claim = try Fixtures.edited(claim, "provider", ["reference": "#pt1"])
        let mapping = try Fixtures.mapping(claim)
        #expect(mapping.claim.provider == Claim.Provider(npi: "1765432103", role: .pt, taxonomy: "225100000X"))
        #expect(mapping.claim.billingProvider == Claim.BillingProvider(npi: "1765432103", taxonomy: "225100000X"))
        #expect(mapping.issues.isEmpty)
    }

    @Test func payerComesFromThePayerMap() throws {
        let original = try Fixtures.example("f01-medicare-pt")
        // Our payer-profile code names the profile itself.
        let direct = try Fixtures.edited(original, "contained.3.type",
                                         ["coding": [["system": "https://claim-scrubber.dev/fhir/CodeSystem/payer-profile", "code": "medicare-advantage"]]])
        #expect(try Fixtures.mapping(direct).claim.payer == "medicare-advantage")
        // Source of Payment Typology 121 (Medicare FFS), a default.
        let sopt = try Fixtures.edited(original, "contained.3.type", ["coding": [["system": "https://nahdo.org/sopt", "code": "121"]]])
        #expect(try Fixtures.mapping(sopt).claim.payer == "medicare")
        // A configured payor identifier, on the Coverage's payor or the insurer.
        let plain = try Fixtures.edited(original, "contained.3.type", ["text": "Medicare Part B"])
        let map = PayerMap(entries: [PayerMap.Entry(source: .payorIdentifier, system: "urn:corpus:payer-id", code: "00000", payer: "commercial-ama")])
        #expect(try Fixtures.mapping(plain, payerMap: map).claim.payer == "commercial-ama")
        let viaInsurer = try Fixtures.edited(plain, "contained.3.payor", [["display": "no reference"]])
        #expect(try Fixtures.mapping(viaInsurer, payerMap: map).claim.payer == "commercial-ama")
        // A configured entry wins over a default for the same coding.
        let override = PayerMap(entries: [PayerMap.Entry(source: .coverageType, system: "https://codesystem.x12.org/005010/1032", code: "MB", payer: "medicare-advantage")])
        #expect(try Fixtures.mapping(original, payerMap: override).claim.payer == "medicare-advantage")
    }

    @Test func payerMapEntriesParseFromText() throws {
        let entry = try #require(PayerMap.Entry(text: "payorIdentifier:http://example.org/payer-id|12502=medicare"))
        #expect(entry == PayerMap.Entry(source: .payorIdentifier, system: "http://example.org/payer-id", code: "12502", payer: "medicare"))
        #expect(entry.description == "payorIdentifier:http://example.org/payer-id|12502=medicare")
        for bad in ["", "coverageType", "coverageType:x|=medicare", "nope:x|y=medicare", "coverageType:xy=medicare", "coverageType:x|y="] {
            #expect(PayerMap.Entry(text: bad) == nil, "\(bad)")
        }
    }

    @Test func claimUseAndTypeOtherThanAProfessionalClaimAreWarnings() throws {
        var claim = try Fixtures.edited(try Fixtures.example("f01-medicare-pt"), "use", "preauthorization")
        claim = try Fixtures.edited(claim, "type.coding.0.code", "institutional")
        let mapping = try Fixtures.mapping(claim)
        #expect(mapping.issues.map(\.detailCode) == ["CLAIM_USE_NOT_CLAIM", "CLAIM_TYPE_NOT_PROFESSIONAL"])
        #expect(mapping.issues.allSatisfy { $0.severity == .warning })
    }
}
