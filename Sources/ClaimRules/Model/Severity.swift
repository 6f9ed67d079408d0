/// How serious a finding is. `error`: the claim will be denied or is wrong as billed; `warning`: a compliance
/// or revenue risk to review; `info`: a notice that does not change the status (reported in `warnings`).
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case error, warning, info

    private var rank: Int { self == .error ? 2 : self == .warning ? 1 : 0 }
    /// Ordered by seriousness: info < warning < error.
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}
