import ClaimRules

/// What a batch held so far: claims scrubbed by status, lines that were not claims, and the findings
/// reported (by catalog id).
public struct BatchSummary: Sendable, Equatable {
    /// Valid claims scrubbed.
    public var claims = 0
    public var clean = 0
    public var warnings = 0
    public var errors = 0
    /// Lines that were not a valid claim (each answered with its problems).
    public var badLines = 0
    /// Claims with at least one finding of any severity (what makes `check` exit 1).
    public var claimsWithFindings = 0

    public init() {}

    /// Counts one scrubbed claim.
    public mutating func count(_ result: ScrubResult) {
        claims += 1
        switch result.status {
        case .clean: clean += 1
        case .warnings: warnings += 1
        case .errors: errors += 1
        }
        if ClaimCheck.exitStatus(for: result) != 0 { claimsWithFindings += 1 }
    }

    public mutating func add(_ other: BatchSummary) {
        claims += other.claims
        clean += other.clean
        warnings += other.warnings
        errors += other.errors
        badLines += other.badLines
        claimsWithFindings += other.claimsWithFindings
    }
}
