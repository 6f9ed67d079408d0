import Foundation
import RuleData
import Testing
@testable import ScrubberService

/// One claim, three ways in: each therapy claim below is sent as our JSON (`POST /v1/claims/scrub`), inside an
/// 837P file (`POST /v1/x12/837p`) and as a FHIR R4 Claim (`POST /fhir/r4/Claim/$validate`, our JSON result
/// asked for with `Accept: application/json`), over real sockets to the real service with the embedded rule data.
/// The three encodings are built here from one description of the claim, and the three results must carry the
/// same findings (id, severity, lines and their dates) and the same line results.
@Suite struct SameFindingsThreeWaysTests {
    /// A service line as a biller sees it.
    struct Line {
        var code: String
        var modifiers: [String] = ["GP"]
        var units: Int
        var minutes: Int?
        var date: String
        var pointers: [Int] = [1]
        var charge: Int
    }

    /// A Medicare Part B physical-therapy claim from one clinic and one therapist, office setting.
    struct Description {
        var id: String
        var diagnoses: [String]
        var lines: [Line]
        var total: Int { lines.reduce(0) { $0 + $1.charge } }
    }

    static let billingNPI = "1948573625"
    static let renderingNPI = "1765432103"
    static let taxonomy = "225100000X"

    static let claims: [Description] = [
        Description(id: "SAME01CLEAN", diagnoses: ["M62.81", "M54.50"], lines: [
            Line(code: "97530", units: 2, date: "2026-03-02", pointers: [1, 2], charge: 100),
            Line(code: "97110", units: 1, date: "2026-03-02", charge: 40),
        ]),
        Description(id: "SAME02PTP", diagnoses: ["M62.81"], lines: [
            Line(code: "97530", units: 2, date: "2026-03-03", charge: 100),
            Line(code: "97150", units: 1, date: "2026-03-03", charge: 30),
        ]),
        Description(id: "SAME03MODIFIER", diagnoses: ["M62.81"], lines: [
            Line(code: "97110", modifiers: [], units: 2, date: "2026-03-04", charge: 80),
            Line(code: "97140", modifiers: ["GP"], units: 1, date: "2026-03-04", charge: 45),
            Line(code: "97535", modifiers: ["GO"], units: 1, date: "2026-03-04", charge: 45),
        ]),
        // Pointer 3 with two diagnoses; M62.8 is a subcategory heading, not billable.
        Description(id: "SAME04DX", diagnoses: ["M62.8", "M54.50"], lines: [
            Line(code: "97110", units: 2, date: "2026-03-05", pointers: [1], charge: 80),
            Line(code: "97530", units: 1, date: "2026-03-05", pointers: [3], charge: 50),
        ]),
        Description(id: "SAME05DATES", diagnoses: ["M62.81"], lines: [
            Line(code: "97110", units: 2, date: "2026-03-02", charge: 80),
            Line(code: "97530", units: 2, date: "2026-03-02", charge: 100),
            Line(code: "97110", units: 2, date: "2026-03-04", charge: 80),
            Line(code: "97530", units: 2, date: "2026-03-04", charge: 100),
            Line(code: "97110", units: 3, date: "2026-03-06", charge: 120),
            Line(code: "97530", units: 1, date: "2026-03-06", charge: 50),
        ]),
        // 20 + 18 minutes pool to 38 minutes, 3 units (CMS 8-minute rule), not the 4 proposed; 97530 alone on the
        // second date has 7 minutes, no unit.
        Description(id: "SAME06MINUTES", diagnoses: ["M62.81"], lines: [
            Line(code: "97110", units: 2, minutes: 20, date: "2026-03-09", charge: 80),
            Line(code: "97530", units: 2, minutes: 18, date: "2026-03-09", charge: 100),
            Line(code: "97530", units: 1, minutes: 7, date: "2026-03-11", charge: 50),
        ]),
        // A date after the embedded ICD-10-CM release's window (FY2026), judged by that release; Z99.89 billable,
        // M62.8 a heading there.
        Description(id: "SAME07FY2027", diagnoses: ["M62.8", "Z99.89"], lines: [
            Line(code: "97110", units: 2, date: "2026-11-02", pointers: [1, 2], charge: 80),
        ]),
    ]

    /// A finding of the JSON result that a format cannot produce from what it carries, and why.
    struct Inherent {
        var format: String
        var id: String
        /// Text of the finding's message that singles it out among findings of the same id.
        var message: String
        var reason: String
    }

    static let inherent: [Inherent] = [
        Inherent(format: "fhir", id: "TAXONOMY_MODIFIER_MISMATCH", message: "billing provider",
                 reason: "the billing provider of a FHIR Claim (Claim.provider) is here an Organization, which has no element for a NUCC taxonomy; our billingProvider.taxonomy and the 837P PRV*BI carry it, so only the rendering provider's taxonomy is judged"),
    ]

    /// The JSON result less the findings `format` cannot carry.
    static func reference(_ json: [String: Any], for format: String) -> [String: Any] {
        var out = json
        for section in ["errors", "warnings", "conflicts"] {
            out[section] = (json[section] as? [[String: Any]] ?? []).filter { finding in
                !inherent.contains { $0.format == format && $0.id == finding["id"] as? String
                    && (finding["message"] as? String)?.contains($0.message) == true }
            }
        }
        return out
    }

    // MARK: our JSON

    static func json(_ claim: Description) -> [String: Any] {
        [
            "claimId": claim.id,
            "payer": "medicare",
            "frequency": "1",
            "placeOfService": "11",
            "totalCharge": claim.total,
            "diagnoses": claim.diagnoses,
            "billingProvider": ["npi": billingNPI, "taxonomy": taxonomy],
            "provider": ["npi": renderingNPI, "role": "PT", "taxonomy": taxonomy],
            "lines": claim.lines.map { line -> [String: Any] in
                var out: [String: Any] = ["code": line.code, "dateOfService": line.date, "units": line.units,
                                          "modifiers": line.modifiers, "diagnosisPointers": line.pointers, "charge": line.charge]
                if let minutes = line.minutes { out["minutes"] = minutes }
                return out
            },
        ]
    }

    // MARK: 837P (005010X222A1)

    /// One interchange, one transaction, one subscriber loop per claim (Medicare Part B, SBR09 MB).
    static func x12(_ claims: [Description]) -> String {
        var body: [String] = [
            "ST*837*0001*005010X222A1", "BHT*0019*00*SAME0001*20261201*0930*CH",
            "NM1*41*2*CONSTRUCTED THERAPY BILLING*****46*SAMESUBMIT", "PER*IC*BILLING DESK*TE*5555550100",
            "NM1*40*2*MEDICARE PART B MAC*****46*MEDICAREMAC",
            "HL*1**20*1", "PRV*BI*PXC*\(taxonomy)", "NM1*85*2*RIVERBEND PHYSICAL THERAPY*****XX*\(billingNPI)",
            "N3*100 MAIN ST", "N4*SPRINGFIELD*IL*627010001", "REF*EI*371234567",
        ]
        for (k, claim) in claims.enumerated() {
            let hi = claim.diagnoses.enumerated().map { (j, code) in
                (j == 0 ? "ABK:" : "ABF:") + code.replacingOccurrences(of: ".", with: "")
            }
            body += [
                "HL*\(k + 2)*1*22*0", "SBR*P*18*******MB", "NM1*IL*1*BENEFICIARY*BRUNO****MI*2FH5UF6NL84",
                "N3*200 ELM ST", "N4*SPRINGFIELD*IL*627020002", "DMG*D8*19510923*M",
                "NM1*PR*2*MEDICARE PART B*****PI*00000",
                "CLM*\(claim.id)*\(claim.total)***11:B:1*Y*A*Y*Y", "HI*" + hi.joined(separator: "*"),
                "NM1*82*1*THERAPIST*TERRY****XX*\(renderingNPI)", "PRV*PE*PXC*\(taxonomy)",
            ]
            for (n, line) in claim.lines.enumerated() {
                let composite = (["HC", line.code] + line.modifiers).joined(separator: ":")
                let pointers = line.pointers.map(String.init).joined(separator: ":")
                body += ["LX*\(n + 1)", "SV1*\(composite)*\(line.charge)*UN*\(line.units)***\(pointers)",
                         "DTP*472*D8*" + line.date.replacingOccurrences(of: "-", with: "")]
                if let minutes = line.minutes { body.append("NTE*ADD*MIN=\(minutes)") }
            }
        }
        body.append("SE*\(body.count + 1)*0001")
        let isa = "ISA*00*          *00*          *ZZ*SAMESUBMIT     *ZZ*MEDICAREMAC    *261201*0930*^*00501*000000201*0*T*:"
        let segments = [isa, "GS*HC*SAMESUBMIT*MEDICAREMAC*20261201*0930*201*X*005010X222A1"] + body
            + ["GE*1*201", "IEA*1*000000201"]
        return segments.map { $0 + "~\n" }.joined()
    }

    // MARK: FHIR R4 Claim

    static func fhir(_ claim: Description) -> [String: Any] {
        func coding(_ system: String, _ code: String) -> [String: Any] { ["coding": [["system": system, "code": code]]] }
        func money(_ value: Int) -> [String: Any] { ["value": value, "currency": "USD"] }
        let diagnoses = claim.diagnoses.enumerated().map { (j, code) -> [String: Any] in
            ["sequence": j + 1, "diagnosisCodeableConcept": coding("http://hl7.org/fhir/sid/icd-10-cm", code)]
        }
        let items = claim.lines.enumerated().map { (n, line) -> [String: Any] in
            var item: [String: Any] = [
                "sequence": n + 1,
                "careTeamSequence": [1],
                "diagnosisSequence": line.pointers,
                "productOrService": coding("http://www.ama-assn.org/go/cpt", line.code),
                "servicedDate": line.date,
                "locationCodeableConcept": coding("https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set", "11"),
                "quantity": ["value": line.units],
                "net": money(line.charge),
            ]
            if !line.modifiers.isEmpty {
                item["modifier"] = line.modifiers.map { coding("https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", $0) }
            }
            if let minutes = line.minutes {
                item["extension"] = [[
                    "url": "https://claim-scrubber.dev/fhir/StructureDefinition/therapy-minutes",
                    "valueDuration": ["value": minutes, "system": "http://unitsofmeasure.org", "code": "min", "unit": "min"],
                ]]
            }
            return item
        }
        return [
            "resourceType": "Claim",
            "contained": [
                ["resourceType": "Patient", "id": "pat", "gender": "male", "birthDate": "1951-09-23"],
                ["resourceType": "Organization", "id": "billing",
                 "identifier": [["system": "http://hl7.org/fhir/sid/us-npi", "value": billingNPI]]],
                ["resourceType": "Organization", "id": "medicare", "name": "MEDICARE PART B"],
                ["resourceType": "Coverage", "id": "cov", "status": "active",
                 "type": coding("https://codesystem.x12.org/005010/1032", "MB"),
                 "beneficiary": ["reference": "#pat"], "payor": [["reference": "#medicare"]]],
                ["resourceType": "Practitioner", "id": "pt1",
                 "identifier": [["system": "http://hl7.org/fhir/sid/us-npi", "value": renderingNPI]]],
            ],
            "identifier": [["system": "urn:example:claim", "value": claim.id]],
            "status": "active",
            "type": coding("http://terminology.hl7.org/CodeSystem/claim-type", "professional"),
            "use": "claim",
            "patient": ["reference": "#pat"],
            "created": "2026-12-01",
            "insurer": ["reference": "#medicare"],
            "provider": ["reference": "#billing"],
            "priority": coding("http://terminology.hl7.org/CodeSystem/processpriority", "normal"),
            "careTeam": [[
                "sequence": 1, "provider": ["reference": "#pt1"], "responsible": true,
                "role": coding("http://terminology.hl7.org/CodeSystem/claimcareteamrole", "primary"),
                "qualification": coding("http://nucc.org/provider-taxonomy", taxonomy),
            ]],
            "diagnosis": diagnoses,
            "insurance": [["sequence": 1, "focal": true, "coverage": ["reference": "#cov"]]],
            "item": items,
            "total": money(claim.total),
        ]
    }

    // MARK: comparing results

    /// What must agree between formats: the status, each finding (section, id, severity, lines and the dates of
    /// those lines), and each line's code, date, units and modifier verdicts.
    struct Normalised: Equatable, CustomStringConvertible {
        var status: String
        var findings: [String]
        var lines: [String]
        var description: String { "status \(status)\n  findings:\n    " + findings.joined(separator: "\n    ") + "\n  lines:\n    " + lines.joined(separator: "\n    ") }
    }

    static func normalise(_ result: [String: Any]) -> Normalised {
        let lines = result["lines"] as? [[String: Any]] ?? []
        let dates = lines.map { $0["dateOfService"] as? String ?? "" }
        var findings: [String] = []
        for section in ["errors", "warnings", "conflicts"] {
            for finding in result[section] as? [[String: Any]] ?? [] {
                let id = finding["id"] as? String ?? "?"
                let indexes = (finding["lines"] as? [Int] ?? []).sorted()
                let on = indexes.map { $0 < dates.count ? dates[$0] : "?" }
                findings.append("\(section) \(id) \(finding["severity"] as? String ?? "?") lines \(indexes) dates \(on)")
            }
        }
        let lineText = lines.map { line -> String in
            let fields = ["code", "dateOfService", "units", "proposedUnits", "missingModifiers", "unexpectedModifiers"]
            return fields.map { "\($0)=\(line[$0].map { "\($0)" } ?? "-")" }.joined(separator: " ")
        }
        return Normalised(status: result["status"] as? String ?? "?", findings: findings.sorted(), lines: lineText)
    }

    func makeService() throws -> TestService {
        let provider = try CatalogRulesetProvider(directory: nil, defaultRuleset: try RuleSetLoader.loadDefault())
        return try TestService(processor: RulesEngineProcessor(provider: provider))
    }

    @Test func theSameClaimGetsTheSameFindingsAsJSONAs837PAndAsFHIR() throws {
        let service = try makeService()
        let client = try service.client()

        let file = try client.request("POST", "/v1/x12/837p", headers: [("Content-Type", "application/edi-x12")],
                                      body: Array(Self.x12(Self.claims).utf8))
        #expect(file.status == 200)
        let fileBody = try #require(file.json)
        #expect((fileBody["problems"] as? [Any])?.isEmpty == true, "\(file.text)")
        let fromX12 = try #require(fileBody["claims"] as? [[String: Any]])
        #expect(fromX12.map { $0["claimId"] as? String } == Self.claims.map(\.id))

        var excused: Set<String> = []
        for (k, claim) in Self.claims.enumerated() {
            let viaJSON = try client.request("POST", "/v1/claims/scrub", headers: [("Content-Type", "application/json")],
                                             body: [UInt8](try JSONSerialization.data(withJSONObject: Self.json(claim))))
            #expect(viaJSON.status == 200, "\(claim.id): \(viaJSON.text)")
            let json = try #require(viaJSON.json, "\(claim.id)")

            let viaFHIR = try client.request("POST", "/fhir/r4/Claim/$validate",
                                             headers: [("Content-Type", "application/fhir+json"), ("Accept", "application/json")],
                                             body: [UInt8](try JSONSerialization.data(withJSONObject: Self.fhir(claim))))
            #expect(viaFHIR.status == 200, "\(claim.id): \(viaFHIR.text)")
            #expect(viaFHIR.header("Content-Type") == "application/json", "\(claim.id)")
            let fhir = try #require(viaFHIR.json, "\(claim.id)")

            let x12 = k < fromX12.count ? fromX12[k] : [:]
            #expect(x12["problems"] == nil, "\(claim.id): \(x12["problems"] ?? "")")

            #expect(!Self.normalise(json).findings.isEmpty, "\(claim.id): the JSON result has findings to compare")
            for (format, result) in [("x12", x12), ("fhir", fhir)] {
                let got = Self.normalise(result)
                let expected = Self.normalise(Self.reference(json, for: format))
                if expected.findings.count < Self.normalise(json).findings.count { excused.insert(format) }
                #expect(got == expected, "\(claim.id) \(format) vs JSON:\n\(got)\n---\n\(expected)")
            }
        }

        // Every listed difference still occurs (the list does not hide a fixed one).
        #expect(excused == Set(Self.inherent.map(\.format)))

        // Sanity: the claims exercise what they are meant to. The PTP claim has the CMS edit 97150/97530 on its
        // date, and the claim with minutes has units the 8-minute rule changed.
        let ptp = try client.request("POST", "/v1/claims/scrub", headers: [("Content-Type", "application/json")],
                                     body: [UInt8](try JSONSerialization.data(withJSONObject: Self.json(Self.claims[1]))))
        let conflicts = try #require(ptp.json?["conflicts"] as? [[String: Any]])
        #expect(conflicts.contains { ($0["id"] as? String)?.hasPrefix("PTP_") == true })
        let minutes = try client.request("POST", "/v1/claims/scrub", headers: [("Content-Type", "application/json")],
                                         body: [UInt8](try JSONSerialization.data(withJSONObject: Self.json(Self.claims[5]))))
        let lines = try #require(minutes.json?["lines"] as? [[String: Any]])
        #expect(lines.contains { ($0["units"] as? Int) != ($0["proposedUnits"] as? Int) })
    }
}
