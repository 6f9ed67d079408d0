/// The January 2020 NCCI edit that paid only the evaluation when 97530 (or 97150) was billed on the same day
/// as a PT or OT evaluation (TheraPlatform, "CPT code 97530"; WebPT, January 7, 2020). CMS reversed it on 2020-01-24
/// (APTA, "Payment Win: CMS Reverses Most of Its Damaging Coding Edits") and its PTP table records the edits as
/// deleted on their effective date (indicator 9), so the Medicare profiles leave the policy off; the conservative
/// commercial profile keeps it on.
public struct EvaluationSameDayPolicy: Sendable, Equatable, Codable {
    /// Policy on at all.
    public var enabled: Bool
    /// First date of service it applies (absent = always).
    public var from: CalendarDate?
    /// Last date of service it applies (absent = open-ended).
    public var through: CalendarDate?
    /// Intervention codes the edit denies (default 97530 and 97150).
    public var codes: [String]?
    /// Evaluation codes that trigger it (default PT and OT initial evaluations 97161-97163, 97165-97167).
    public var evaluationCodes: [String]?

    public static let defaultCodes = ["97530", "97150"]
    public static let defaultEvaluationCodes = ["97161", "97162", "97163", "97165", "97166", "97167"]

    public init(enabled: Bool, from: CalendarDate? = nil, through: CalendarDate? = nil, codes: [String]? = nil,
                evaluationCodes: [String]? = nil) {
        self.enabled = enabled
        self.from = from
        self.through = through
        self.codes = codes
        self.evaluationCodes = evaluationCodes
    }

    /// Whether the policy is in force on a date of service.
    public func applies(on date: CalendarDate) -> Bool {
        enabled && (from.map { $0 <= date } ?? true) && (through.map { date <= $0 } ?? true)
    }
}
