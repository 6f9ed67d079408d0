import ClaimRules
import Foundation

/// Claim texts used across the ClaimWire tests.
enum ClaimFixtures {
    /// A typical 4-line Medicare PT claim with every optional section.
    static let full = """
        {
          "claimId": "C-1",
          "payer": "medicare",
          "dateOfService": "2026-03-02",
          "provider": {"npi": "1234567893", "role": "PT"},
          "supervisor": {"npi": "1234567893", "role": "PT", "onSite": true},
          "lines": [
            {"code": "97530", "minutes": 33, "units": 2, "modifiers": ["GP"], "setting": "individual", "clinicianId": "pt-1"},
            {"code": "97110", "minutes": 24, "units": 2, "modifiers": ["GP", "CQ"], "assistantMinutes": 10, "clinicianId": "pta-2"},
            {"code": "97140", "minutes": 12, "units": 1, "modifiers": ["GP"]},
            {"code": "97112", "minutes": 9, "units": 1, "modifiers": ["GP"], "setting": "group"}
          ],
          "context": {
            "treatmentDaysSinceProgressReport": 6,
            "visitNumber": 8,
            "progressReportToday": false,
            "planOfCare": {"certifiedFrom": "2026-02-01", "certifiedThrough": "2026-04-30", "goalIds": ["G1", "G2"]},
            "yearToDateAllowed": {"ptSlp": 1480.5, "ot": 0},
            "documentation": {"activityDescription": true, "assistanceType": true, "assistanceLevel": false, "goalIds": ["G1"],
              "functionalDeficits": true, "continuedSkilledNeed": true, "supervisionDocumented": true, "activityChangedByAssistant": false},
            "otherServicesToday": [{"code": "97163", "role": "PT", "clinicianId": "pt-9", "modifiers": ["GP"]}, {"code": "97165", "role": "OT"}]
          }
        }
        """

    /// The smallest valid claim.
    static let minimal = #"{"payer":"medicare","dateOfService":"2026-01-05","provider":{"role":"OT"},"lines":[{"code":"97530"}]}"#

    /// Optional fields given as null (absent, as with Codable's decodeIfPresent) and escapes in strings.
    static let nulls = #"""
        {"claimId": null, "payer": "commercial-ama", "dateOfService": "2024-02-29",
         "provider": {"npi": null, "role": "SLP"}, "supervisor": null,
         "lines": [{"code": "92507", "minutes": null, "units": 1, "modifiers": null, "setting": null, "clinicianId": "s\u00e9\n"}],
         "context": {"planOfCare": {"certifiedFrom": null, "goalIds": []}, "documentation": {}, "otherServicesToday": []}}
        """#

    static func foundationDecode(_ text: String) throws -> Claim {
        try JSONDecoder().decode(Claim.self, from: Data(text.utf8))
    }
}
