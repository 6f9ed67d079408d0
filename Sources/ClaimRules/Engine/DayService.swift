/// A service billed for the patient today: a line of this claim or a service on another claim (internal).
///
/// Plain data (indexes, not the strings and arrays they point to), so a day's list lives in a temporary buffer and
/// costs no reference counts; `ScrubRun.code(of:)` and `ScrubRun.clinicianId(of:)` read the rest.
struct DayService {
    /// Index in `claim.lines`; `nil` for `otherServicesToday`.
    let line: Int?
    /// Index in `otherServicesToday` when `line` is `nil`.
    let other: Int
    let ref: CodeRef
    let discipline: Discipline?
    /// The code's bytes packed (`PackedCodeIndex.pack`), 0 when it has no packed form (see `ScrubRun.sameCode`).
    let codeKey: UInt64
    /// It carries 59 or an X{EPSU} modifier.
    let hasDistinctServiceModifier: Bool

    var linesList: [Int] { line.map { ScrubRun.single($0) } ?? [] }
    var whereText: String { line == nil ? " (on another claim today)" : "" }
    var timed: Bool { ref.known && ref.timed }
}
