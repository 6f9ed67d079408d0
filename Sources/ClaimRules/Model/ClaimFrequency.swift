/// The claim frequency code (837P CLM05-3, CMS-1500 item 22 resubmission code). Raw values are the codes.
public enum ClaimFrequency: String, Sendable, Hashable, Codable, CaseIterable {
    /// A new claim.
    case original = "1"
    /// Replaces an earlier claim (needs `originalClaimId`).
    case replacement = "7"
    /// Voids an earlier claim (needs `originalClaimId`).
    case void = "8"
}
