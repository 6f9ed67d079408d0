import ClaimRules

/// A FHIR Claim read into our claim model: the `Claim`, what the mapping found to report, and where
/// each field came from.
public struct FHIRClaimMapping: Sendable {
    /// The mapped claim. When `hasErrors` is true some fields hold placeholders (an empty code, an
    /// empty payer): validate it for more problems, never scrub it.
    public var claim: Claim
    /// Issues found while mapping, in document order.
    public var issues: [FHIRIssue]
    /// Our JSON pointers to FHIRPath expressions in the submitted document.
    public var paths: FHIRPathMap

    /// True when an issue of severity error or fatal makes the claim unfit to scrub.
    public var hasErrors: Bool { issues.contains { $0.severity == .error || $0.severity == .fatal } }
}
