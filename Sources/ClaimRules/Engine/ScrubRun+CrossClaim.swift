/// Findings only a batch can show (`CrossClaimChecker`): duplicates and co-treatment across claims, and
/// the notice that the batch's memory bound cut the patient's history short.
extension ScrubRun {
    mutating func reportCrossClaimFindings(_ crossClaim: CrossClaimFacts) {
        for finding in crossClaim.findings {
            if finding.severity == .error { errors.append(finding) } else { warnings.append(finding) }
        }
        if crossClaim.historyIncomplete {
            report(.batchHistoryIncomplete,
                   "Earlier claims of this patient in the batch were past the batch's memory bound: duplicates and co-treatment were checked, and visits counted, only against the claims since then.",
                   fix: "Send a patient's claims close together in the batch (e.g. sorted by patient), or in smaller batches.")
        }
    }
}
