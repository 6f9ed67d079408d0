import ClaimRules
import Foundation
import Testing
@testable import RuleData

/// The example claims of `Config/examples/` scrub as their names say against the shipped rule data.
@Suite struct ExampleClaimsTests {
    private func scrub(_ name: String) throws -> ScrubResult {
        let url = ShippedConfig.packageRoot.appending(path: "Config/examples/\(name).json")
        let claim = try JSONDecoder().decode(Claim.self, from: Data(contentsOf: url))
        let rules = try RuleSetLoader.loadDefault()
        #expect(ClaimValidator.validate(claim, rules: rules).isEmpty)
        return Scrubber.scrub(claim, rules: rules)
    }

    @Test(arguments: [
        ("clean-97530-medicare", ScrubResult.Status.clean, [FindingID]()),
        ("unit-and-modifier-errors", .errors, [.unitsAboveComputed, .therapyModifierMissing, .timedCodeMissingMinutes, .assistantModifierMismatch]),
        ("ncci-conflict", .errors, [.ptpModifierRequired, .ptpNotPayable]),
        ("commercial-ama-per-code", .clean, []),
        ("assistant-kx-medicare", .clean, []),
        ("documentation-warnings", .warnings, [.progressReportDue, .continuedNeedUndocumented, .activityDescriptionMissing, .assistanceLevelMissing, .goalLinkMissing]),
        // Units without minutes are a note (info), not a finding.
        ("monthly-no-minutes-medicare", .clean, [.eightMinuteRuleNotVerified]),
        ("monthly-claim-errors", .errors, [.timedCodeDateRange, .diagnosisPointerInvalid, .diagnosisExternalCauseFirst, .diagnosisDuplicate,
                                           .chargeMissing, .originalClaimIdMissing, .npiInvalid, .timedUnitsAboveDailyLimit,
                                           .placeOfServiceInstitutional, .taxonomyModifierMismatch, .ptpModifierRequired]),
    ])
    func exampleScrubsAsNamed(name: String, status: ScrubResult.Status, expected: [FindingID]) throws {
        let result = try scrub(name)
        let found = Set(result.allFindingIDs)
        #expect(result.status == status, "\(name): \(result.allFindingIDs.map(\.rawValue))")
        for id in expected { #expect(found.contains(id), "\(name) should report \(id.rawValue); got \(found.map(\.rawValue).sorted())") }
        // The examples are dated 2026: the built-in CMS snapshot (2024 Q3) says so in one info finding.
        #expect(result.warnings.filter { $0.id == .ncciEditsSnapshot }.map(\.severity) == [.info], "\(name)")
        if status == .clean {
            // Besides the snapshot notice, a clean example has at most the info notes it names (units without minutes).
            #expect(result.errors.isEmpty && result.conflicts.isEmpty && result.warnings.allSatisfy { $0.severity == .info },
                    "\(name): \(found.map(\.rawValue).sorted())")
            #expect(found.subtracting(expected) == [.ncciEditsSnapshot], "\(name): \(found.map(\.rawValue).sorted())")
        }
    }

    @Test func monthlyExampleIsJudgedPerDate() throws {
        let result = try scrub("monthly-no-minutes-medicare")
        #expect(Set(result.lines.compactMap(\.dateOfService)).count == 5)
        #expect(result.lines.map { Optional($0.units) } == result.lines.map(\.proposedUnits))
        #expect(result.warnings.filter { $0.id == .eightMinuteRuleNotVerified }.count == 1)
    }

    @Test func assistantExampleNeedsCQOnlyWhereTheAssistantWorkedAndKXAboveTheThreshold() throws {
        // $2,610 year-to-date is above the 2026 PT+SLP threshold of $2,480 (CMS Pub. 100-04 ch. 5 §10.3; Medicare profile).
        let result = try scrub("assistant-kx-medicare")
        #expect(result.lines.map(\.requiredModifiers) == [["GP", "CQ", "KX"], ["GP", "KX"]])
    }

    @Test func amaExampleBillsEachCodeOnItsOwnMinutes() throws {
        // 10 + 10 minutes: 2 units per code under the per-code method, 1 in total under CMS (CMS Pub. 100-04 ch. 5 §20.2).
        let result = try scrub("commercial-ama-per-code")
        #expect(result.unitMethod == .amaPerCode)
        #expect(result.lines.map(\.units) == [1, 1])
    }

    @Test func ncciExampleShowsTheCMSPairsInTheirColumnOrder() throws {
        let result = try scrub("ncci-conflict")
        let pairs = result.conflicts.map { "\($0.column1)/\($0.column2) \($0.modifierIndicator.map(String.init) ?? "-") \($0.id.rawValue)" }
        #expect(Set(pairs) == ["97530/97750 1 PTP_MODIFIER_REQUIRED", "97150/97530 1 PTP_MODIFIER_REQUIRED",
                               "97750/97150 0 PTP_NOT_PAYABLE"], "\(pairs)")
    }
}
