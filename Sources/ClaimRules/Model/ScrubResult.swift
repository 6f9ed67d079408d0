/// The verdict on one claim. Property names are the public JSON field names (openapi.yaml, `ScrubResult`).
///
/// `errors` holds findings of severity error; `warnings` holds severity warning and info (info never changes
/// `status`). Code-pair conflicts are listed only in `conflicts`; an unresolved conflict of severity error makes
/// the status `errors`, a resolved one (severity warning) makes it at least `warnings`.
public struct ScrubResult: Sendable, Equatable, Codable {
    /// Overall outcome.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case clean, warnings, errors
    }

    /// The ruleset that produced the verdict, enough to replay it.
    public struct RulesetRef: Sendable, Equatable, Codable {
        public var id: String
        public var effective: CalendarDate
        public var quarter: String?
        public var digest: String
        public init(id: String, effective: CalendarDate, quarter: String?, digest: String) {
            self.id = id
            self.effective = effective
            self.quarter = quarter
            self.digest = digest
        }
    }

    /// Per-line computation.
    public struct LineResult: Sendable, Equatable, Codable {
        // `code` is declared before `index` so that the implicit memberwise initializer (which the public one calls)
        // has other labels than the public one; `CodingKeys` keeps the JSON order (see `Finding`).
        public var code: String
        /// Index of the line in `claim.lines`.
        public var index: Int
        /// The line's date of service (its own or the claim's); every per-date rule judged the line on it.
        public var dateOfService: CalendarDate?
        /// Last date of the line's date range, when it has one.
        public var dateOfServiceThrough: CalendarDate?
        /// Id of the rule set that judged the line; set only when the claim's dates needed more than one.
        public var ruleset: String?
        /// Timed (15-minute) code; false for untimed and unknown codes.
        public var timed: Bool
        public var minutes: Int?
        /// Computed units.
        public var units: Int
        /// Units the claim proposed, if any.
        public var proposedUnits: Int?
        /// The complete set of modifiers the engine requires (therapy GP/GO/GN, CQ/CO, KX), in that order.
        /// Other modifiers (59, X{EPSU}, GA, ...) are neither required nor unexpected; the conflict checks judge them.
        public var requiredModifiers: [String]
        /// Required but not sent.
        public var missingModifiers: [String]
        /// Sent but wrong for this line (wrong discipline, extra therapy modifier, CQ/CO or KX not supported).
        public var unexpectedModifiers: [String]

        enum CodingKeys: String, CodingKey {
            case index, code, dateOfService, dateOfServiceThrough, ruleset, timed, minutes, units, proposedUnits
            case requiredModifiers, missingModifiers, unexpectedModifiers
        }
    }

    /// A code-pair conflict (NCCI PTP edit or an engine pair rule).
    public struct Conflict: Sendable, Equatable, Codable {
        public var id: FindingID
        public var column1: String
        public var column2: String
        /// Claim line indexes involved (a code from `otherServicesToday` has no index).
        public var lines: [Int]
        /// 0, 1 or 9 for PTP edits; `nil` for engine pair rules.
        public var modifierIndicator: Int?
        /// A proper modifier bypasses it (severity then warning).
        public var resolved: Bool
        public var severity: Severity
        public var message: String
        public var fix: String
        public var source: String

        public init(id: FindingID, column1: String, column2: String, lines: [Int], modifierIndicator: Int?,
                    resolved: Bool, severity: Severity, message: String, fix: String, source: String) {
            self.id = id
            self.column1 = column1
            self.column2 = column2
            self.lines = lines
            self.modifierIndicator = modifierIndicator
            self.resolved = resolved
            self.severity = severity
            self.message = message
            self.fix = fix
            self.source = source
        }
    }

    // `status` is declared before `claimId` so that the implicit memberwise initializer (which the public one calls)
    // has other labels than the public one; `CodingKeys` keeps the JSON order (see `Finding`).
    public var status: Status
    public var claimId: String?
    public var payer: String
    public var unitMethod: UnitMethod
    public var ruleset: RulesetRef
    /// Every rule set that judged the claim, in date order, when its dates needed more than one (each date is
    /// judged by the rule set in force on it; `ruleset` is the one of the earliest date). `nil` otherwise.
    public var rulesets: [RulesetRef]?
    /// Timed minutes of all lines that count toward units (individual time of timed codes).
    public var totalTimedMinutes: Int
    public var lines: [LineResult]
    public var conflicts: [Conflict]
    public var errors: [Finding]
    public var warnings: [Finding]
    /// The claim with computed units and required modifiers applied (a suggestion).
    public var correctedClaim: Claim

    enum CodingKeys: String, CodingKey {
        case claimId, status, payer, unitMethod, ruleset, rulesets, totalTimedMinutes, lines, conflicts, errors, warnings
        case correctedClaim
    }

    /// Every finding id reported (errors, warnings and conflicts), in report order.
    public var allFindingIDs: [FindingID] {
        errors.map(\.id) + warnings.map(\.id) + conflicts.map(\.id)
    }
}

extension ScrubResult {
    public init(claimId: String?, status: Status, payer: String, unitMethod: UnitMethod, ruleset: RulesetRef,
                totalTimedMinutes: Int, lines: [LineResult], conflicts: [Conflict], errors: [Finding],
                warnings: [Finding], correctedClaim: Claim, rulesets: [RulesetRef]? = nil) {
        self.init(status: status, claimId: claimId, payer: payer, unitMethod: unitMethod, ruleset: ruleset, rulesets: rulesets,
                  totalTimedMinutes: totalTimedMinutes, lines: lines, conflicts: conflicts, errors: errors, warnings: warnings,
                  correctedClaim: correctedClaim)
    }
}

extension ScrubResult.LineResult {
    public init(index: Int, code: String, timed: Bool, minutes: Int?, units: Int, proposedUnits: Int?,
                requiredModifiers: [String], missingModifiers: [String], unexpectedModifiers: [String],
                dateOfService: CalendarDate? = nil, dateOfServiceThrough: CalendarDate? = nil, ruleset: String? = nil) {
        self.init(code: code, index: index, dateOfService: dateOfService, dateOfServiceThrough: dateOfServiceThrough,
                  ruleset: ruleset, timed: timed, minutes: minutes, units: units, proposedUnits: proposedUnits,
                  requiredModifiers: requiredModifiers, missingModifiers: missingModifiers,
                  unexpectedModifiers: unexpectedModifiers)
    }
}
