/// Which parts of a `ScrubResult` to write: the whole result for `POST /v1/claims/scrub`, or the part
/// an EHR screen needs (`/units`, `/modifiers`, `/conflicts`, `/warnings`).
public struct ResultSections: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// `claimId` (when present), `status`, `payer`, `unitMethod`, `ruleset`.
    public static let header = ResultSections(rawValue: 1 << 0)
    /// `totalTimedMinutes`.
    public static let totalTimedMinutes = ResultSections(rawValue: 1 << 1)
    /// `lines[]` with `index`, `code`, `timed`, `minutes`, `units`, `proposedUnits`.
    public static let lineUnits = ResultSections(rawValue: 1 << 2)
    /// `lines[]` with `index`, `code`, `requiredModifiers`, `missingModifiers`, `unexpectedModifiers`.
    public static let lineModifiers = ResultSections(rawValue: 1 << 3)
    public static let conflicts = ResultSections(rawValue: 1 << 4)
    public static let errors = ResultSections(rawValue: 1 << 5)
    public static let warnings = ResultSections(rawValue: 1 << 6)
    public static let correctedClaim = ResultSections(rawValue: 1 << 7)

    /// The whole result.
    public static let full: ResultSections = [
        .header, .totalTimedMinutes, .lineUnits, .lineModifiers, .conflicts, .errors, .warnings, .correctedClaim,
    ]
    /// `POST /v1/claims/units`: header, total timed minutes, per-line units.
    public static let unitsPart: ResultSections = [.header, .totalTimedMinutes, .lineUnits]
    /// `POST /v1/claims/modifiers`: header, per-line modifiers.
    public static let modifiersPart: ResultSections = [.header, .lineModifiers]
    /// `POST /v1/claims/conflicts`: header, code-pair conflicts.
    public static let conflictsPart: ResultSections = [.header, .conflicts]
    /// `POST /v1/claims/warnings`: header, the error and warning findings.
    public static let warningsPart: ResultSections = [.header, .errors, .warnings]
}
